/**
 * Context the user attaches to a prompt: a file, a selection, a file's problems or a folder's tree.
 * An attachment keeps the text as it is sent (trimmed when long, saying what was left out), so a
 * saved conversation sends the same request again; the prompt goes to the model after its
 * attachments, each fenced with its path and language.
 */
import { estimateTextTokens } from '../../base/core/tokenEstimate';
import { fencedBlock, lineSpan, trimLines } from '../../editor/core/codeContext';
import { attachmentName } from './attachmentName';
import { imageLine, imageTokens, type ImageFacts } from './imageAttachment';
import type { ImageInput } from '../../gateway/core/requestParams';

export type { AttachmentKind } from './attachmentName';
import type { AttachmentKind } from './attachmentName';

export interface Attachment {
  readonly id: string;
  readonly kind: AttachmentKind;
  /** The file or folder as the workspace names it (relative), or its whole path outside one. */
  readonly path: string;
  /** The fence's info string: VS Code's language id, or "text". */
  readonly languageId: string;
  /** The text as sent, after trimming. */
  readonly text: string;
  /** Characters of the source before trimming. */
  readonly size: number;
  /** Lines of the source left out at the end; 0 when it was sent whole. */
  readonly omittedLines: number;
  /** For a selection: zero-based, inclusive. */
  readonly lines?: { readonly start: number; readonly end: number };
  /** A fingerprint of the source when attached, to tell later whether it changed. */
  readonly digest?: string;
  /** An image's type and pixel size; its `text` is empty and its bytes are in `data`. */
  readonly image?: ImageFacts;
  /** An image's bytes, base64: in memory only, kept in a file beside the conversation. */
  readonly data?: string;
}

/** Beyond this many characters an attachment is cut at a line end (about 25,000 tokens of code). */
export const MAX_ATTACHMENT_CHARS = 100_000;

/** A file larger than this is not read at all: what would be kept of it is a small part. */
export const MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024;

/** Entries of a folder's tree past which the listing stops. */
export const MAX_TREE_ENTRIES = 1_000;

export interface AttachmentSource {
  readonly id: string;
  readonly kind: AttachmentKind;
  readonly path: string;
  readonly languageId: string;
  readonly text: string;
  readonly lines?: { readonly start: number; readonly end: number };
  readonly digest?: string;
}

/** The attachment of `source`, trimmed to `maxChars` at a line end. */
export function makeAttachment(source: AttachmentSource, maxChars = MAX_ATTACHMENT_CHARS): Attachment {
  // The newline that ends a file (or a selection up to the next line) ends its last line; it is no line of its own.
  const body = source.text.endsWith('\n') ? source.text.slice(0, source.text.endsWith('\r\n') ? -2 : -1) : source.text;
  const all = body.split(/\r?\n/);
  const { lines, omittedLines } = trimLines(all, maxChars);
  return { ...source, text: lines.join('\n'), size: source.text.length, omittedLines };
}

/** An image attachment: `bytes` is the size of the image as sent. */
export function makeImageAttachment(id: string, name: string, facts: ImageFacts, base64: string, bytes: number): Attachment {
  return { id, kind: 'image', path: name, languageId: facts.mimeType, text: '', size: bytes, omittedLines: 0, image: facts, data: base64 };
}

function heading(attachment: Attachment): string {
  const path = `\`${attachment.path}\``;
  switch (attachment.kind) {
    case 'selection':
      return attachment.lines ? `From ${path}, ${lineSpan(attachment.lines.start, attachment.lines.end)}:` : `From ${path}:`;
    case 'problems':
      return `The problems VS Code reports in ${path}:`;
    case 'folder':
      return `The files in ${path}:`;
    case 'file':
      return `The file ${path}:`;
    case 'image':
      return imageLine(attachment.path);
  }
}

/** One attachment as the model reads it: a heading naming it, the fenced text, and what was left out. */
export function attachmentBlock(attachment: Attachment): string {
  if (attachment.kind === 'image') return heading(attachment);
  const parts = [heading(attachment), fencedBlock(attachment.text.split('\n'), attachment.languageId)];
  if (attachment.omittedLines > 0) parts.push(`(The last ${attachment.omittedLines} lines were left out for length.)`);
  return parts.join('\n\n');
}

/** A user message's content as sent: its attachments first, then the prompt. */
export function promptContent(text: string, attachments: readonly Attachment[] | undefined): string {
  if (!attachments?.length) return text;
  return [...attachments.map(attachmentBlock), text].join('\n\n');
}

/** The tokens an attachment adds to a request, as the estimate counts them. */
export function attachmentTokens(attachment: Attachment): number {
  const image = attachment.image ? imageTokens(attachment.image.width, attachment.image.height) : 0;
  return image + estimateTextTokens(`${attachmentBlock(attachment)}\n\n`);
}

/** The images a prompt carries, as content parts; one whose bytes could not be read is left out. */
export function promptImages(attachments: readonly Attachment[] | undefined): ImageInput[] {
  return (attachments ?? []).flatMap((a) => (a.image && a.data ? [{ mimeType: a.image.mimeType, base64: a.data }] : []));
}

export interface Problem {
  /** Zero-based. */
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly message: string;
  readonly source?: string;
  readonly code?: string;
}

/** A file's problems, one a line, by line: "line 3 · error · ts(2304): Cannot find name 'x'." */
export function problemsText(problems: readonly Problem[]): string {
  return [...problems]
    .sort((a, b) => a.line - b.line)
    .map((p) => {
      const from = [p.source, p.code].filter(Boolean).join(' ');
      return `line ${p.line + 1} · ${p.severity}${from ? ` · ${from}` : ''}: ${p.message.split('\n').map((part) => part.trim()).join(' ')}`;
    })
    .join('\n');
}

/**
 * A folder's files as an indented tree, folders first then files, each level sorted; the paths are
 * relative to the folder, with `/` between parts. Stops after `maxEntries` lines, saying how many more.
 */
export function folderTree(paths: readonly string[], maxEntries = MAX_TREE_ENTRIES): string {
  interface Node {
    readonly folders: Map<string, Node>;
    readonly files: Set<string>;
  }
  const root: Node = { folders: new Map(), files: new Set() };
  for (const path of paths) {
    const parts = path.split('/').filter(Boolean);
    const file = parts.pop();
    if (file === undefined) continue;
    let node = root;
    for (const part of parts) {
      let next = node.folders.get(part);
      if (!next) {
        next = { folders: new Map(), files: new Set() };
        node.folders.set(part, next);
      }
      node = next;
    }
    node.files.add(file);
  }
  const lines: string[] = [];
  let left = 0;
  const walk = (node: Node, depth: number): void => {
    const indent = '  '.repeat(depth);
    for (const [name, child] of [...node.folders].sort(([a], [b]) => a.localeCompare(b))) {
      if (lines.length < maxEntries) lines.push(`${indent}${name}/`);
      else left += 1;
      walk(child, depth + 1);
    }
    for (const name of [...node.files].sort((a, b) => a.localeCompare(b))) {
      if (lines.length < maxEntries) lines.push(`${indent}${name}`);
      else left += 1;
    }
  };
  walk(root, 0);
  if (left > 0) lines.push(`… and ${left} more`);
  return lines.join('\n');
}

/** What the composer shows of an attachment waiting to be sent. */
export interface AttachmentChip {
  readonly id: string;
  readonly kind: AttachmentKind;
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly tokens: number;
  readonly omittedLines: number;
  /** The first lines, for a preview on hover. */
  readonly preview: string;
  /** An image, as a data: URL to show. */
  readonly thumbnail?: string;
}

const PREVIEW_LINES = 20;

export function attachmentChip(attachment: Attachment): AttachmentChip {
  const { id, kind, path, size, omittedLines } = attachment;
  const lines = attachment.text.split('\n');
  const preview = lines.slice(0, PREVIEW_LINES).join('\n').slice(0, 2000) + (lines.length > PREVIEW_LINES ? '\n…' : '');
  const thumbnail = attachment.image && attachment.data ? { thumbnail: `data:${attachment.image.mimeType};base64,${attachment.data}` } : {};
  const facts = attachment.image ? `${attachment.image.width} × ${attachment.image.height} pixels` : preview;
  return { id, kind, name: attachmentName(attachment), path, size, tokens: attachmentTokens(attachment), omittedLines, preview: facts, ...thumbnail };
}
