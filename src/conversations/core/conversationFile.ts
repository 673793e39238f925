/**
 * The conversation file: versioned JSON, one file per conversation, with a schema of its own that
 * is converted to and from the domain field by field, so that a change to a message or to the
 * protocol never changes what is on disk by accident. What only the panel needs while an answer
 * runs (a notice) is not saved. Reading is strict: a file that is not exactly what this version
 * wrote is reported, never half-loaded, so it can be set aside instead of being overwritten.
 */
import { definedFields } from '../../base/core/definedFields';
import { isJsonObject, type JsonObject } from '../../base/core/json';
import type { AnswerMetrics, Message, MessageRole, MessageStatus } from '../../chat/core/message';
import type { Column, Comparison } from '../../compare/core/compare';
import type { Attachment, AttachmentKind } from '../../context/core/attachment';
import { COST_SOURCES, RATE_SOURCES, type AnswerCost } from '../../costs/core/pricing';
import type { Route } from '../../router/core/route';
import type { Conversation } from './conversation';
import { isSettings } from './conversationSettings';

export const FILE_VERSION = 1;

export type ParsedConversation =
  | { readonly ok: true; readonly conversation: Conversation }
  | { readonly ok: false; readonly problem: 'corrupt' | 'newer'; readonly detail: string };

const ROLES: readonly MessageRole[] = ['user', 'assistant'];
const STATUSES: readonly MessageStatus[] = ['streaming', 'done', 'stopped', 'error'];
const METRICS = ['promptTokens', 'completionTokens', 'firstTokenMs', 'tokensPerSecond'] as const;

/** A field's problem, said the way the set-aside warning shows it. */
class Invalid extends Error {}

const texts = (value: unknown): value is string[] => Array.isArray(value) && value.every((t) => typeof t === 'string');
const nano = (value: unknown): value is string => typeof value === 'string' && /^\d+$/.test(value);

function optionalText(value: JsonObject, field: string, where: string): string | undefined {
  const text = value[field];
  if (text !== undefined && typeof text !== 'string') throw new Invalid(`${where} has a ${field} that is not text`);
  return text;
}

function readCost(value: unknown, where: string): AnswerCost | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value) || !nano(value['usdNano']) || !nano(value['krwNano'])) throw new Invalid(`${where} has a cost that is not valid`);
  const source = COST_SOURCES.find((known) => known === value['source']) ?? 'computed';
  const krwPerUsd = typeof value['krwPerUsd'] === 'string' ? value['krwPerUsd'] : '';
  const rateSource = RATE_SOURCES.find((known) => known === value['rateSource']);
  return { usdNano: value['usdNano'], krwNano: value['krwNano'], source, krwPerUsd, ...(rateSource ? { rateSource } : {}) };
}

function readRoute(value: unknown, where: string): Route | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value)) throw new Invalid(`${where} has a route that is not valid`);
  const { chosenBy, model, task, label, reasons, candidates } = value;
  if ((chosenBy !== 'auto' && chosenBy !== 'user') || typeof model !== 'string' || typeof task !== 'string' || typeof label !== 'string' || !texts(reasons) || !texts(candidates)) {
    throw new Invalid(`${where} has a route that is not valid`);
  }
  const runnerUp = value['runnerUp'];
  if (runnerUp !== undefined && !(isJsonObject(runnerUp) && typeof runnerUp['task'] === 'string' && typeof runnerUp['model'] === 'string')) throw new Invalid(`${where} has a route that is not valid`);
  return { chosenBy, model, task, label, reasons, candidates, ...(runnerUp ? { runnerUp: { task: runnerUp['task'] as string, model: runnerUp['model'] as string } } : {}) };
}

function readMetrics(value: unknown, where: string): AnswerMetrics | undefined {
  if (value === undefined) return undefined;
  if (!isJsonObject(value) || typeof value['durationMs'] !== 'number') throw new Invalid(`${where} has metrics that are not valid`);
  const counts = Object.fromEntries(METRICS.map((field) => [field, typeof value[field] === 'number' ? value[field] : undefined]));
  return { durationMs: value['durationMs'], ...definedFields(counts), ...(value['estimated'] === true ? { estimated: true } : {}) };
}

function readComparison(value: unknown, where: string): Comparison | undefined {
  if (value === undefined) return undefined;
  const problem = `${where} has a comparison that is not valid`;
  if (!isJsonObject(value) || typeof value['blind'] !== 'boolean' || typeof value['withHistory'] !== 'boolean' || typeof value['task'] !== 'string') throw new Invalid(problem);
  const { picked, columns } = value;
  if ((picked !== undefined && typeof picked !== 'string') || !Array.isArray(columns)) throw new Invalid(problem);
  const read = columns.map((column: unknown): Column => {
    if (!isJsonObject(column)) throw new Invalid(problem);
    const { id, gateway, gatewayLabel, model, provider } = column;
    if (typeof id !== 'string' || typeof gateway !== 'string' || typeof gatewayLabel !== 'string' || typeof model !== 'string' || (provider !== undefined && typeof provider !== 'string')) throw new Invalid(problem);
    try {
      return { id, gateway, gatewayLabel, model, ...definedFields({ provider }), answer: readMessage(column['answer'], where) };
    } catch (error) {
      throw error instanceof Invalid ? new Invalid(`${problem}: its answer ${error.message.replace(`${where} `, '')}`) : error;
    }
  });
  return { columns: read, blind: value['blind'], withHistory: value['withHistory'], task: value['task'], ...(picked !== undefined ? { picked } : {}) };
}

const KINDS: readonly AttachmentKind[] = ['file', 'selection', 'problems', 'folder', 'image'];
const MIME = /^image\/(?:png|jpeg|gif|webp)$/;
const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

function readImageFacts(value: unknown): Attachment['image'] {
  if (value === undefined) return undefined;
  if (!isJsonObject(value) || typeof value['mimeType'] !== 'string' || !MIME.test(value['mimeType']) || !isCount(value['width']) || !isCount(value['height'])) throw new Invalid('an image attachment is not valid');
  return { mimeType: value['mimeType'], width: value['width'], height: value['height'] };
}

function readLines(value: unknown): Attachment['lines'] {
  if (value === undefined) return undefined;
  if (!isJsonObject(value) || !isCount(value['start']) || !isCount(value['end']) || value['end'] < value['start']) throw new Invalid('an attachment has lines that are not a range');
  return { start: value['start'], end: value['end'] };
}

function readAttachments(value: unknown, where: string): readonly Attachment[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new Invalid(`${where} has attachments that are not a list`);
  return value.map((item: unknown): Attachment => {
    if (!isJsonObject(item)) throw new Invalid(`${where} has an attachment that is not an object`);
    const { id, kind, path, languageId, text, size, omittedLines, digest } = item;
    const fine = typeof id === 'string' && KINDS.includes(kind as AttachmentKind) && typeof path === 'string' && typeof languageId === 'string' && typeof text === 'string' && isCount(size) && isCount(omittedLines);
    if (!fine || (digest !== undefined && typeof digest !== 'string')) throw new Invalid(`${where} has an attachment that is not valid`);
    const image = readImageFacts(item['image']);
    if ((kind === 'image') !== (image !== undefined)) throw new Invalid(`${where} has an attachment that is not valid`);
    return { id, kind: kind as AttachmentKind, path, languageId, text, size, omittedLines, ...definedFields({ lines: readLines(item['lines']), digest, image }) };
  });
}

function readMessage(value: unknown, where: string): Message {
  if (!isJsonObject(value)) throw new Invalid(`${where} is not an object`);
  const comparison = readComparison(value['comparison'], where);
  const { id, role, text, status } = value;
  if (typeof id !== 'string' || !id) throw new Invalid(`${where} has no id`);
  if (!ROLES.includes(role as MessageRole)) throw new Invalid(`${where} has an unknown role`);
  if (typeof text !== 'string') throw new Invalid(`${where} has no text`);
  if (!STATUSES.includes(status as MessageStatus)) throw new Invalid(`${where} has an unknown status`);
  // Files of earlier versions may hold a notice; it said something only while the answer ran.
  optionalText(value, 'notice', where);
  const optional = {
    model: optionalText(value, 'model', where),
    provider: optionalText(value, 'provider', where),
    reasoning: optionalText(value, 'reasoning', where),
    error: optionalText(value, 'error', where),
    finishReason: optionalText(value, 'finishReason', where),
    generationId: optionalText(value, 'generationId', where),
    cost: readCost(value['cost'], where),
    route: readRoute(value['route'], where),
    metrics: readMetrics(value['metrics'], where),
    attachments: readAttachments(value['attachments'], where),
    comparison,
  };
  return { id, role: role as MessageRole, text, status: status as MessageStatus, ...definedFields(optional) };
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
  if (typeof version === 'number' && Number.isInteger(version) && version > FILE_VERSION) {
    return { ok: false, problem: 'newer', detail: `written by a newer Switchboard (format ${version})` };
  }
  if (version !== FILE_VERSION) return { ok: false, problem: 'corrupt', detail: 'no known format version' };
  const { id, title, createdAt, updatedAt, settings, messages } = data;
  for (const [field, value] of Object.entries({ id, title, createdAt, updatedAt })) {
    if (typeof value !== 'string') return { ok: false, problem: 'corrupt', detail: `${field} is missing` };
  }
  if (settings !== undefined && !isSettings(settings)) return { ok: false, problem: 'corrupt', detail: 'settings are not valid' };
  if (!Array.isArray(messages)) return { ok: false, problem: 'corrupt', detail: 'messages are missing' };
  try {
    const read = messages.map((message: unknown, index) => readMessage(message, `message ${index}`));
    const conversation: Conversation = { id: id as string, title: title as string, createdAt: createdAt as string, updatedAt: updatedAt as string, messages: read, ...(settings !== undefined ? { settings } : {}) };
    return { ok: true, conversation };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, problem: 'corrupt', detail: error.message };
    throw error;
  }
}

function fileMessage(message: Message): JsonObject {
  const { id, role, text, status, model, provider, reasoning, error, metrics, cost, generationId, route, finishReason, attachments, comparison } = message;
  // An answer still streaming is saved as stopped, so that a crash mid-answer leaves a
  // conversation that reads as interrupted rather than forever "answering".
  const saved = {
    id,
    role,
    text,
    status: status === 'streaming' ? 'stopped' : status,
    model,
    provider,
    reasoning,
    error,
    metrics,
    cost,
    generationId,
    route,
    finishReason,
    // An image's bytes go in a file beside the conversation, not in it.
    attachments: attachments?.map(({ data: _file, ...kept }) => kept),
    comparison: comparison && {
      ...comparison,
      columns: comparison.columns.map(({ id: columnId, gateway, gatewayLabel, model: columnModel, provider: pinned, answer }) =>
        definedFields({ id: columnId, gateway, gatewayLabel, model: columnModel, provider: pinned, answer: fileMessage(answer) }),
      ),
    },
  };
  return definedFields(saved);
}

/** What goes to disk. */
export function serializeConversation(conversation: Conversation): string {
  const { id, title, createdAt, updatedAt, settings, messages } = conversation;
  const file = { version: FILE_VERSION, id, title, createdAt, updatedAt, ...(settings ? { settings } : {}), messages: messages.map(fileMessage) };
  return `${JSON.stringify(file, null, 1)}\n`;
}
