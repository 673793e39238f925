/**
 * Where an answer stops being rendered as structure, so that no answer can make the panel hang:
 * markdown renderers overflow their stack on thousands of nested quotes or lists and take time
 * growing with the square of the emphasis and link marks in one paragraph. Past these limits the
 * text is still shown, whole, as plain text, under a notice saying why. Real answers stay far
 * below them. Pure: no DOM.
 */

/** Containers (quotes, list items) one line may open, and the indentation a list item may have. */
export const MAX_NESTING = 16;
const MAX_LIST_INDENT = 48;

/** Emphasis, link, code and tag marks one paragraph (one inline run) may hold and still be formatted. */
export const MAX_INLINE_MARKS = 1000;

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
export const INLINE_LIMIT_NOTICE = '<span class="render-limit" role="note">Formatting is not shown in this paragraph: it holds more emphasis and link marks than the panel renders.</span> ';
export const NESTING_LIMIT_NOTICE = `<p class="render-limit" role="note">The rest of this answer is shown as plain text: it nests quotes or lists more than ${MAX_NESTING} deep.</p>\n`;

/**
 * An inline run with more marks than the limit, every mark escaped so that it reads as itself in
 * linear time, after a notice; any other run as it is.
 */
export function tameInline(src: string): string {
  if (inlineMarks(src) <= MAX_INLINE_MARKS) return src;
  return INLINE_LIMIT_NOTICE + src.replace(/[\\*_[\]`<~]/g, '\\$&');
}

/** Text as HTML that shows it as it is, line breaks and all. */
export function plainTextHtml(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
  return `<div class="plain-text">${escaped}</div>\n`;
}
