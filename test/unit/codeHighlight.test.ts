import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CodePieces } from '../../webview/markdown/codeHighlight';
import { highlight } from '../../webview/markdown/highlight';

const LANGUAGE_OF: Record<string, string> = { '.ts': 'typescript', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.css': 'css', '.json': 'json', '.md': 'markdown', '.yml': 'yaml', '.yaml': 'yaml', '.html': 'xml' };

/** Every file of those kinds under a folder, in a stable order. */
function sources(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) sources(path, found);
    else if (stat && stat.size < 100_000 && LANGUAGE_OF[extname(name)]) found.push(path);
  }
  return found;
}

/** Streams the code in pieces of `step` characters; returns the highlighting it ends with and how far it got before the end. */
function streamed(code: string, language: string, step: number): { html: string; beforeEnd: number } {
  const pieces = new CodePieces(language);
  let html = '';
  for (let at = step; at < code.length + step; at += step) html += pieces.next(code.slice(0, Math.min(at, code.length))) ?? '';
  const beforeEnd = pieces.highlightedTo;
  const rest = pieces.finish(code);
  assert.ok(rest !== undefined);
  return { html: html + rest, beforeEnd };
}

describe('highlighting a long code block as it streams', () => {
  it('ends every source file of the installed packages exactly as highlighting it whole, much of it highlighted before the end', function () {
    this.timeout(120_000);
    const files = sources('node_modules').filter((_, i) => i % 25 === 0);
    assert.ok(files.length > 400, `${files.length} files`);
    const differing: string[] = [];
    let characters = 0;
    let early = 0;
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const language = LANGUAGE_OF[extname(file)] ?? '';
      const { html, beforeEnd } = streamed(code, language, 997);
      if (html !== highlight(code, language)) differing.push(file);
      characters += code.length;
      early += beforeEnd;
    }
    assert.deepEqual(differing, []);
    // Bundled and minified files have no place to cut; sources do.
    assert.ok(early > characters * 0.25, `${early} of ${characters} characters highlighted before the end`);
  });

  it('highlights a module of functions up to its last one while it streams', () => {
    const functions = Array.from({ length: 40 }, (_, i) => `export function f${i}(a: number): number {\n  return a * ${i}; // times ${i}\n}\n`);
    const code = functions.join('\n');
    const { html, beforeEnd } = streamed(code, 'typescript', 300);
    assert.equal(html, highlight(code, 'typescript'));
    assert.ok(beforeEnd >= code.length - (functions.at(-1)?.length ?? 0) - 300, `${beforeEnd} of ${code.length}`);
  });

  it('waits while a piece ends inside a comment or string, and highlights it once the piece is closed', () => {
    const pieces = new CodePieces('python');
    assert.equal(pieces.next('x = """\nstill the string\n\ny = 1\n'), undefined, 'the piece ends inside the string');
    assert.equal(pieces.highlightedTo, 0);
    const html = pieces.next('x = """\nstill the string\n\ny = 1\n"""\n\nz = 2\n');
    assert.match(html ?? '', /^x = <span class="hljs-string">&quot;&quot;&quot;\nstill the string\n\ny = 1\n&quot;&quot;&quot;<\/span>\n\n$/);
  });

  it('does not cut before a comment after a blank line, which an expression begun before it may still hold', () => {
    const code = 'x = [\n// one\n\n// two\n/(a|b)/g,\n1];\n';
    const pieces = new CodePieces('javascript');
    assert.equal(pieces.next(code), undefined);
    assert.equal(pieces.finish(code), highlight(code, 'javascript'));
    assert.match(pieces.finish(code) ?? '', /<span class="hljs-regexp">\/\(a\|b\)\/g<\/span>/);
  });

  it('stops cutting once a piece embeds another language, whose state carries over', () => {
    const pieces = new CodePieces('xml');
    assert.equal(pieces.next('<script>\nlet a = `\n\n<b>`;\n</script>\n\n<p>next</p>\n\n<p>more</p>\n'), undefined);
    assert.equal(pieces.highlightedTo, 0);
  });

  it('gives nothing to keep when the closed code does not start with what was highlighted', () => {
    const pieces = new CodePieces('typescript');
    assert.ok(pieces.next('const a = 1;\n\nconst b = 2;\n'));
    assert.equal(pieces.finish('  const a = 1;\n'), undefined);
  });
});
