/**
 * A conversation as it is kept on disk: versioned JSON, one file per conversation. Reading is
 * strict: a file that is not exactly what this version wrote is reported, never half-loaded, so
 * it can be set aside instead of being overwritten.
 */
import { comparisonMarkdown } from '../../compare/core/compareSummary';
import { isSettings, type ConversationSettings, type ConversationSummary, type MessageRole, type MessageStatus, type MessageView } from '../../protocol';
import { isJsonObject } from '../../base/core/json';

export const CONVERSATION_VERSION = 1;

export interface Conversation {
  readonly version: typeof CONVERSATION_VERSION;
  readonly id: string;
  readonly title: string;
  /** ISO 8601 times. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Absent in files written before conversations had settings. */
  readonly settings?: ConversationSettings;
  readonly messages: readonly MessageView[];
}

export type ParsedConversation =
  | { readonly ok: true; readonly conversation: Conversation }
  | { readonly ok: false; readonly problem: 'corrupt' | 'newer'; readonly detail: string };

const ROLES: readonly MessageRole[] = ['user', 'assistant'];
const STATUSES: readonly MessageStatus[] = ['streaming', 'done', 'stopped', 'error'];
const OPTIONAL_TEXT = ['model', 'reasoning', 'error', 'notice', 'finishReason'] as const;

function comparisonProblem(value: unknown, index: number): string | undefined {
  const problem = `message ${index} has a comparison that is not valid`;
  if (!isJsonObject(value) || typeof value['blind'] !== 'boolean' || typeof value['withHistory'] !== 'boolean' || typeof value['task'] !== 'string') return problem;
  if (value['picked'] !== undefined && typeof value['picked'] !== 'string') return problem;
  const columns = value['columns'];
  if (!Array.isArray(columns)) return problem;
  for (const column of columns) {
    if (!isJsonObject(column) || !['id', 'gateway', 'gatewayLabel', 'model'].every((field) => typeof column[field] === 'string')) return problem;
    const answer = messageProblem(column['answer'], index);
    if (answer) return `${problem}: its answer ${answer.replace(`message ${index} `, '')}`;
  }
  return undefined;
}

function messageProblem(value: unknown, index: number): string | undefined {
  if (!isJsonObject(value)) return `message ${index} is not an object`;
  if (value['comparison'] !== undefined) {
    const problem = comparisonProblem(value['comparison'], index);
    if (problem) return problem;
  }
  if (typeof value['id'] !== 'string' || !value['id']) return `message ${index} has no id`;
  if (!ROLES.includes(value['role'] as MessageRole)) return `message ${index} has an unknown role`;
  if (typeof value['text'] !== 'string') return `message ${index} has no text`;
  if (!STATUSES.includes(value['status'] as MessageStatus)) return `message ${index} has an unknown status`;
  for (const field of OPTIONAL_TEXT) {
    if (value[field] !== undefined && typeof value[field] !== 'string') return `message ${index} has a ${field} that is not text`;
  }
  const cost = value['cost'];
  const nano = (field: unknown): boolean => typeof field === 'string' && /^\d+$/.test(field);
  if (cost !== undefined && (!isJsonObject(cost) || !nano(cost['usdNano']) || !nano(cost['krwNano']))) return `message ${index} has a cost that is not valid`;
  const route = value['route'];
  const texts = (field: unknown): boolean => Array.isArray(field) && field.every((t) => typeof t === 'string');
  if (route !== undefined && (!isJsonObject(route) || (route['chosenBy'] !== 'auto' && route['chosenBy'] !== 'user') || typeof route['model'] !== 'string' || typeof route['task'] !== 'string' || typeof route['label'] !== 'string' || !texts(route['reasons']) || !texts(route['candidates']))) {
    return `message ${index} has a route that is not valid`;
  }
  const metrics = value['metrics'];
  if (metrics !== undefined && (!isJsonObject(metrics) || typeof metrics['durationMs'] !== 'number')) return `message ${index} has metrics that are not valid`;
  return undefined;
}

export function parseConversation(text: string): ParsedConversation {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'corrupt', detail: 'not valid JSON' };
  }
  if (!isJsonObject(data)) return { ok: false, problem: 'corrupt', detail: 'not a JSON object' };
  const version = data['version'];
  if (typeof version === 'number' && Number.isInteger(version) && version > CONVERSATION_VERSION) {
    return { ok: false, problem: 'newer', detail: `written by a newer Switchboard (format ${version})` };
  }
  if (version !== CONVERSATION_VERSION) return { ok: false, problem: 'corrupt', detail: 'no known format version' };
  for (const field of ['id', 'title', 'createdAt', 'updatedAt'] as const) {
    if (typeof data[field] !== 'string') return { ok: false, problem: 'corrupt', detail: `${field} is missing` };
  }
  if (data['settings'] !== undefined && !isSettings(data['settings'])) return { ok: false, problem: 'corrupt', detail: 'settings are not valid' };
  const messages = data['messages'];
  if (!Array.isArray(messages)) return { ok: false, problem: 'corrupt', detail: 'messages are missing' };
  for (const [index, message] of messages.entries()) {
    const problem = messageProblem(message, index);
    if (problem) return { ok: false, problem: 'corrupt', detail: problem };
  }
  return { ok: true, conversation: data as unknown as Conversation };
}

/**
 * What goes to disk. An answer still streaming is saved as stopped, so that a crash mid-answer
 * leaves a conversation that reads as interrupted rather than forever "answering".
 */
export function serializeConversation(conversation: Conversation): string {
  const messages = conversation.messages.map(interrupted);
  return `${JSON.stringify({ ...conversation, messages }, null, 1)}\n`;
}

function interrupted(message: MessageView): MessageView {
  if (message.status !== 'streaming') return message;
  const { comparison, notice: _passing, ...kept } = message;
  const columns = comparison?.columns.map((column) => ({ ...column, answer: interrupted(column.answer) }));
  return { ...kept, status: 'stopped', ...(comparison && columns ? { comparison: { ...comparison, columns } } : {}) };
}

export function summarize(conversation: Conversation): ConversationSummary {
  return { id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt, messageCount: conversation.messages.length };
}

/** A title from the first prompt: its first line, cut at a word near 60 characters. */
export function titleFrom(prompt: string): string {
  const line = prompt.trim().split('\n')[0]?.trim() ?? '';
  if (line.length <= 60) return line || 'New chat';
  const cut = line.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The conversation as a Markdown document, for export. */
export function toMarkdown(conversation: Conversation): string {
  const parts = [`# ${conversation.title}`, '', `_Exported from Switchboard · started ${conversation.createdAt} · last message ${conversation.updatedAt}_`];
  for (const message of conversation.messages) {
    if (message.comparison) {
      parts.push('', comparisonMarkdown(message.comparison));
      continue;
    }
    const who = message.role === 'user' ? 'You' : (message.model ?? 'Assistant');
    parts.push('', `## ${who}`, '', message.text.trim() || '_(no text)_');
    if (message.error) parts.push('', `> ${message.error}`);
    else if (message.status === 'stopped') parts.push('', '> Stopped before the end.');
  }
  return `${parts.join('\n')}\n`;
}
