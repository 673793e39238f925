/** Text from outside (a model's name, a gateway's label) set into a Markdown document we write. */

const MARKDOWN_PUNCTUATION = /[\\`*_[\]#|!~]/g;
const HTML = /[&<>]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * The text as it reads, whatever it holds: no Markdown of its own (links, emphasis, a table's
 * `|`), no HTML, and on one line, so it can stand in a table cell or a heading.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(HTML, (ch) => ENTITIES[ch] ?? ch)
    .replace(MARKDOWN_PUNCTUATION, (ch) => `\\${ch}`);
}
