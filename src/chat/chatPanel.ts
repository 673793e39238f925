/**
 * The chat panel: one webview, one conversation. Posts nothing before the webview says `ready`,
 * sends deltas only while the panel is visible and a full snapshot whenever it becomes visible.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CHAT_VIEW_TYPE, COMMANDS } from '../contributions';
import { ChatSession, type StreamOpener } from '../core/chatSession';
import type { CatalogService } from '../catalogService';
import type { KeyStore } from '../keys';
import { MAX_PROMPT_CHARS, dispatch, parseWebviewMessage, type GatewayView, type Handlers, type HostMessage, type WebviewToHost } from '../protocol';
import * as settings from '../settings';
import { EditorTracker, copyText, insertCode, loadImage, openCode, openLink } from './answerActions';
import { gatewayStreamOpener } from './openGatewayStream';
import { chatHtml } from './webviewHtml';


/** How often streamed text is forwarded to the webview. */
const FLUSH_MS = 32;

export class ChatPanel {
  private static current: ChatPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly session: ChatSession;
  private ready = false;

  /** Opens the panel, or brings it forward; with a prompt, also asks it once the panel is ready. */
  static show(services: ChatServices, prompt?: string): void {
    if (!ChatPanel.current) {
      const panel = vscode.window.createWebviewPanel(CHAT_VIEW_TYPE, 'Switchboard', vscode.ViewColumn.Beside, ChatPanel.options(services.extensionUri));
      ChatPanel.current = new ChatPanel(panel, services);
    } else {
      ChatPanel.current.panel.reveal();
    }
    if (prompt !== undefined) ChatPanel.current.ask(prompt);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, services: ChatServices): void {
    ChatPanel.current?.panel.dispose();
    panel.webview.options = ChatPanel.options(services.extensionUri);
    ChatPanel.current = new ChatPanel(panel, services);
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private readonly keys: KeyStore;
  private readonly openStream: StreamOpener;
  private pendingPrompt: string | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    services: ChatServices,
  ) {
    const { extensionUri, keys, catalog } = services;
    this.keys = keys;
    this.openStream = gatewayStreamOpener(keys, catalog);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this.session = new ChatSession(
      {
        runStarted: (runId, user, assistant) => this.post({ type: 'runStarted', payload: { runId, user, assistant } }),
        runDelta: (runId, seq, text, reasoning) => {
          if (this.panel.visible) this.post({ type: 'runDelta', payload: { runId, seq, text, reasoning } });
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
        const prompt = this.pendingPrompt;
        this.pendingPrompt = undefined;
        if (prompt !== undefined) this.ask(prompt);
      },
      send: ({ text }) => this.ask(text),
      stop: ({ runId }) => this.session.stop(runId),
      copyText: ({ text }) => void copyText(text),
      insertCode: ({ code }) => void insertCode(services.editors, code),
      openCode: ({ code, language }) => void openCode(services.editors, code, language),
      openLink: ({ url }) => void openLink(url),
      loadImage: ({ requestId, url }) => void loadImage(url).then((result) => this.post({ type: 'imageLoaded', payload: { requestId, ...result } })),
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

  private ask(prompt: string): void {
    // A prompt from a command can come before the webview listens; it waits for `ready`.
    if (this.ready) void this.session.send(prompt, this.openStream);
    else this.pendingPrompt = prompt;
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

/** `switchboard.openChat` may be given `{ prompt }` (by other commands, or keybindings' args). */
function promptOption(options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const prompt = (options as { prompt?: unknown }).prompt;
  return typeof prompt === 'string' && prompt.trim() && prompt.length <= MAX_PROMPT_CHARS ? prompt : undefined;
}

export interface ChatServices {
  readonly extensionUri: vscode.Uri;
  readonly editors: EditorTracker;
  readonly keys: KeyStore;
  readonly catalog: CatalogService;
}

export function registerChat(base: Omit<ChatServices, 'editors'>): vscode.Disposable {
  const editors = new EditorTracker();
  const services: ChatServices = { ...base, editors };
  return vscode.Disposable.from(
    editors,
    vscode.commands.registerCommand(COMMANDS.openChat, (options?: unknown) => ChatPanel.show(services, promptOption(options))),
    vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => ChatPanel.revive(panel, services),
    }),
  );
}
