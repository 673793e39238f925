/**
 * Every message between the extension host and the chat webview, declared once.
 * Pure: the webview bundle imports this file too, so it must not touch Node or vscode.
 *
 * The webview speaks first (`ready`); the host answers with a full `snapshot` and from then on
 * pushes run events tagged with a run id and a sequence number.
 */
import { isJsonObject, type JsonObject } from './base/core/json';
import type { ColumnRun } from './chat/core/chatSession';
import { MAX_PROMPT_CHARS, type AnswerMetrics, type Message, type MessageRole, type MessageStatus } from './chat/core/message';
import type { Column, CompareTarget, Comparison } from './compare/core/compare';
import type { ConversationSummary } from './conversations/core/conversation';
import { isSettings, type ConversationSettings } from './conversations/core/conversationSettings';
import type { AnswerCost } from './costs/core/pricing';
import type { Route } from './router/core/route';

// The domain's types travel as they are; the webview takes them from here.
export type { AnswerCost, AnswerMetrics, Column, ColumnRun, CompareTarget, Comparison, ConversationSettings, ConversationSummary, Message, MessageRole, MessageStatus, Route };
export { AUTO_MODEL } from './router/core/rules';
export { MAX_PROMPT_CHARS };

/** A model as the picker shows it; prices per million tokens as exact decimal strings. */
export interface ModelView {
  readonly id: string;
  readonly name: string;
  readonly provider: string;
  readonly contextLength?: number;
  readonly inputUsdPerM?: string;
  readonly outputUsdPerM?: string;
  readonly inputKrwPerM?: string;
  readonly outputKrwPerM?: string;
  readonly free: boolean;
}

export interface GatewayView {
  readonly id: string;
  readonly label: string;
  /** Whether a key is stored; the key itself never reaches the webview. */
  readonly hasKey: boolean;
  readonly keyRequired: boolean;
}

export interface ChatSnapshot {
  readonly conversationId: string;
  readonly title: string;
  readonly settings: ConversationSettings;
  readonly gateway: GatewayView | undefined;
  readonly model: string;
  /** Which currency leads where costs are shown. */
  readonly currency: 'USD' | 'KRW';
  /** `switchboard.freeModelsOnly`: the picker then lists free models only. */
  readonly freeModelsOnly: boolean;
  readonly messages: readonly Message[];
  /** The run still streaming, if any, and the sequence number of its last delta. */
  readonly activeRun: { readonly runId: string; readonly seq: number } | undefined;
  /** The comparison's columns still streaming. */
  readonly columnRuns: readonly ColumnRun[];
  /** The models the next comparison asks (`switchboard.compare.models`), with their gateways' names. */
  readonly compareTargets: readonly (CompareTarget & { readonly gatewayLabel: string })[];
}

/** Fire-and-forget commands the webview sends to the host. */
export interface WebviewToHost {
  readonly ready: Record<string, never>;
  readonly send: { readonly text: string };
  readonly stop: { readonly runId: string };
  readonly copyText: { readonly text: string };
  readonly insertCode: { readonly code: string };
  /** Replace the selection of the editor the user was in, after a reviewed diff. */
  readonly applyCode: { readonly code: string };
  readonly openCode: { readonly code: string; readonly language: string };
  /** A link in an answer the user clicked; the host opens http(s) only. */
  readonly openLink: { readonly url: string };
  /** A remote image the user asked to see; answered by `imageLoaded` with the same id. */
  readonly loadImage: { readonly requestId: string; readonly url: string };
  readonly newChat: Record<string, never>;
  readonly openConversation: { readonly id: string };
  /** The host asks for the new title, and confirms deletes, in VS Code's own dialogs. */
  readonly renameConversation: { readonly id: string };
  readonly deleteConversation: { readonly id: string };
  readonly exportConversation: { readonly id: string };
  readonly deleteMessage: { readonly messageId: string };
  readonly regenerate: Record<string, never>;
  /** Ask the last answer again of another model, which the host lets the user choose. */
  readonly reroute: Record<string, never>;
  readonly editAndResend: { readonly messageId: string; readonly text: string };
  /** Answered by `models`. */
  readonly listModels: { readonly refresh: boolean };
  readonly chooseModel: { readonly id: string };
  readonly updateSettings: { readonly settings: ConversationSettings };
  /** Ask the prompt of every model in `switchboard.compare.models` at once. */
  readonly compare: { readonly text: string; readonly blind: boolean; readonly withHistory: boolean };
  /** The host lets the user choose the models to compare, from every configured gateway. */
  readonly chooseCompareModels: Record<string, never>;
  readonly removeCompareModel: CompareTarget;
  readonly retryColumn: ColumnRef;
  /** The comparison becomes a chat that goes on with this column's answer and model. */
  readonly continueWith: ColumnRef;
  /** Open this column's answer beside another's in VS Code's diff editor. */
  readonly diffColumn: ColumnRef;
  /** The better answer, in the user's judgement. */
  readonly pickColumn: ColumnRef;
  readonly showLeaderboard: Record<string, never>;
}

/** A column of a comparison in the conversation. */
export interface ColumnRef {
  readonly messageId: string;
  readonly columnId: string;
}

/** Notifications the host pushes to the webview. */
export interface HostToWebview {
  readonly snapshot: { readonly snapshot: ChatSnapshot };
  /** `dropFrom`: the first message a regenerate or an edit replaced; it and all after it go. */
  readonly runStarted: { readonly runId: string; readonly user: Message; readonly assistant: Message; readonly title: string; readonly dropFrom?: string };
  /**
   * Only the text (and reasoning) that arrived since the previous delta of the same run, and the
   * run's metrics so far (tokens estimated until the gateway counts them).
   */
  readonly runDelta: { readonly runId: string; readonly seq: number; readonly text: string; readonly reasoning: string; readonly metrics: AnswerMetrics };
  readonly runNotice: { readonly runId: string; readonly notice: string | undefined };
  readonly runRouted: { readonly runId: string; readonly route: Route };
  readonly runEnded: { readonly runId: string; readonly message: Message };
  /** A comparison began: the prompt, and the answer holding a column per model. */
  readonly comparisonStarted: { readonly user: Message; readonly message: Message; readonly runs: readonly ColumnRun[]; readonly title: string };
  /** A column started again (retry). */
  readonly columnStarted: { readonly messageId: string; readonly column: Column; readonly runId: string };
  readonly columnEnded: { readonly messageId: string; readonly column: Column };
  readonly imageLoaded: { readonly requestId: string; readonly dataUrl?: string; readonly error?: string };
  readonly history: { readonly conversations: readonly ConversationSummary[] };
  readonly models: { readonly models: readonly ModelView[]; readonly error?: string };
  /** Text for the composer, for the user to finish and send (a question about code). */
  readonly draft: { readonly text: string };
  /** Turn comparing on: the next prompt goes to every model to compare. */
  readonly comparing: Record<string, never>;
}

export type Envelope<M> = { [K in keyof M]: { readonly type: K; readonly payload: M[K] } }[keyof M];
export type WebviewMessage = Envelope<WebviewToHost>;
export type HostMessage = Envelope<HostToWebview>;

/** One handler per message type: a type without a handler does not compile. */
export type Handlers<M> = { readonly [K in keyof M]: (payload: M[K]) => void };

export function dispatch<M>(handlers: Handlers<M>, message: Envelope<M>): void {
  const handler = handlers[message.type] as (payload: unknown) => void;
  handler(message.payload);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_PROMPT_CHARS;
}

function isWebUrl(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 8192 && /^https?:\/\//i.test(value);
}

function isModelId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w.:/@+-]{1,200}$/.test(value);
}

function isColumnRef(p: JsonObject): boolean {
  return isId(p['messageId']) && isId(p['columnId']);
}

const payloadGuards: { readonly [K in keyof WebviewToHost]: (payload: JsonObject) => boolean } = {
  ready: () => true,
  send: (p) => isText(p['text']) && p['text'].trim().length > 0,
  stop: (p) => isId(p['runId']),
  copyText: (p) => isText(p['text']),
  insertCode: (p) => isText(p['code']),
  applyCode: (p) => isText(p['code']),
  openCode: (p) => isText(p['code']) && typeof p['language'] === 'string' && /^[\w+#.-]{0,32}$/.test(p['language']),
  openLink: (p) => isWebUrl(p['url']),
  loadImage: (p) => isId(p['requestId']) && isWebUrl(p['url']),
  newChat: () => true,
  openConversation: (p) => isId(p['id']),
  renameConversation: (p) => isId(p['id']),
  deleteConversation: (p) => isId(p['id']),
  exportConversation: (p) => isId(p['id']),
  deleteMessage: (p) => isId(p['messageId']),
  regenerate: () => true,
  reroute: () => true,
  editAndResend: (p) => isId(p['messageId']) && isText(p['text']) && p['text'].trim().length > 0,
  listModels: (p) => typeof p['refresh'] === 'boolean',
  chooseModel: (p) => isModelId(p['id']),
  updateSettings: (p) => isSettings(p['settings']),
  compare: (p) => isText(p['text']) && p['text'].trim().length > 0 && typeof p['blind'] === 'boolean' && typeof p['withHistory'] === 'boolean',
  chooseCompareModels: () => true,
  removeCompareModel: (p) => isId(p['gateway']) && isModelId(p['model']),
  retryColumn: isColumnRef,
  continueWith: isColumnRef,
  diffColumn: isColumnRef,
  pickColumn: isColumnRef,
  showLeaderboard: () => true,
};

/** The host's gate: anything the webview posts is `unknown` until this says what it is. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isJsonObject(raw) || typeof raw['type'] !== 'string' || !isJsonObject(raw['payload'])) return undefined;
  const type = raw['type'];
  if (!Object.hasOwn(payloadGuards, type)) return undefined;
  const guard = payloadGuards[type as keyof WebviewToHost];
  return guard(raw['payload']) ? (raw as unknown as WebviewMessage) : undefined;
}

const hostTypes: { readonly [K in keyof HostToWebview]: true } = {
  snapshot: true,
  runStarted: true,
  runDelta: true,
  runNotice: true,
  runRouted: true,
  runEnded: true,
  comparisonStarted: true,
  columnStarted: true,
  columnEnded: true,
  imageLoaded: true,
  history: true,
  models: true,
  draft: true,
  comparing: true,
};

/** The webview's gate: messages come only from our host, but a stale or foreign one is dropped. */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isJsonObject(raw) || typeof raw['type'] !== 'string' || !isJsonObject(raw['payload'])) return undefined;
  return Object.hasOwn(hostTypes, raw['type']) ? (raw as unknown as HostMessage) : undefined;
}
