/** highlight.js core with the languages people ask models about most; nothing auto-detected. */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, c, cpp, csharp, css, diff, go, java, javascript, json, kotlin, markdown, php, python, ruby, rust, sql, swift, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

/**
 * highlight.js compiles a grammar the first time it is used, which for the bigger ones takes tens
 * of milliseconds: done in idle time, one language per idle slot, the first answer with code does
 * not stutter.
 */
export function warmUpHighlighting(): void {
  const waiting = Object.keys(LANGUAGES);
  const next = (deadline: IdleDeadline): void => {
    while (waiting.length > 0 && deadline.timeRemaining() > 5) hljs.highlight('x', { language: waiting.shift() ?? 'plaintext', ignoreIllegals: true });
    if (waiting.length > 0) requestIdleCallback(next);
  };
  requestIdleCallback(next);
}

/** Whether code in this language is highlighted. */
export function highlights(language: string): boolean {
  const name = language.toLowerCase();
  return name !== '' && hljs.getLanguage(name) !== undefined;
}

/** Highlighted HTML for code in a known language, or undefined to show it as plain text. */
export function highlight(code: string, language: string): string | undefined {
  return highlightPiece(code, language)?.html;
}

export interface HighlightedPiece {
  readonly html: string;
  /** The grammar ends the piece at its top level, inside nothing still open. */
  readonly atTopLevel: boolean;
  /** The piece holds code in another language (a script in HTML), whose state the grammar keeps for what follows. */
  readonly embedsLanguage: boolean;
}

/** Highlighted HTML for a piece of code, and what highlighting what follows alone needs to know of it. */
export function highlightPiece(code: string, language: string): HighlightedPiece | undefined {
  if (!highlights(language)) return undefined;
  const result = hljs.highlight(code, { language: language.toLowerCase(), ignoreIllegals: true });
  // The mode the grammar is in at the end: the language itself has no parent mode.
  const top = result._top as { parent?: unknown } | undefined;
  return { html: result.value, atTopLevel: top !== undefined && top.parent === undefined, embedsLanguage: result.value.includes('class="language-') };
}
