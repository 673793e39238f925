/**
 * The chat panel: one webview showing one conversation at a time. Posts nothing before the webview
 * says `ready`, sends deltas only while the panel is visible and a full snapshot whenever it
 * becomes visible. Conversations are saved as they change, at least once a second while streaming.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CHAT_VIEW_TYPE, COMMANDS } from '../../config/core/contributions';
import { ChatSession, type SessionSink } from '../core/chatSession';
import type { StreamOpener } from '../../request/core/requestPipeline';
import { MIN_COMPARED, sameTarget } from '../../compare/core/compare';
import { estimateDraft } from '../../costs/core/draftEstimate';
import { promptContent, type Attachment } from '../../context/core/attachment';
import { imageTokens } from '../../context/core/imageAttachment';
import { PendingContext, changedSources, openAttachmentSource } from '../../context/vscode/pendingContext';
import { imageAttachment, rangeAttachment, uriAttachment } from '../../context/vscode/contextPicker';
import { pickOf } from '../../compare/core/leaderboard';
import { detectTask } from '../../router/core/detect';
import type { AnswerDiff } from '../../compare/vscode/answerDiff';
import { chooseCompareModels, compareTargets } from '../../compare/vscode/chooseModels';
import { chooseCompareProviders } from '../../compare/vscode/chooseProviders';
import type { LeaderboardStore } from '../../compare/vscode/leaderboardStore';
import type { BillReader } from '../../costs/vscode/billReader';
import { answerCostOf } from '../../costs/core/pricing';
import type { ModelInfo } from '../../gateway/core/catalog';
import type { Conversation } from '../../conversations/core/conversation';
import { definedFields } from '../../base/core/definedFields';
import { SavePacer } from '../../conversations/core/savePacer';
import { askTitle, confirmDelete, exportMarkdown } from '../../conversations/vscode/conversationDialogs';
import type { CatalogStore } from '../../gateway/vscode/catalogStore';
import { acceptedExtras, type ExtraParameter } from '../../gateway/core/requestParams';
import { AUTO_MODEL } from '../../router/core/rules';
import type { KeyStore } from '../../keys/vscode/keyStore';
import type { ConversationStore } from '../../conversations/vscode/conversationStore';
import type { EditorTracker } from '../../editor/vscode/editorTracker';
import type { ProposedEdits } from '../../editor/vscode/proposedEdits';
import { dispatch, parseWebviewMessage, type GatewayView, type Handlers, type HostMessage, type ModelView, respond, type RequestPayload, type Responders, type WebviewRequests, type WebviewToHost } from '../../protocol';
import { MAX_PROMPT_CHARS } from '../core/message';
import * as settings from '../../config/vscode/settings';
import { copyText, insertCode, loadImage, openCode, openLink } from './answerActions';
import { pickOtherModel } from './otherModel';
import { chatHtml } from './webviewHtml';

/** How often streamed text is forwarded to the webview. */
const FLUSH_MS = 32;
/** Longest a change waits to be saved. */
const SAVE_MS = 500;

export interface ChatServices {
  readonly extensionUri: vscode.Uri;
  readonly keys: KeyStore;
  readonly catalog: CatalogStore;
  /** Where every answer's request goes. */
  readonly pipeline: StreamOpener;
  readonly editors: EditorTracker;
  readonly store: ConversationStore;
  readonly edits: ProposedEdits;
  readonly diffs: AnswerDiff;
  readonly leaderboard: LeaderboardStore;
  /** Gateways' bills for answers whose cost was estimated. */
  readonly bills: BillReader;
  /**
   * This window's memory of which conversation the panel shows, so a reload brings it back. Kept
   * by the host rather than in the webview's state, which VS Code for the Web saves only when the
   * window closes, and not always then.
   */
  readonly shown: vscode.Memento;
}

const SHOWN_KEY = 'switchboard.chat.shownConversation';

export class ChatPanel {
  private static current: ChatPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly saver: SavePacer;
  private session: ChatSession;
  private ready = false;
  /** Requests that came before the webview listened, in the order they came. */
  private readonly pending: PanelRequest[] = [];
  /** Prompts asked one after another: each waits for the answers before it to end. */
  private asking: Promise<void> = Promise.resolve();
  /** Context for the next prompt, shown as chips in the composer. */
  private readonly context = new PendingContext((items) => this.post({ type: 'attachments', payload: { items } }));

  /** Opens the panel, or brings it forward; then asks a prompt, or puts a draft in the composer. */
  static show(services: ChatServices, request?: PanelRequest): void {
    if (!ChatPanel.current) {
      const panel = vscode.window.createWebviewPanel(CHAT_VIEW_TYPE, 'Switchboard', vscode.ViewColumn.Beside, ChatPanel.options(services.extensionUri));
      ChatPanel.current = new ChatPanel(panel, services, undefined);
    } else {
      ChatPanel.current.panel.reveal();
    }
    if (request) ChatPanel.current.carryOut(request);
  }

  /**
   * Add Context to Chat: the files and folders chosen in the Explorer, the selection (or else the
   * file) of the editor it was run in, or, from the palette, whatever the user picks.
   */
  static async attach(services: ChatServices, uris: readonly vscode.Uri[]): Promise<void> {
    ChatPanel.show(services);
    const panel = ChatPanel.current;
    if (!panel) return;
    if (uris.length === 0) {
      await panel.context.pick(services.editors.editor);
      return;
    }
    for (const uri of uris) {
      const editor = vscode.window.activeTextEditor;
      const selected = editor?.document.uri.toString() === uri.toString() && !editor.selection.isEmpty ? editor : undefined;
      const attachment = selected ? await rangeAttachment(selected.document, selected.selection) : await uriAttachment(uri);
      if (attachment) panel.context.add(attachment);
    }
  }

  /** Takes over a panel VS Code restored after a reload, with the conversation it showed. */
  static async revive(panel: vscode.WebviewPanel, services: ChatServices): Promise<void> {
    ChatPanel.current?.panel.dispose();
    panel.webview.options = ChatPanel.options(services.extensionUri);
    const id = services.shown.get<unknown>(SHOWN_KEY);
    const saved = typeof id === 'string' ? await services.store.load(id).catch(() => undefined) : undefined;
    ChatPanel.current = new ChatPanel(panel, services, saved);
  }

  private static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: ChatServices,
    saved: Conversation | undefined,
  ) {
    this.saver = new SavePacer(() => this.save(), SAVE_MS, (error) => {
      void vscode.window.showErrorMessage(`Switchboard could not save the conversation: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.session = this.newSession(saved);
    panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'icon.svg');
    const handlers = this.handlers();
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
      services.keys.onDidChange(() => void this.postSnapshot()),
      services.bills.onDidBill((entry) => {
        if (entry.generationId !== undefined) this.session.applyBill(entry.generationId, answerCostOf(entry));
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = chatHtml(panel.webview, services.extensionUri);
  }

  private readonly responders: Responders = {
    listModels: ({ refresh }) => this.models(refresh),
    estimateDraft: ({ text, withHistory }) => this.estimateDraft(text, withHistory),
    addContext: async () => ({ added: await this.context.pick(this.services.editors.editor) }),
    attachImage: async ({ name, base64 }) => {
      const attached = imageAttachment(name.trim() || 'Pasted image', Buffer.from(base64, 'base64'));
      if ('refused' in attached) return { error: attached.refused };
      this.context.add(attached);
      return {};
    },
    loadImage: ({ url }) => loadImage(url),
  };

  private handlers(): Handlers<WebviewToHost> {
    const { editors } = this.services;
    return {
      ready: () => {
        this.ready = true;
        void this.postSnapshot();
        void this.postHistory();
        for (const request of this.pending.splice(0)) this.carryOut(request);
      },
      send: ({ text }) => this.carryOut({ prompt: text, attachments: this.context.take() }),
      compare: ({ text, blind, withHistory }) => void this.compare(text, { blind, withHistory }, this.context.take()),
      removeAttachment: ({ id }) => this.context.remove(id),
      openAttachment: ({ messageId, id }) => {
        const attachment = this.session.view.messages.find((m) => m.id === messageId)?.attachments?.find((a) => a.id === id);
        if (attachment) void openAttachmentSource(attachment);
      },
      chooseCompareModels: () => void chooseCompareModels(this.services.keys, this.services.catalog),
      removeCompareModel: (target) => void settings.setCompareTargets(settings.compareTargets().filter((t) => !sameTarget(t, target))),
      retryColumn: ({ messageId, columnId }) => void this.session.retryColumn(messageId, columnId, this.services.pipeline),
      continueWith: ({ messageId, columnId }) => void this.continueWith(messageId, columnId),
      diffColumn: ({ messageId, columnId }) => {
        const message = this.session.view.messages.find((m) => m.id === messageId);
        if (message) void this.services.diffs.show(message, columnId, this.panel.viewColumn);
      },
      pickColumn: ({ messageId, columnId }) => void this.pick(messageId, columnId),
      showLeaderboard: () => void this.services.leaderboard.show(),
      stop: ({ runId }) => this.session.stop(runId),
      copyText: ({ text }) => void copyText(text),
      insertCode: ({ code }) => void insertCode(editors, code),
      applyCode: ({ code }) => void this.services.edits.propose(editors.editor, code),
      openCode: ({ code, language }) => void openCode(editors, code, language),
      openLink: ({ url }) => void openLink(url),
      newChat: () => void this.switchTo(undefined),
      openConversation: ({ id }) => void this.openSaved(id),
      renameConversation: ({ id }) => void this.rename(id),
      deleteConversation: ({ id }) => void this.deleteConversation(id),
      exportConversation: ({ id }) => void this.conversation(id).then((c) => c && exportMarkdown(c)),
      deleteMessage: ({ messageId }) => {
        if (this.session.deleteMessage(messageId)) void this.postSnapshot();
      },
      regenerate: () => void this.session.regenerate(this.services.pipeline),
      reroute: () => void this.reroute(),
      editAndResend: ({ messageId, text }) => void this.session.editAndResend(messageId, text, this.services.pipeline),
      request: (request) => void this.answer(request),
      chooseModel: ({ id }) => void settings.setChatModel(id),
      updateSettings: ({ settings: chosen }) => {
        this.session.updateSettings(chosen);
        void this.postSnapshot();
      },
    };
  }

  private newSession(saved: Conversation | undefined): ChatSession {
    const sink: SessionSink = {
      event: (event) => {
        // Deltas only to a panel on screen: a hidden one catches up from the next snapshot.
        if (event.type !== 'runDelta' || this.panel.visible) this.post(event);
        // An answer that ended is saved at once, not at the next pace.
        if (event.type === 'runEnded' || event.type === 'columnEnded' || event.type === 'answerBilled') void this.saver.flush().then(() => this.postHistory());
      },
      changed: () => this.saver.schedule(),
    };
    const session = new ChatSession(sink, { flushMs: FLUSH_MS, newId: () => randomUUID() }, saved);
    void this.services.shown.update(SHOWN_KEY, session.id);
    void this.catchUpBills(session);
    if (saved) void this.offerChangedSources(session);
    return session;
  }

  /** A reopened conversation whose attached files changed since says so, and offers their current text for the next prompt. */
  private async offerChangedSources(session: ChatSession): Promise<void> {
    const changed = await changedSources(session.view.messages);
    if (changed.length === 0) return;
    const names = changed.map((a) => a.path).join(', ');
    const attach = changed.length === 1 ? 'Attach Current Version' : 'Attach Current Versions';
    const message = `${names} changed since ${changed.length === 1 ? 'it was' : 'they were'} attached to this conversation: its answers read the earlier text.`;
    if ((await vscode.window.showInformationMessage(message, attach)) !== attach || session !== this.session) return;
    for (const attachment of changed) this.context.add(attachment);
  }

  /** Bills read while this conversation was closed replace the estimates it was saved with. */
  private async catchUpBills(session: ChatSession): Promise<void> {
    const answers = session.view.messages.flatMap((m) => (m.comparison ? m.comparison.columns.map((c) => c.answer) : [m]));
    const estimated = new Set(answers.flatMap((a) => (a.cost?.source === 'estimated' && a.generationId !== undefined ? [a.generationId] : [])));
    for (const [generationId, cost] of await this.services.bills.billedCosts(estimated)) session.applyBill(generationId, cost);
  }

  /** Shows another conversation (or a new one); a running answer is stopped and saved first. */
  private async switchTo(saved: Conversation | undefined): Promise<void> {
    this.session.dispose();
    await this.saver.flush();
    this.session = this.newSession(saved);
    await this.postSnapshot();
  }

  /** Shows a saved conversation; one that is gone (or an id that names none) is said so. */
  private async openSaved(id: string): Promise<void> {
    const saved = await this.services.store.load(id).catch(() => undefined);
    if (saved) await this.switchTo(saved);
    else void vscode.window.showWarningMessage('Switchboard could not find that conversation: it may have been deleted.');
  }

  /** The live session's conversation if it is that one, else the saved one. */
  private async conversation(id: string): Promise<Conversation | undefined> {
    return id === this.session.id ? this.session.conversation : this.services.store.load(id);
  }

  private async rename(id: string): Promise<void> {
    const conversation = await this.conversation(id);
    const title = conversation && (await askTitle(conversation.title));
    if (!conversation || title === undefined) return;
    if (id === this.session.id) {
      this.session.rename(title);
      await this.saver.flush();
      await this.postSnapshot();
    } else {
      await this.services.store.save({ ...conversation, title: title.trim() });
    }
    await this.postHistory();
  }

  private async deleteConversation(id: string): Promise<void> {
    const conversation = await this.conversation(id);
    if (!conversation || !(await confirmDelete(conversation.title))) return;
    if (id === this.session.id) await this.switchTo(undefined);
    await this.services.store.delete(id).catch(() => undefined);
    await this.postHistory();
  }

  private carryOut(request: PanelRequest): void {
    // A request from a command can come before the webview listens; it waits for `ready`.
    if (!this.ready) this.pending.push(request);
    else if ('prompt' in request || 'compare' in request) this.enqueue(request);
    else if ('comparing' in request) this.post({ type: 'comparing', payload: {} });
    else if ('conversation' in request) void this.openSaved(request.conversation);
    else this.post({ type: 'draft', payload: { text: request.draft } });
  }

  /** A prompt (Explain Selection, a second command) that comes while an answer runs is asked after it, not dropped. */
  private enqueue(request: PromptRequest | { readonly compare: string }): void {
    if (this.session.busy) void vscode.window.showInformationMessage('Switchboard is still answering: your prompt will be asked as soon as that answer ends.');
    const ask = async (): Promise<void> => {
      await this.session.whenIdle();
      if ('prompt' in request) await this.session.send(request.prompt, this.services.pipeline, definedFields({ attachments: request.attachments }));
      else await this.compare(request.compare, { blind: false, withHistory: false });
    };
    this.asking = this.asking.then(ask).catch((error: unknown) => {
      void vscode.window.showErrorMessage(`Switchboard could not ask the prompt: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Asks the prompt of every model to compare; with fewer than two chosen, the user chooses first. */
  private async compare(text: string, options: { blind: boolean; withHistory: boolean }, attachments: readonly Attachment[] = []): Promise<void> {
    if (this.session.busy) return;
    let targets = compareTargets();
    if (targets.length < MIN_COMPARED) targets = (await chooseCompareModels(this.services.keys, this.services.catalog)) ?? [];
    if (targets.length < MIN_COMPARED) return;
    const { messages } = this.session.view;
    const history = options.withHistory ? messages.map((m) => ({ content: promptContent(m.text, m.attachments) })) : [];
    const { task } = detectTask(text, [...history, { content: promptContent(text, attachments) }], { longInputTokens: settings.longInputTokens() });
    await this.session.compare(text, targets, { ...options, task }, this.services.pipeline, attachments);
  }

  /** The chat goes on from one column's answer, on its gateway and with its model. */
  private async continueWith(messageId: string, columnId: string): Promise<void> {
    const column = this.session.continueWith(messageId, columnId);
    if (!column) return;
    await this.saver.flush();
    if (column.gateway !== settings.activeGatewayId()) await settings.setActiveGateway(column.gateway);
    await settings.setChatModel(column.model);
    await this.postSnapshot();
  }

  /** The user's pick of the better answer: revealed, and tallied on the leaderboard. */
  private async pick(messageId: string, columnId: string): Promise<void> {
    const picked = this.session.pick(messageId, columnId);
    const pick = picked?.comparison && pickOf(picked.comparison, new Date().toISOString());
    if (!pick) return;
    await this.postSnapshot();
    await this.services.leaderboard.record(pick);
  }

  private async save(): Promise<void> {
    // A conversation nobody has written in yet is not worth a file.
    if (this.session.view.messages.length > 0) await this.services.store.save(this.session.conversation);
  }

  private async gatewayView(): Promise<GatewayView | undefined> {
    const profile = settings.activeGateway();
    if (!profile) return undefined;
    return { id: profile.id, label: profile.label, hasKey: (await this.services.keys.get(profile.id)) !== undefined, keyRequired: profile.keyRequired };
  }

  private async postSnapshot(): Promise<void> {
    if (!this.ready) return;
    const gateway = await this.gatewayView();
    const { messages, activeRun, columnRuns } = this.session.snapshot();
    const { id, title, settings: chosen = {} } = this.session.conversation;
    const model = settings.chatModel();
    const snapshot = { conversationId: id, title, settings: chosen, gateway, model, currency: settings.leadCurrency(), freeModelsOnly: settings.freeModelsOnly(), modelExtras: this.modelExtras(model), messages, activeRun, columnRuns, compareTargets: compareTargets() };
    this.post({ type: 'snapshot', payload: { snapshot } });
    this.post({ type: 'attachments', payload: { items: this.context.chips } });
  }

  /**
   * The extras the chosen model takes, from the catalog at hand; the snapshot never waits for a
   * fetch, but one that was needed is made, and the snapshot sent again once it is in.
   */
  private modelExtras(model: string): ExtraParameter[] {
    const profile = settings.activeGateway();
    if (!profile || model === AUTO_MODEL) return [];
    const known = this.services.catalog.peek(profile);
    if (!known) void this.services.catalog.get(profile).then(() => this.postSnapshot(), () => undefined);
    return acceptedExtras(profile.dialect, model, known?.models.find((m) => m.id === model));
  }

  /** Answers a request of the webview with the result of its method. */
  private async answer(request: RequestPayload): Promise<void> {
    this.post({ type: 'response', payload: await respond(this.responders, request) });
  }

  private async models(refresh: boolean): Promise<WebviewRequests['listModels']['result']> {
    const profile = settings.activeGateway();
    if (!profile) return { models: [], error: 'No gateway is configured.' };
    try {
      const catalog = await this.services.catalog.get(profile, { refresh });
      return { models: catalog.models.map(toModelView) };
    } catch (error) {
      return { models: [], error: error instanceof Error ? error.message : String(error) };
    }
  }


  /** The draft's tokens and price range on the chat's model, from the catalog at hand (Auto has no one model to price). */
  private async estimateDraft(text: string, withHistory: boolean): Promise<WebviewRequests['estimateDraft']['result']> {
    const model = settings.chatModel();
    const profile = settings.activeGateway();
    const catalog = profile && model !== AUTO_MODEL ? await this.services.catalog.get(profile).catch(() => undefined) : undefined;
    const { messages, maxTokens, earlier } = this.session.draftRequest(text, withHistory, this.context.attachments);
    const rate = catalog?.exchangeRate === undefined ? settings.exchangeRate() : String(catalog.exchangeRate);
    const models = catalog ? { models: catalog.models, freeOnly: settings.freeModelsOnly() } : undefined;
    const images = this.context.attachments.flatMap((a) => (a.image ? [imageTokens(a.image.width, a.image.height)] : []));
    const tokens = images.reduce((sum, n) => sum + n, 0);
    return { model, earlier, images: images.length, ...estimateDraft(messages, catalog?.models.find((m) => m.id === model), models, maxTokens, rate, tokens) };
  }

  /** Asks the last prompt again of a model the user picks instead of the one that answered. */
  private async reroute(): Promise<void> {
    const answer = this.session.lastAnswer;
    const profile = settings.activeGateway();
    if (!answer || !profile) return;
    const catalog = await this.services.catalog.get(profile).catch(() => undefined);
    const override = await pickOtherModel(answer, catalog?.models ?? []);
    if (override) await this.session.regenerate(this.services.pipeline, override);
  }

  private async postHistory(): Promise<void> {
    if (!this.ready) return;
    const conversations = await this.services.store.list().catch(() => []);
    this.post({ type: 'history', payload: { conversations } });
  }

  private post(message: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private dispose(): void {
    if (ChatPanel.current === this) ChatPanel.current = undefined;
    this.session.dispose();
    void this.saver.flush();
    for (const d of this.disposables) d.dispose();
  }
}

function toModelView(model: ModelInfo): ModelView {
  const { id, name, provider, free } = model;
  const optional = {
    contextLength: model.contextLength,
    inputUsdPerM: model.inputUsdPerM,
    outputUsdPerM: model.outputUsdPerM,
    inputKrwPerM: model.inputKrwPerM,
    outputKrwPerM: model.outputKrwPerM,
  };
  return { id, name, provider, free, ...definedFields(optional) };
}

/**
 * What `switchboard.openChat` may be asked to do once open: send a prompt, fill in a draft, ask a
 * prompt of the models to compare, turn comparing on for the next prompt, or show a saved
 * conversation (one `@switchboard /compare` saved).
 */
type PromptRequest = { readonly prompt: string; readonly attachments?: readonly Attachment[] };
export type PanelRequest = PromptRequest | { readonly draft: string } | { readonly compare: string } | { readonly comparing: true } | { readonly conversation: string };

/** `switchboard.openChat` may be given `{ prompt }` or `{ draft }` (by other commands, or keybindings' args). */
function panelRequest(options: unknown): PanelRequest | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const usable = (text: unknown): text is string => typeof text === 'string' && text.trim() !== '' && text.length <= MAX_PROMPT_CHARS;
  const { prompt, draft, compare, comparing, conversation } = options as { prompt?: unknown; draft?: unknown; compare?: unknown; comparing?: unknown; conversation?: unknown };
  if (typeof conversation === 'string' && conversation) return { conversation };
  if (usable(prompt)) return { prompt };
  if (usable(compare)) return { compare };
  if (comparing === true) return { comparing };
  return usable(draft) ? { draft } : undefined;
}

export function registerChat(services: ChatServices): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.openChat, (options?: unknown) => ChatPanel.show(services, panelRequest(options))),
    // From the Explorer: the clicked file and the others selected with it; from an editor or its tab: that file.
    vscode.commands.registerCommand(COMMANDS.addContext, (clicked?: unknown, selected?: unknown) => {
      const uris = Array.isArray(selected) && selected.every((u) => u instanceof vscode.Uri) ? selected : clicked instanceof vscode.Uri ? [clicked] : [];
      return ChatPanel.attach(services, uris);
    }),
    vscode.commands.registerCommand(COMMANDS.compareModels, async () => {
      if (await chooseCompareModels(services.keys, services.catalog)) ChatPanel.show(services, { comparing: true });
    }),
    vscode.commands.registerCommand(COMMANDS.compareProviders, async () => {
      if (await chooseCompareProviders(services.keys, services.catalog)) ChatPanel.show(services, { comparing: true });
    }),
    vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
      deserializeWebviewPanel: (panel) => ChatPanel.revive(panel, services),
    }),
  );
}
