/**
 * `@switchboard` in VS Code's Chat: asks through the request pipeline (the Switchboard model picked
 * in the Chat, or the model in settings) with a cost line under the answer; `/explain` asks Explain
 * Selection's prompt for the editor's code; `/compare` asks every model to compare at once; `/route` says what Auto
 * would choose for the prompt and why, sending nothing; `/cost` says what was spent today, this
 * month and in this chat.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { promptContent, type Attachment } from '../../context/core/attachment';
import { rangeAttachment, uriAttachment } from '../../context/vscode/contextPicker';
import { abortOn } from '../../base/vscode/abortOn';
import { COMMANDS, LM_VENDOR, PARTICIPANT_COMMANDS, PARTICIPANT_ID } from '../../config/core/contributions';
import { ChatSession } from '../../chat/core/chatSession';
import { MAX_COMPARED, MIN_COMPARED } from '../../compare/core/compare';
import { compareTargets } from '../../compare/vscode/chooseModels';
import { totalOf, type Currency } from '../../costs/core/money';
import { detectTask } from '../../router/core/detect';
import * as settings from '../../config/vscode/settings';
import { breakdown, type Totals } from '../../costs/core/ledger';
import type { Cost } from '../../costs/core/pricing';
import type { LedgerStore } from '../../costs/vscode/ledgerStore';
import type { ConversationStore } from '../../conversations/vscode/conversationStore';
import { describeQueue, describeRetry } from '../../gateway/core/errors';
import type { ChatMessage } from '../../gateway/core/requestParams';
import type { StreamOpener, StreamRequest } from '../../request/core/requestPipeline';
import { AUTO_MODEL } from '../../router/core/rules';
import { explainSelectionPrompt } from '../../editor/vscode/codeCommands';
import type { EditorTracker } from '../../editor/vscode/editorTracker';
import { parseLmModelId } from '../core/lmModels';
import { columnMarkdown, costLine, costMarkdown, routeMarkdown } from '../core/participantText';

export interface ParticipantServices {
  readonly pipeline: StreamOpener;
  readonly ledger: LedgerStore;
  /** The editor `/explain` reads when the Chat has the focus. */
  readonly editors: EditorTracker;
  /** Where `/compare` keeps its comparison, for the panel to open. */
  readonly store: ConversationStore;
}

/**
 * What an answer's result keeps: its cost as decimal strings, so that `/cost` can total this chat,
 * and the prompt it answered, for the followups.
 */
interface AnswerMetadata {
  readonly usdNano?: string;
  readonly krwNano?: string;
  readonly prompt?: string;
  /** The cost line written after the answer: not part of what the model said. */
  readonly footer?: string;
}

/** After an answer: the same prompt compared across models, or Auto's choice for it. */
export function followups(result: vscode.ChatResult): vscode.ChatFollowup[] {
  const { prompt } = (result.metadata ?? {}) as AnswerMetadata;
  if (typeof prompt !== 'string' || !prompt.trim()) return [];
  return [
    { prompt, command: 'compare', label: 'Compare this prompt across models' },
    { prompt, command: 'route', label: 'What would Auto choose for it?' },
  ];
}

/** The chat so far, as the gateway takes it: this participant's turns only. */
function history(context: vscode.ChatContext): ChatMessage[] {
  return context.history.flatMap((turn): ChatMessage[] => {
    if (turn.participant !== PARTICIPANT_ID || turn.command) return [];
    if (turn instanceof vscode.ChatRequestTurn) return [{ role: 'user', content: turn.prompt }];
    const text = turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('');
    const { footer } = (turn.result.metadata ?? {}) as AnswerMetadata;
    const said = footer && text.endsWith(footer) ? text.slice(0, -footer.length).trimEnd() : text;
    return said ? [{ role: 'assistant', content: said }] : [];
  });
}

/** A cost as an answer's result keeps it: decimal strings, since the result is JSON. */
function costMetadata(cost: { readonly usdNano: bigint; readonly krwNano: bigint }): Pick<AnswerMetadata, 'usdNano' | 'krwNano'> {
  return { usdNano: cost.usdNano.toString(), krwNano: cost.krwNano.toString() };
}

/** What this chat's answers cost, from their results. */
function chatTotals(context: vscode.ChatContext): Totals {
  const costs = context.history.flatMap((turn) => {
    if (!(turn instanceof vscode.ChatResponseTurn) || turn.participant !== PARTICIPANT_ID) return [];
    const { usdNano, krwNano } = (turn.result.metadata ?? {}) as AnswerMetadata;
    return usdNano !== undefined && krwNano !== undefined && /^\d+$/.test(usdNano) && /^\d+$/.test(krwNano) ? [{ usdNano, krwNano }] : [];
  });
  return { ...totalOf(costs), answers: costs.length };
}

/** The Switchboard model picked in the Chat, if one is; else the model in settings answers. */
function target(request: vscode.ChatRequest): Pick<StreamRequest, 'model' | 'gateway'> {
  const picked = request.model.vendor === LM_VENDOR ? parseLmModelId(request.model.id) : undefined;
  return picked ? { model: picked.model, gateway: picked.gatewayId } : {};
}

/** What `/explain` asks: Explain Selection's prompt for the editor, and the user's own words after it. */
async function explainRequest(editors: EditorTracker, prompt: string): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor ?? editors.editor;
  if (!editor) return undefined;
  const { built } = await explainSelectionPrompt(editor);
  return prompt.trim() ? `${built.prompt}\n\n${prompt.trim()}` : built.prompt;
}

/**
 * The files and locations the user mentioned (`#file:…`, `#selection`), as attachments sent before
 * the prompt, each listed under the answer's references; a value that is neither is left out.
 */
async function referencedContext(request: vscode.ChatRequest, stream: vscode.ChatResponseStream): Promise<Attachment[]> {
  const attachments: Attachment[] = [];
  for (const reference of request.references) {
    const { value } = reference;
    let attachment: Attachment | undefined;
    if (value instanceof vscode.Uri) attachment = await uriAttachment(value);
    else if (value instanceof vscode.Location) attachment = await rangeAttachment(await vscode.workspace.openTextDocument(value.uri), value.range);
    if (!attachment) continue;
    attachments.push(attachment);
    if (value instanceof vscode.Uri || value instanceof vscode.Location) stream.reference(value);
  }
  return attachments;
}

/**
 * `/compare`: the prompt to every model in switchboard.compare.models at once, each answer written
 * as it ends with its metrics and cost, then saved as a conversation the panel opens with one
 * button; the result keeps the total, for `/cost`.
 */
async function compare({ pipeline, store }: ParticipantServices, prompt: string, attachments: readonly Attachment[], stream: vscode.ChatResponseStream, token: vscode.CancellationToken, lead: Currency): Promise<vscode.ChatResult> {
  const targets = compareTargets();
  if (targets.length < MIN_COMPARED) {
    stream.markdown(`Choose ${MIN_COMPARED} to ${MAX_COMPARED} models to compare first.`);
    stream.button({ command: COMMANDS.compareModels, title: 'Choose Models to Compare' });
    return {};
  }
  if (!prompt.trim()) {
    stream.markdown('Write what to ask after `/compare`.');
    return {};
  }
  const session = new ChatSession(
    {
      event: (event) => {
        if (event.type === 'columnEnded') stream.markdown(columnMarkdown(event.payload.column, lead));
      },
      changed: () => undefined,
    },
    { flushMs: 250, newId: randomUUID },
  );
  const cancelled = token.onCancellationRequested(() => session.dispose());
  try {
    stream.progress(`Asking ${targets.map((t) => t.model).join(', ')}…`);
    const { task } = detectTask(prompt, [{ content: promptContent(prompt, attachments) }], { longInputTokens: settings.longInputTokens() });
    await session.compare(prompt, targets, { blind: false, withHistory: false, task }, pipeline, attachments);
  } finally {
    cancelled.dispose();
  }
  // Saved as a conversation of its own, the panel opens it whole: side by side, the diff, the pick.
  await store.save(session.conversation);
  stream.button({ command: COMMANDS.openChat, arguments: [{ conversation: session.conversation.id }], title: 'Open in the Switchboard Panel' });
  const costs = (session.view.messages.at(-1)?.comparison?.columns ?? []).flatMap((c) => (c.answer.cost ? [c.answer.cost] : []));
  return costs.length > 0 ? { metadata: costMetadata(totalOf(costs)) } : {};
}

export function participantHandler(services: ParticipantServices): vscode.ChatRequestHandler {
  const { pipeline, ledger, editors } = services;
  return async (request, context, stream, token) => {
    const cancelled = abortOn(token);
    const lead = settings.leadCurrency();
    // An unknown command is a prompt like any other.
    const command = PARTICIPANT_COMMANDS.find((name) => name === request.command);
    try {
      if (command === 'cost') {
        stream.markdown(costMarkdown(breakdown(await ledger.entries(), new Date()), chatTotals(context), lead));
        return {};
      }
      const attachments = await referencedContext(request, stream);
      if (command === 'compare') return await compare(services, request.prompt, attachments, stream, token, lead);
      let prompt = request.prompt;
      if (command === 'explain') {
        const explained = await explainRequest(editors, request.prompt);
        if (explained === undefined) {
          stream.markdown('Open a file and select the code to explain (or put the cursor in it), then ask `@switchboard /explain` again.');
          return {};
        }
        prompt = explained;
      }
      const messages: ChatMessage[] = [...history(context), { role: 'user', content: promptContent(prompt, attachments) }];
      const base = { messages, params: {}, conversationId: `vscode-chat-${randomUUID()}`, interactive: false };
      if (command === 'route') {
        for await (const event of pipeline({ ...base, ...target(request), model: AUTO_MODEL, routeOnly: true }, cancelled.signal)) {
          if (event.kind === 'route') stream.markdown(routeMarkdown(event.route));
          if (event.kind === 'error') return { errorDetails: { message: event.error.message } };
        }
        return {};
      }
      let cost: Cost | undefined;
      const where = target(request);
      let answeredBy = where.model ?? settings.chatModel();
      for await (const event of pipeline({ ...base, ...where }, cancelled.signal)) {
        if (event.kind === 'delta') stream.markdown(event.text);
        else if (event.kind === 'route') stream.progress(event.route.label);
        else if (event.kind === 'retrying') stream.progress(describeRetry(event.reason, event.waitSeconds, event.attempt, event.maxAttempts));
        else if (event.kind === 'queued') stream.progress(describeQueue(event.waitSeconds, event.perMinute));
        else if (event.kind === 'model') answeredBy = event.model;
        else if (event.kind === 'cost') cost = event.cost;
        else if (event.kind === 'error') return event.error.reason === 'cancelled' ? {} : { errorDetails: { message: event.error.message } };
      }
      const footer = costLine(answeredBy, cost, lead);
      stream.markdown(`\n\n${footer}`);
      const metadata: AnswerMetadata = { prompt: request.prompt, footer, ...(cost ? costMetadata(cost) : {}) };
      return { metadata };
    } finally {
      cancelled.dispose();
    }
  };
}

export function registerParticipant(services: ParticipantServices): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, participantHandler(services));
  participant.iconPath = new vscode.ThemeIcon('arrow-swap');
  participant.followupProvider = { provideFollowups: followups };
  return participant;
}
