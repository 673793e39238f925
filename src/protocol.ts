/**
 * Every message between the extension host and the chat webview, declared once: commands the
 * webview sends, requests it makes that the host answers, and what the host pushes — a chat
 * session's own events among them, as the session declares them.
 * Pure: the webview bundle imports this file too, so it must not touch Node or vscode.
 *
 * The webview speaks first (`ready`); the host answers with a full `snapshot` and from then on
 * pushes run events tagged with a run id and a sequence number.
 */
import { isJsonObject, type JsonObject } from './base/core/json';
import type { Envelope } from './base/core/envelope';
import { MAX_PROMPT_CHARS, type AnswerMetrics, type Message, type MessageRole, type MessageStatus } from './chat/core/message';
import type { Column, CompareTarget, Comparison } from './compare/core/compare';
import type { DraftEstimate } from './costs/core/draftEstimate';
import type { Attachment, AttachmentChip } from './context/core/attachment';
import { MAX_IMAGE_BYTES } from './context/core/imageLimits';
import type { ConversationSummary } from './conversations/core/conversation';
import { isSettings, type ConversationSettings } from './conversations/core/conversationSettings';
import type { AnswerCost } from './costs/core/pricing';
import type { ExtraParameter } from './gateway/core/requestParams';
import type { Route } from './router/core/route';
import type { ColumnRun, SessionEvents } from './chat/core/sessionEvents';

// The domain's types travel as they are; the webview takes them from here.
export type { AnswerCost, AnswerMetrics, Attachment, AttachmentChip, DraftEstimate, ExtraParameter, Column, ColumnRun, CompareTarget, Comparison, ConversationSettings, ConversationSummary, Message, MessageRole, MessageStatus, Route, SessionEvents };
export { AUTO_MODEL } from './router/core/rules';
export { REASONING_EFFORTS, VERBOSITIES } from './gateway/core/requestParams';
export { MAX_PROMPT_CHARS };
export { dispatch, type Envelope, type Handlers } from './base/core/envelope';

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
  /** The parameters beyond the standard ones that the chosen model takes, for its settings. */
  readonly modelExtras: readonly ExtraParameter[];
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
  /** Take an attachment off the next prompt. */
  readonly removeAttachment: { readonly id: string };
  /** Open the file an attachment of a sent prompt came from. */
  readonly openAttachment: { readonly messageId: string; readonly id: string };
  /** A request the host answers with a `response` of the same id. */
  readonly request: RequestPayload;
}

/** What the webview asks the host and waits for: each method's parameters and its result. */
export interface WebviewRequests {
  /** The active gateway's models, fetched again when `refresh`. */
  readonly listModels: { readonly params: { readonly refresh: boolean }; readonly result: { readonly models: readonly ModelView[]; readonly error?: string } };
  /** What sending the draft would cost, for the chat's model, before it is sent; with the conversation so far or without it (a comparison may leave it out). */
  readonly estimateDraft: { readonly params: { readonly text: string; readonly withHistory: boolean }; readonly result: DraftEstimate & { readonly model: string; readonly earlier: number; readonly images: number } };
  /** The host lets the user choose context for the next prompt; `added` says whether something was attached. */
  readonly addContext: { readonly params: Record<string, never>; readonly result: { readonly added: boolean } };
  /** An image pasted or dropped in the prompt box (already scaled down), to attach to the next prompt; `error` says why it was not. */
  readonly attachImage: { readonly params: { readonly name: string; readonly base64: string }; readonly result: { readonly error?: string } };
  /** A remote image the user asked to see, fetched by the host and handed back as a data: URL. */
  readonly loadImage: { readonly params: { readonly url: string }; readonly result: { readonly dataUrl?: string; readonly error?: string } };
}

export type RequestMethod = keyof WebviewRequests;
export type RequestPayload = { [K in RequestMethod]: { readonly id: string; readonly method: K; readonly params: WebviewRequests[K]['params'] } }[RequestMethod];
export type ResponsePayload = { [K in RequestMethod]: { readonly id: string; readonly method: K; readonly result: WebviewRequests[K]['result'] } }[RequestMethod];

/** The host's answer to each request, by method: a method without one does not compile. */
export type Responders = { readonly [K in RequestMethod]: (params: WebviewRequests[K]['params']) => Promise<WebviewRequests[K]['result']> };

/** Runs the responder of a request's method; the answer carries the request's id and method. */
export async function respond(responders: Responders, request: RequestPayload): Promise<ResponsePayload> {
  // A method and its params travel together, which TypeScript cannot follow through the lookup.
  const responder = responders[request.method] as (params: RequestPayload['params']) => Promise<ResponsePayload['result']>;
  return { id: request.id, method: request.method, result: await responder(request.params) } as ResponsePayload;
}

/** A column of a comparison in the conversation. */
export interface ColumnRef {
  readonly messageId: string;
  readonly columnId: string;
}

/** Notifications the host pushes to the webview. */
/** What the host pushes: a chat session's events as they are, and the panel's own notifications. */
export interface HostToWebview extends SessionEvents {
  readonly snapshot: { readonly snapshot: ChatSnapshot };
  readonly response: ResponsePayload;
  readonly history: { readonly conversations: readonly ConversationSummary[] };
  /** Text for the composer, for the user to finish and send (a question about code). */
  readonly draft: { readonly text: string };
  /** Turn comparing on: the next prompt goes to every model to compare. */
  readonly comparing: Record<string, never>;
  /** The context attached to the next prompt, as it stands. */
  readonly attachments: { readonly items: readonly AttachmentChip[] };
}

export type WebviewMessage = Envelope<WebviewToHost>;
export type HostMessage = Envelope<HostToWebview>;

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

const paramGuards: { readonly [K in RequestMethod]: (params: JsonObject) => boolean } = {
  listModels: (p) => typeof p['refresh'] === 'boolean',
  estimateDraft: (p) => typeof p['text'] === 'string' && p['text'].length <= MAX_PROMPT_CHARS && typeof p['withHistory'] === 'boolean',
  addContext: () => true,
  // Base64 of at most the largest image taken, with room for padding.
  attachImage: (p) => typeof p['name'] === 'string' && p['name'].length <= 200 && typeof p['base64'] === 'string' && p['base64'].length <= Math.ceil(MAX_IMAGE_BYTES / 3) * 4,
  loadImage: (p) => isWebUrl(p['url']),
};

const payloadGuards: { readonly [K in keyof WebviewToHost]: (payload: JsonObject) => boolean } = {
  ready: () => true,
  send: (p) => isText(p['text']) && p['text'].trim().length > 0,
  stop: (p) => isId(p['runId']),
  copyText: (p) => isText(p['text']),
  insertCode: (p) => isText(p['code']),
  applyCode: (p) => isText(p['code']),
  openCode: (p) => isText(p['code']) && typeof p['language'] === 'string' && /^[\w+#.-]{0,32}$/.test(p['language']),
  openLink: (p) => isWebUrl(p['url']),
  newChat: () => true,
  openConversation: (p) => isId(p['id']),
  renameConversation: (p) => isId(p['id']),
  deleteConversation: (p) => isId(p['id']),
  exportConversation: (p) => isId(p['id']),
  deleteMessage: (p) => isId(p['messageId']),
  regenerate: () => true,
  reroute: () => true,
  editAndResend: (p) => isId(p['messageId']) && isText(p['text']) && p['text'].trim().length > 0,
  chooseModel: (p) => isModelId(p['id']),
  updateSettings: (p) => isSettings(p['settings']),
  compare: (p) => isText(p['text']) && p['text'].trim().length > 0 && typeof p['blind'] === 'boolean' && typeof p['withHistory'] === 'boolean',
  chooseCompareModels: () => true,
  removeCompareModel: (p) => isId(p['gateway']) && isModelId(p['model']) && (p['provider'] === undefined || isModelId(p['provider'])),
  retryColumn: isColumnRef,
  continueWith: isColumnRef,
  diffColumn: isColumnRef,
  pickColumn: isColumnRef,
  showLeaderboard: () => true,
  removeAttachment: (p) => isId(p['id']),
  openAttachment: (p) => isId(p['messageId']) && isId(p['id']),
  request: (p) => isId(p['id']) && typeof p['method'] === 'string' && Object.hasOwn(paramGuards, p['method']) && isJsonObject(p['params']) && paramGuards[p['method'] as RequestMethod](p['params']),
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
  answerBilled: true,
  response: true,
  history: true,
  draft: true,
  comparing: true,
  attachments: true,
};

/** The webview's gate: messages come only from our host, but a stale or foreign one is dropped. */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isJsonObject(raw) || typeof raw['type'] !== 'string' || !isJsonObject(raw['payload'])) return undefined;
  return Object.hasOwn(hostTypes, raw['type']) ? (raw as unknown as HostMessage) : undefined;
}
