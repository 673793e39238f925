/**
 * Prompts about code in the editor: the code (trimmed when very large, saying what was left out),
 * its file name and language, a few lines around it, and the language the answer should be in.
 * Pure: the adapter reads the editor and sends the prompt.
 */

export interface CodeExcerpt {
  /** The file name as the workspace shows it (relative path). */
  readonly fileName: string;
  readonly languageId: string;
  /** Zero-based, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly lines: readonly string[];
  /** Lines just above and below the excerpt, for context. */
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** Beyond this many characters an excerpt is cut, at a line end. */
export const MAX_EXCERPT_CHARS = 12_000;

export interface Trimmed {
  readonly lines: readonly string[];
  /** Lines left out at the end; 0 when nothing was. */
  readonly omittedLines: number;
}

/** Keeps whole lines from the start while they fit in `maxChars`, and at least the first line (cut). */
export function trimLines(lines: readonly string[], maxChars = MAX_EXCERPT_CHARS): Trimmed {
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    if (used + line.length + 1 > maxChars) break;
    used += line.length + 1;
    kept += 1;
  }
  if (kept === 0 && lines.length > 0) return { lines: [(lines[0] ?? '').slice(0, maxChars)], omittedLines: lines.length - 1 };
  return { lines: lines.slice(0, kept), omittedLines: lines.length - kept };
}

/** A fence longer than any run of backticks in the code, so the code cannot close it. */
function fence(lines: readonly string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((run) => run.length))));
  return '`'.repeat(longest + 1);
}

/** Lines fenced so that nothing in them can close the fence, with the language as the info string. */
export function fencedBlock(lines: readonly string[], languageId: string): string {
  const f = fence(lines);
  return `${f}${languageId}\n${lines.join('\n')}\n${f}`;
}

/** "lines 3–10" or "line 3", one-based. */
export function lineSpan(startLine: number, endLine: number): string {
  return startLine === endLine ? `line ${startLine + 1}` : `lines ${startLine + 1}–${endLine + 1}`;
}

/** Context lines without the blank lines at either end. */
function withoutBlankEnds(lines: readonly string[]): readonly string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && !lines[start]?.trim()) start += 1;
  while (end > start && !lines[end - 1]?.trim()) end -= 1;
  return lines.slice(start, end);
}

function contextSection(excerpt: CodeExcerpt): string[] {
  const parts: string[] = [];
  const before = withoutBlankEnds(excerpt.before);
  const after = withoutBlankEnds(excerpt.after);
  if (before.length) parts.push(`The lines just above it:\n\n${fencedBlock(before, excerpt.languageId)}`);
  if (after.length) parts.push(`The lines just below it:\n\n${fencedBlock(after, excerpt.languageId)}`);
  return parts;
}

export interface CodePrompt {
  readonly prompt: string;
  /** Lines of the excerpt that did not fit, to tell the user about. */
  readonly omittedLines: number;
}

function header(excerpt: CodeExcerpt): string {
  return `\`${excerpt.fileName}\` (${excerpt.languageId}), ${lineSpan(excerpt.startLine, excerpt.endLine)}`;
}

function answerIn(language: string): string {
  return `Answer in ${language}.`;
}

function omittedNote(omittedLines: number): string[] {
  return omittedLines > 0 ? [`(The last ${omittedLines} lines of the selection were left out for length.)`] : [];
}

/** Asks for an explanation of the excerpt. */
export function explainPrompt(excerpt: CodeExcerpt, language: string): CodePrompt {
  const { lines, omittedLines } = trimLines(excerpt.lines);
  const prompt = [
    `Explain this code from ${header(excerpt)}: what it does, how, and anything surprising in it. ${answerIn(language)}`,
    fencedBlock(lines, excerpt.languageId),
    ...omittedNote(omittedLines),
    ...contextSection(excerpt),
  ].join('\n\n');
  return { prompt, omittedLines };
}

/** Asks what a problem the editor reports means and how to fix it. */
export function problemPrompt(excerpt: CodeExcerpt, problem: { readonly message: string; readonly source?: string; readonly line: number }, language: string): CodePrompt {
  const { lines, omittedLines } = trimLines(excerpt.lines);
  const reporter = problem.source ? ` (reported by ${problem.source})` : '';
  const prompt = [
    `Explain this problem in ${header(excerpt)}, at line ${problem.line + 1}${reporter}, and how to fix it. ${answerIn(language)}`,
    `> ${problem.message.split('\n').join('\n> ')}`,
    fencedBlock(lines, excerpt.languageId),
    ...omittedNote(omittedLines),
    ...contextSection(excerpt),
  ].join('\n\n');
  return { prompt, omittedLines };
}

/** The selection as context for a question the user is about to type. */
export function askAboutPrompt(excerpt: CodeExcerpt): CodePrompt {
  const { lines, omittedLines } = trimLines(excerpt.lines);
  const prompt = [`About this code from ${header(excerpt)}:`, fencedBlock(lines, excerpt.languageId), ...omittedNote(omittedLines), ''].join('\n\n');
  return { prompt, omittedLines };
}

const indentOf = (line: string): number => line.length - line.trimStart().length;

/**
 * The block around a line when nothing is selected and no folding range says better: the line's
 * paragraph (up to blank lines), widened to the lines indented deeper than its first line.
 */
export function paragraphAround(lines: readonly string[], line: number): { startLine: number; endLine: number } {
  const blank = (i: number): boolean => (lines[i] ?? '').trim() === '';
  let start = Math.min(Math.max(line, 0), Math.max(lines.length - 1, 0));
  let end = start;
  while (start > 0 && !blank(start - 1)) start -= 1;
  while (end < lines.length - 1 && !blank(end + 1)) end += 1;
  const base = indentOf(lines[start] ?? '');
  // A body separated by blank lines still belongs to the line that opened it.
  let next = end + 1;
  while (next < lines.length && (blank(next) || indentOf(lines[next] ?? '') > base)) {
    if (!blank(next)) end = next;
    next += 1;
  }
  return { startLine: start, endLine: end };
}

/** The innermost of the ranges (folding ranges, zero-based, inclusive) that holds the line. */
export function innermostRange(ranges: ReadonlyArray<{ readonly start: number; readonly end: number }>, line: number): { startLine: number; endLine: number } | undefined {
  let best: { start: number; end: number } | undefined;
  for (const range of ranges) {
    if (range.start <= line && line <= range.end && (!best || range.end - range.start < best.end - best.start)) best = range;
  }
  return best && { startLine: best.start, endLine: best.end };
}

/** "Korean" for `ko`, "French" for `fr-CA`: the name of a VS Code display language, in English. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
