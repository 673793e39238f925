/**
 * VS Code's Chat messages as a gateway takes them. The adapter reads each message's parts into
 * plain values; this turns them into the OpenAI-style messages the request pipeline sends.
 */
import type { ChatMessage } from '../../gateway/core/requestParams';

/** A part of a message: its text, or a kind of part this version does not send (an image, a tool call). */
export type LmPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'unsupported'; readonly what: string };

export interface LmMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly parts: readonly LmPart[];
}

/**
 * The messages to send, or what in them cannot be sent. Each message's text parts are joined;
 * a message with no text is left out; a part that is not text is refused by name rather than
 * dropped, so the model never answers a question it was not fully asked.
 */
export function toChatMessages(messages: readonly LmMessage[]): { readonly messages: ChatMessage[] } | { readonly unsupported: string } {
  const sent: ChatMessage[] = [];
  for (const { role, parts } of messages) {
    const unsupported = parts.find((p) => p.kind === 'unsupported');
    if (unsupported) return { unsupported: unsupported.what };
    const content = parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    if (content !== '') sent.push({ role, content });
  }
  return { messages: sent };
}
