/**
 * The chat panel: one webview, one conversation. Posts nothing before the webview says `ready`,
 * sends deltas only while the panel is visible and a full snapshot whenever it becomes visible.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CHAT_VIEW_TYPE, COMMANDS } from '../contributions';
import { ChatSession } from '../core/chatSession';
import type { KeyStore } from '../keys';
import { dispatch, parseWebviewMessage, type GatewayView, type Handlers, type HostMessage, type WebviewToHost } from '../protocol';
import * as settings from '../settings';
import { openGatewayStream } from './openGatewayStream';
import { chatHtml } from './webviewHtml';


/** How often streamed text is forwarded to the webview. */
const FLUSH_MS = 32;

export class ChatPanel {
  private static current: ChatPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly session: ChatSession;
  private ready = false;

  static show(extensionUri: vscode.Uri, keys: KeyStore): void {
    if (ChatPanel.current) {
      ChatPanel.current.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(CHAT_VIEW_TYPE, 'Switchboard', vscode.ViewColumn.Beside, ChatPanel.options(extensionUri));
    ChatPanel.current = new ChatPanel(panel, extensionUri, keys);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, keys: KeyStore): void {
    ChatPanel.current?.panel.dispose();
    panel.webview.options = ChatPanel.options(extensionUri);
    ChatPanel.current = new ChatPanel(panel, extensionUri, keys);
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly keys: KeyStore,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.session = new ChatSession(
      {
        runStarted: (runId, user, assistant) => this.post({ type: 'runStarted', payload: { runId, user, assistant } }),
        runDelta: (runId, seq, text) => {
          if (this.panel.visible) this.post({ type: 'runDelta', payload: { runId, seq, text } });
        },
        runNotice: (runId, notice) => this.post({ type: 'runNotice', payload: { runId, notice } }),
        runEnded: (runId, message) => this.post({ type: 'runEnded', payload: { runId, message } }),
      },
      { flushMs: FLUSH_MS, newId: () => randomUUID() },
    );
    const handlers: Handlers<WebviewToHost> = {
      ready: () => {
        this.ready = true;
        void this.postSnapshot();
      },
      send: ({ text }) => void this.session.send(text, (history, signal) => openGatewayStream(this.keys, history, signal)),
      stop: ({ runId }) => this.session.stop(runId),
    };
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) dispatch(handlers, message);
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible) void this.postSnapshot();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (settings.affectsSwitchboard(event)) void this.postSnapshot();
      }),
      keys.onDidChange(() => void this.postSnapshot()),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = chatHtml(panel.webview, extensionUri);
  }

  private async gatewayView(): Promise<GatewayView | undefined> {
    const id = settings.activeGatewayId();
    const profile = settings.gateways().gateways.find((g) => g.id === id);
    if (!profile) return undefined;
    return { id: profile.id, label: profile.label, hasKey: (await this.keys.get(profile.id)) !== undefined, keyRequired: profile.keyRequired };
  }

  private async postSnapshot(): Promise<void> {
    if (!this.ready) return;
    const gateway = await this.gatewayView();
    const { messages, activeRun } = this.session.view;
    this.post({ type: 'snapshot', payload: { snapshot: { gateway, model: settings.chatModel(), messages, activeRun } } });
  }

  private post(message: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (ChatPanel.current === this) ChatPanel.current = undefined;
    this.session.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

export function registerChat(context: vscode.ExtensionContext, keys: KeyStore): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.openChat, () => ChatPanel.show(context.extensionUri, keys)),
    vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => ChatPanel.revive(panel, context.extensionUri, keys),
    }),
  );
}
