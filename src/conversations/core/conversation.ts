/**
 * A conversation: its messages, title, times and settings; what History lists of it; and its
 * export to Markdown. The file it is kept in has a schema of its own (conversationFile.ts).
 */
import { comparisonMarkdown } from '../../compare/core/compareSummary';
import type { Message } from '../../chat/core/message';
import type { ConversationSettings } from './conversationSettings';
import type { Attachment } from '../../context/core/attachment';
import { lineSpan } from '../../editor/core/codeContext';

export interface ConversationSummary {
  readonly id: string;
  readonly title: string;
  /** ISO 8601. */
  readonly updatedAt: string;
  readonly messageCount: number;
}

export interface Conversation {
  readonly id: string;
  readonly title: string;
  /** ISO 8601 times. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Absent in files written before conversations had settings. */
  readonly settings?: ConversationSettings;
  readonly messages: readonly Message[];
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

/** "`src/app.ts`, lines 3–9 (file excerpt, 1,204 characters, the last 12 lines left out)" */
function attachmentSummary(attachment: Attachment): string {
  const what = { file: 'file', selection: 'selection', problems: 'problems', folder: 'folder listing', image: 'image' }[attachment.kind];
  const lines = attachment.lines ? `, ${lineSpan(attachment.lines.start, attachment.lines.end)}` : '';
  const left = attachment.omittedLines > 0 ? `, the last ${attachment.omittedLines} lines left out` : '';
  const size = attachment.image ? `${attachment.image.width} × ${attachment.image.height} pixels, ${attachment.size.toLocaleString('en-US')} bytes` : `${attachment.size.toLocaleString('en-US')} characters`;
  return `\`${attachment.path.replace(/`/g, "'")}\`${lines} (${what}, ${size}${left})`;
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
    parts.push('', `## ${who}`, '');
    if (message.attachments?.length) parts.push(...message.attachments.map((a) => `- Attached: ${attachmentSummary(a)}`), '');
    parts.push(message.text.trim() || '_(no text)_');
    if (message.error) parts.push('', `> ${message.error}`);
    else if (message.status === 'stopped') parts.push('', '> Stopped before the end.');
  }
  return `${parts.join('\n')}\n`;
}
