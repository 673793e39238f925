/**
 * Where an answer stops being rendered as structure, so that no answer can make the panel hang:
 * markdown renderers overflow their stack on thousands of nested quotes or lists, take time
 * growing with the square of the emphasis and link marks in one paragraph, and lex a block again
 * each time it grows. Past these limits the text is still shown, whole, as plain text, under a
 * notice saying why. Real answers stay far below them. Pure: no DOM.
 */
import type { Token, Tokens } from 'marked';

/** Containers (quotes, list items) one line may open, and the indentation a list item may have. */
export const MAX_NESTING = 16;
const MAX_LIST_INDENT = 48;

/** Emphasis, link, code and tag marks one paragraph (one inline run) may hold and still be formatted. */
export const MAX_INLINE_MARKS = 1000;

/** The longest paragraph, list, table or quote rendered as structure: lexing it again as it grows takes a frame at about this size. */
export const MAX_BLOCK = 256 * 1024;
/** The most of one answer formatted as markdown: past it, a few megabytes of elements would make every garbage collection freeze the panel. */
export const MAX_FORMATTED = 1024 * 1024;
/** The most rows a table shows as a table: laying out and rendering it again as it grows takes a frame at about this many. */
export const MAX_TABLE_ROWS = 500;

/** The offset of the first line at or after `from` nested deeper than the panel renders; -1 if none. */
export function tooDeepLine(text: string, from: number): number {
  for (let start = from; start < text.length; ) {
    if (lineTooDeep(text, start)) return start;
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    start = end + 1;
  }
  return -1;
}

/** Reads only the line's leading run of indentation, quote markers and list markers. */
function lineTooDeep(text: string, start: number): boolean {
  let containers = 0;
  let indent = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t') {
      indent += ch === '\t' ? 4 : 1;
      i++;
    } else if (ch === '>') {
      containers++;
      i++;
    } else if ((ch === '-' || ch === '*' || ch === '+') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      containers++;
      if (indent > MAX_LIST_INDENT) return true;
      i += 2;
    } else {
      let digits = 0;
      while (digits < 10 && /\d/.test(text[i + digits] ?? '')) digits++;
      const after = text[i + digits];
      if (digits === 0 || digits > 9 || (after !== '.' && after !== ')') || (text[i + digits + 1] !== ' ' && text[i + digits + 1] !== '\t')) break;
      containers++;
      if (indent > MAX_LIST_INDENT) return true;
      i += digits + 2;
    }
    if (containers > MAX_NESTING) return true;
  }
  return false;
}

/** How many marks the inline renderer pairs up in this run. */
function inlineMarks(src: string): number {
  let marks = 0;
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
    // * _ [ ] ` < ~
    if (code === 42 || code === 95 || code === 91 || code === 93 || code === 96 || code === 60 || code === 126) marks++;
  }
  return marks;
}

/** Said where formatting stops: as HTML the sanitiser keeps. */
const INLINE_LIMIT_NOTICE = '<span class="render-limit" role="note">Formatting is not shown in this paragraph: it holds more emphasis and link marks than the panel renders.</span> ';
export const NESTING_LIMIT_NOTICE = `<p class="render-limit" role="note">The rest of this answer is shown as plain text: it nests quotes or lists more than ${MAX_NESTING} deep.</p>\n`;
export const LENGTH_LIMIT_NOTICE = `<p class="render-limit" role="note">The rest of this answer is shown as plain text: it is longer than the panel formats (${MAX_FORMATTED / 1024 / 1024} MB).</p>\n`;
const BLOCK_LIMIT_NOTICE = `<p class="render-limit" role="note">The rest of this answer is shown as plain text: it holds a paragraph, list or quote longer than the panel renders (${MAX_BLOCK / 1024} KB).</p>\n`;
const TABLE_LIMIT_NOTICE = `<p class="render-limit" role="note">The rest of this table, and of the answer, is shown as plain text: the panel shows at most ${MAX_TABLE_ROWS} rows of a table.</p>\n`;

/**
 * An inline run with more marks than the limit as the tokens that show it as text, after a
 * notice, without lexing it (which takes time growing with the square of its marks); undefined for
 * any other run.
 */
export function inlineAsText(src: string): Tokens.Generic[] | undefined {
  if (inlineMarks(src) <= MAX_INLINE_MARKS) return undefined;
  return [
    { type: 'html', raw: '', text: INLINE_LIMIT_NOTICE, block: false, inLink: false, inRawBlock: false },
    { type: 'text', raw: src, text: src, escaped: false },
  ];
}

/**
 * Where in a lexed top-level block the panel stops rendering structure, as an offset into its
 * markdown, and the notice that says why; undefined within the limits. A table past
 * MAX_TABLE_ROWS stops at its first row past them; any other block longer than MAX_BLOCK at its
 * start, but for code blocks, which are not lexed again as they grow.
 */
export function structureEnd(token: Token): { readonly at: number; readonly notice: string } | undefined {
  if (token.type === 'code') return undefined;
  if (token.type === 'table' && (token as Tokens.Table).rows.length > MAX_TABLE_ROWS) return { at: lineStart(token.raw, 2 + MAX_TABLE_ROWS), notice: TABLE_LIMIT_NOTICE };
  return token.raw.length > MAX_BLOCK ? { at: 0, notice: BLOCK_LIMIT_NOTICE } : undefined;
}

/** The offset of the line after the first `lines` lines. */
function lineStart(text: string, lines: number): number {
  let at = 0;
  for (let i = 0; i < lines && at !== -1; i++) at = text.indexOf('\n', at) + 1 || -1;
  return at === -1 ? text.length : at;
}

/** Past the block limit or the nesting limit, the text settles in pieces of this size, each ending at a line end if one comes within LONGEST_PLAIN_PIECE. */
const PLAIN_PIECE = 16 * 1024;
const LONGEST_PLAIN_PIECE = 4 * PLAIN_PIECE;

/**
 * Where plain text from `from` ends its piece: the first line end PLAIN_PIECE characters on, or
 * LONGEST_PLAIN_PIECE characters on (never inside a surrogate pair) if no line ends before; at the
 * end of the text once it is final; undefined while not known yet. Pieces so placed fall where
 * they do however the text streamed.
 */
export function plainPieceEnd(text: string, from: number, final: boolean): number | undefined {
  if (from >= text.length) return undefined;
  const longest = from + LONGEST_PLAIN_PIECE;
  const lineEnd = text.slice(from + PLAIN_PIECE, longest).indexOf('\n');
  if (lineEnd !== -1) return from + PLAIN_PIECE + lineEnd + 1;
  if (text.length >= longest) {
    const code = text.charCodeAt(longest - 1);
    return code >= 0xd800 && code <= 0xdbff ? longest - 1 : longest;
  }
  return final ? text.length : undefined;
}

/** Text as HTML that shows it as it is, line breaks and all. */
export function plainTextHtml(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
  return `<div class="plain-text">${escaped}</div>\n`;
}
