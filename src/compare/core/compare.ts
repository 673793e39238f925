/**
 * Comparisons in a conversation: one prompt asked of several models, each answer in a column of
 * its own. Pure helpers over the conversation's messages; the session runs the columns.
 */
import type { Message } from '../../chat/core/message';
import type { ChatMessage } from '../../gateway/core/requestParams';
import { promptContent, promptImages } from '../../context/core/attachment';

/** A model a comparison asks, on a gateway of its own, and on OpenRouter maybe on one provider. */
export interface CompareTarget {
  readonly gateway: string;
  readonly model: string;
  /** The one provider to ask (its slug in the model's list of providers); otherwise the gateway chooses. */
  readonly provider?: string;
}

/** One model's answer in a comparison. */
export interface Column extends CompareTarget {
  readonly id: string;
  readonly gatewayLabel: string;
  /** The answer; its `model` is the model that answered, which a fallback or a router may change. */
  readonly answer: Message;
}

export interface Comparison {
  readonly columns: readonly Column[];
  /** Model names stay hidden until the user picks the better answer. */
  readonly blind: boolean;
  /** Whether the conversation before the prompt went along, or the prompt alone. */
  readonly withHistory: boolean;
  /** The task the prompt reads as (the router's detection), under which a pick is tallied. */
  readonly task: string;
  /** The column the user picked as the better answer. */
  readonly picked?: string;
}

/** Whether two targets ask the same: one model, on one gateway, on the same provider or none. */
export function sameTarget(a: CompareTarget, b: CompareTarget): boolean {
  return a.gateway === b.gateway && a.model === b.model && a.provider === b.provider;
}

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 6;

/** A model to compare and the name of its gateway, as its column shows it. */
export interface ColumnTarget extends CompareTarget {
  readonly gatewayLabel: string;
}

export interface CompareOptions {
  readonly blind: boolean;
  readonly withHistory: boolean;
  readonly task: string;
}

/**
 * The columns of a new comparison, each with an empty answer. Blind, they are shuffled, so that the
 * order the models were chosen in does not tell which is which.
 */
export function newColumns(targets: readonly ColumnTarget[], blind: boolean, newId: () => string, random: () => number): Column[] {
  const columns = targets.map(({ gateway, gatewayLabel, model, provider }) => ({ id: newId(), gateway, gatewayLabel, model, ...(provider === undefined ? {} : { provider }), answer: emptyAnswer(newId()) }));
  if (blind) {
    for (let i = columns.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [columns[i], columns[j]] = [columns[j]!, columns[i]!];
    }
  }
  return columns;
}

export function emptyAnswer(id: string): Message {
  return { id, role: 'assistant', text: '', status: 'streaming' };
}

export function findColumn(message: Message | undefined, columnId: string): Column | undefined {
  return message?.comparison?.columns.find((c) => c.id === columnId);
}

/**
 * What a model is sent of the conversation: the system prompt, then every finished exchange. A
 * comparison, and the prompt it answered, are left out: until the user continues with one of its
 * answers, no answer of it is part of the chat.
 */
export function requestMessages(messages: readonly Message[], systemPrompt: string | undefined): ChatMessage[] {
  const sent: ChatMessage[] = systemPrompt?.trim() ? [{ role: 'system', content: systemPrompt }] : [];
  for (const [index, m] of messages.entries()) {
    if (m.comparison || messages[index + 1]?.comparison) continue;
    if (m.status !== 'done' && !(m.role === 'assistant' && m.text.length > 0)) continue;
    const images = promptImages(m.attachments);
    sent.push({ role: m.role, content: promptContent(m.text, m.attachments), ...(images.length ? { images } : {}) });
  }
  return sent;
}

/** A comparison's request: the conversation up to its prompt, or the prompt alone. */
export function comparisonMessages(before: readonly Message[], prompt: Message, comparison: Pick<Comparison, 'withHistory'>, systemPrompt: string | undefined): ChatMessage[] {
  return requestMessages([...(comparison.withHistory ? before : []), prompt], systemPrompt);
}
