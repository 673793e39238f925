/**
 * The credit indicator in the status bar, for OpenRouter: what is left of the key's limit, or the
 * account balance with a management key, or spend today and this month. Refreshed after each answer
 * and every few minutes while the window has focus; never holds up activation. Clicking it shows
 * the details and what can be done. With no key for a gateway that needs one it says "Set up
 * Switchboard" and sets one.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../config/core/contributions';
import { describeCredit, type CreditView, type CreditsData, type KeyData } from '../core/credit';
import { toGatewayError } from '../../gateway/core/errors';
import { describeFreeUsage, freeUsage, readFreeCount, type GatewayFreeCount } from '../core/freeLimits';
import { amountIn, breakdown, type Totals } from '../core/ledger';
import { formatAmount, formatPair } from '../core/money';
import type { FreeLimitsStore } from './freeLimitsStore';
import type { LedgerStore } from './ledgerStore';
import { createGatewayClient } from '../../gateway/core/gatewayClient';
import { secretsOf, type GatewayProfile } from '../../gateway/core/gateways';
import type { KeyStore } from '../../keys/vscode/keyStore';
import * as settings from '../../config/vscode/settings';

const REFRESH_MS = 5 * 60 * 1000;
const CREDITS_PAGE = 'https://openrouter.ai/settings/credits';

export class CreditStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('switchboard.credits', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [];
  private view: CreditView | undefined;
  private problem: string | undefined;
  /** The gateway chosen needs a key and has none. */
  private keyMissingFor: GatewayProfile | undefined;

  /** What `/key` said of the tier, which sets the daily limit of free models. */
  private freeTier: boolean | undefined;
  /** `/key`'s own count of today's free requests, where it gives one. */
  private freeCount: GatewayFreeCount | undefined;

  constructor(
    private readonly keys: KeyStore,
    private readonly ledger: LedgerStore,
    private readonly freeRequests: FreeLimitsStore,
  ) {
    this.item.name = 'Switchboard Credit';
    const timer = setInterval(() => {
      if (vscode.window.state.focused) void this.refresh();
    }, REFRESH_MS);
    this.disposables.push(
      this.item,
      { dispose: () => clearInterval(timer) },
      vscode.commands.registerCommand(COMMANDS.showCredits, () => this.showDetails()),
      keys.onDidChange(() => void this.refresh()),
      ledger.onDidChange(() => void this.refresh()),
      freeRequests.onDidChange(() => this.render()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settings.affectsSwitchboard(event)) void this.refresh();
      }),
    );
    void this.refresh();
  }

  /** Asks the gateway again (OpenRouter) or sums the local ledger (others); called after each answer. */
  async refresh(): Promise<void> {
    const profile = settings.activeGateway();
    const key = profile ? await this.keys.get(profile.id) : undefined;
    if (!profile) {
      this.keyMissingFor = undefined;
      this.item.hide();
      return;
    }
    this.keyMissingFor = !key && profile.keyRequired ? profile : undefined;
    if (this.keyMissingFor) {
      this.view = undefined;
      this.problem = undefined;
      this.render();
      return;
    }
    if (profile.dialect !== 'openrouter' || !key) {
      // No gateway figure to ask for: what this machine recorded is the best there is.
      const local = breakdown(await this.ledger.entries(), new Date(), profile.id);
      if (local.month.answers === 0 && !key) {
        this.item.hide();
        return;
      }
      const lead = settings.leadCurrency();
      const money = (t: Totals): string => formatAmount(amountIn(t, lead), lead);
      this.view = {
        text: `${money(local.today)} today · ${money(local.month)} this month`,
        details: [`${profile.label}: spent here today ${formatPair(local.today.usdNano, local.today.krwNano, lead)}`, `This month ${formatPair(local.month.usdNano, local.month.krwNano, lead)} in ${local.month.answers} answers`],
        low: false,
      };
      this.problem = undefined;
      this.render();
      return;
    }
    const client = createGatewayClient(profile, { key });
    try {
      const { data } = await client.get<{ data?: KeyData }>('/key');
      // Only a management key may read the account's credits; an ordinary key gets a 403.
      const credits = await client.get<{ data?: CreditsData }>('/credits').then((r) => r.data, () => undefined);
      this.view = describeCredit(data ?? {}, credits);
      this.freeTier = typeof data?.is_free_tier === 'boolean' ? data.is_free_tier : undefined;
      this.freeCount = readFreeCount(data?.free_model_daily_requests);
      this.problem = undefined;
    } catch (thrown) {
      this.problem = toGatewayError(thrown, profile.dialect, false, secretsOf(profile, key)).message;
    }
    this.render();
  }

  /** While a `:free` model is chosen on OpenRouter, what is used of its request limits. */
  private freeUsage(): { text: string; details: readonly string[]; near: boolean } | undefined {
    if (settings.activeGateway()?.dialect !== 'openrouter' || !settings.chatModel().endsWith(':free')) return undefined;
    const usage = freeUsage(this.freeRequests.times(), Date.now(), this.freeTier, this.freeCount);
    return { ...describeFreeUsage(usage), near: usage.near };
  }

  /** No key for a gateway that needs one: the item is the way to set one, from the first minute. */
  private renderSetUp(gateway: GatewayProfile): void {
    this.item.text = '$(key) Set up Switchboard';
    this.item.tooltip = `No API key is set for ${gateway.label}. Click to set one.`;
    this.item.command = { command: COMMANDS.setApiKey, title: 'Set API Key', arguments: [gateway.id] };
    this.item.backgroundColor = undefined;
    this.item.accessibilityInformation = { label: `Set up Switchboard: no API key is set for ${gateway.label}` };
    this.item.show();
  }

  private render(): void {
    if (this.keyMissingFor) {
      this.renderSetUp(this.keyMissingFor);
      return;
    }
    const view = this.view;
    const free = this.freeUsage();
    const text = free?.text ?? view?.text ?? '…';
    this.item.text = this.problem ? '$(credit-card) $(warning)' : `$(credit-card) ${text}`;
    this.item.tooltip = [this.problem ? `Could not refresh: ${this.problem}` : undefined, ...(free?.details ?? []), ...(view?.details ?? [])].filter(Boolean).join('\n');
    this.item.backgroundColor = view?.low || free?.near ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: `Switchboard credit: ${text}` };
    this.item.command = COMMANDS.showCredits;
    this.item.show();
  }

  private async showDetails(): Promise<void> {
    const lead = settings.leadCurrency();
    const { byModel } = breakdown(await this.ledger.entries(), new Date());
    const models = [...byModel.entries()].sort((a, b) => (b[1].usdNano > a[1].usdNano ? 1 : -1)).slice(0, 8);
    const free = this.freeUsage();
    const lines = [
      ...(this.problem ? [`Could not refresh: ${this.problem}`] : []),
      ...(free?.details ?? []),
      ...(this.view?.details ?? ['No credit information yet.']),
      ...models.map(([model, t]) => `This month, ${model}: ${formatPair(t.usdNano, t.krwNano, lead)} (${t.answers} answers)`),
    ];
    const actions = [
      { label: '$(refresh) Refresh', run: () => this.refresh() },
      { label: '$(key) Set API Key', run: () => vscode.commands.executeCommand(COMMANDS.setApiKey) },
      { label: '$(link-external) Open the Credits Page', run: () => vscode.env.openExternal(vscode.Uri.parse(CREDITS_PAGE)) },
      { label: '$(graph) Show Spending Breakdown', run: () => this.ledger.showReport(lead) },
      { label: '$(export) Export Spending as CSV', run: () => this.ledger.exportCsv() },
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
