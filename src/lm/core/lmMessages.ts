/**
 * VS Code's Chat messages as a gateway takes them. The adapter reads each message's parts into
 * plain values; this turns them into the OpenAI-style messages the request pipeline sends: text
 * joined, an assistant's tool calls in its `toolCalls`, and each tool result a `tool` message of
 * its own, right after the call it answers.
 */
import type { ChatMessage, ImageInput, ToolCall } from '../../gateway/core/requestParams';

export type LmPart =
  | { readonly kind: 'text'; readonly text: string }
  /** The assistant called a tool; `input` is its arguments, as JSON text. */
  | { readonly kind: 'toolCall'; readonly call: ToolCall }
  | { readonly kind: 'toolResult'; readonly callId: string; readonly text: string }
  | { readonly kind: 'image'; readonly image: ImageInput }
  /** A kind of part that cannot be sent, named. */
  | { readonly kind: 'unsupported'; readonly what: string };

export interface LmMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly parts: readonly LmPart[];
}

/**
 * The messages to send, or what in them cannot be sent. A message with neither text nor tool
 * calls is left out; a part that cannot be sent is refused by name rather than dropped, so the
 * model never answers a question it was not fully asked.
 */
export function toChatMessages(messages: readonly LmMessage[], takesImages: boolean): { readonly messages: ChatMessage[] } | { readonly unsupported: string } {
  const sent: ChatMessage[] = [];
  for (const { role, parts } of messages) {
    const text: string[] = [];
    const calls: ToolCall[] = [];
    const images: ImageInput[] = [];
    for (const part of parts) {
      if (part.kind === 'unsupported') return { unsupported: part.what };
      if (part.kind === 'text') text.push(part.text);
      else if (part.kind === 'toolCall') calls.push(part.call);
      else if (part.kind === 'toolResult') sent.push({ role: 'tool', toolCallId: part.callId, content: part.text });
      else if (!takesImages || role !== 'user') return { unsupported: 'an image' };
      else images.push(part.image);
    }
    const content = text.join('');
    if (calls.length > 0 && role === 'assistant') sent.push({ role, content, toolCalls: calls });
    else if (images.length > 0) sent.push({ role, content, images });
    else if (content !== '') sent.push({ role, content });
  }
  return { messages: sent };
}

/** A tool call's arguments as VS Code takes them (an object), or why they cannot be read. */
export function toolInput(call: ToolCall): { readonly input: object } | { readonly problem: string } {
  try {
    const input: unknown = JSON.parse(call.arguments);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { input };
  } catch {
    // Reported below.
  }
  return { problem: `The model called the tool "${call.name}" with arguments that are not a JSON object: ${call.arguments.slice(0, 200)}` };
}
