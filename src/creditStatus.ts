/**
 * The credit indicator in the status bar, for OpenRouter: what is left of the key's limit, or the
 * account balance with a management key, or spend today and this month. Refreshed after each answer
 * and every few minutes while the window has focus; never holds up activation. Clicking it shows
 * the details and what can be done.
 */
import * as vscode from 'vscode';
import { COMMANDS } from './contributions';
import { describeCredit, type CreditView, type CreditsData, type KeyData } from './core/credit';
import { toGatewayError } from './core/errors';
import { createGatewayClient } from './core/gatewayClient';
import type { KeyStore } from './keys';
import * as settings from './settings';

const REFRESH_MS = 5 * 60 * 1000;
const CREDITS_PAGE = 'https://openrouter.ai/settings/credits';

export class CreditStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('switchboard.credits', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private view: CreditView | undefined;
  private problem: string | undefined;

  constructor(private readonly keys: KeyStore) {
    this.item.name = 'Switchboard Credit';
    this.item.command = COMMANDS.showCredits;
    const timer = setInterval(() => {
      if (vscode.window.state.focused) void this.refresh();
    }, REFRESH_MS);
    this.disposables.push(
      this.item,
      { dispose: () => clearInterval(timer) },
      vscode.commands.registerCommand(COMMANDS.showCredits, () => this.showDetails()),
      keys.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settings.affectsSwitchboard(event)) void this.refresh();
      }),
    );
    void this.refresh();
  }

  /** Asks the gateway again; called after each answer. */
  async refresh(): Promise<void> {
    const profile = settings.activeGateway();
    const key = profile ? await this.keys.get(profile.id) : undefined;
    if (!profile || profile.dialect !== 'openrouter' || !key) {
      this.item.hide();
      return;
    }
    const client = createGatewayClient(profile, { key });
    try {
      const { data } = await client.get<{ data?: KeyData }>('/key');
      // Only a management key may read the account's credits; an ordinary key gets a 403.
      const credits = await client.get<{ data?: CreditsData }>('/credits').then((r) => r.data, () => undefined);
      this.view = describeCredit(data ?? {}, credits);
      this.problem = undefined;
    } catch (thrown) {
      this.problem = toGatewayError(thrown, profile.dialect, false).message;
    }
    this.render();
  }

  private render(): void {
    const view = this.view;
    this.item.text = this.problem ? '$(credit-card) $(warning)' : `$(credit-card) ${view?.text ?? '…'}`;
    this.item.tooltip = [this.problem ? `Could not refresh: ${this.problem}` : undefined, ...(view?.details ?? [])].filter(Boolean).join('\n');
    this.item.backgroundColor = view?.low ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: `Switchboard credit: ${view?.text ?? 'unknown'}` };
    this.item.show();
  }

  private async showDetails(): Promise<void> {
    const lines = [...(this.problem ? [`Could not refresh: ${this.problem}`] : []), ...(this.view?.details ?? ['No credit information yet.'])];
    const actions = [
      { label: '$(refresh) Refresh', run: () => this.refresh() },
      { label: '$(key) Set API Key', run: () => vscode.commands.executeCommand(COMMANDS.setApiKey) },
      { label: '$(link-external) Open the Credits Page', run: () => vscode.env.openExternal(vscode.Uri.parse(CREDITS_PAGE)) },
    ];
    const items: Array<vscode.QuickPickItem & { run?: () => Thenable<unknown> }> = [
      ...lines.map((label) => ({ label })),
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      ...actions,
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Switchboard: Credit' });
    await picked?.run?.();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
