import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { MarkdownBlocks, answerMarked, type BlocksUpdate } from '../../webview/markdown/markdownBlocks';
import { MAX_BLOCK, MAX_FORMATTED, MAX_INLINE_MARKS, MAX_NESTING, MAX_TABLE_ROWS } from '../../webview/markdown/renderLimits';
import { ANSWERS } from '../fixtures/markdown/answers';

interface SpecExample {
  readonly markdown: string;
  readonly section: string;
  readonly number: number;
}
const spec = createRequire(import.meta.url)('commonmark-spec') as { readonly tests: readonly SpecExample[] };
/** The specification shows a tab as "→". */
const EXAMPLES = spec.tests.map((t) => ({ ...t, markdown: t.markdown.replace(/→/g, '\t') }));

/** Streams the text in pieces of these sizes, in turn, and returns the HTML of the blocks it ends with, in order. */
function streamed(text: string, sizes: readonly number[]): string {
  const blocks = new MarkdownBlocks();
  const html = new Map<number, string>();
  const apply = (update: BlocksUpdate): void => {
    for (const block of update.settled) {
      assert.ok(!html.has(block.id), 'a block settles once');
      html.set(block.id, block.html);
    }
    for (const block of update.changed) {
      assert.ok(html.has(block.id), 'only a settled block changes');
      html.set(block.id, block.html);
    }
  };
  for (let at = 0, turn = 0; at < text.length; turn++) {
    const size = Math.max(1, sizes[turn % sizes.length] ?? 1);
    apply(blocks.push(text.slice(at, at + size)));
    void blocks.open;
    at += size;
  }
  apply(blocks.finish());
  return [...html.values()].join('');
}

const whole = (text: string): string => answerMarked.parse(text) as string;
const CUTS: readonly (readonly number[])[] = [[1], [2, 5, 1, 9], [7], [40]];

/** Markdown made of the line shapes that decide where blocks end, in any order and nesting. */
const markdownLines = fc
  .array(
    fc.tuple(
      fc.constantFrom('', ' ', '  ', '   ', '    ', '      '),
      fc.constantFrom('', '- ', '* ', '1. ', '2) ', '> ', '> > ', '- [ ] ', '- [x] ', '# ', '## '),
      fc.constantFrom('', 'text', 'more *em', 'words**', '```', '```js', '~~~', '````', '---', '===', '| a | b |', '|---|---|', '<details>', '</details>', '<div>', '</div>', '<!--', '-->', '[ref]: /url', '[ref]', '[x][ref]', '"title"', 'code();', '\t'),
    ),
    { maxLength: 30 },
  )
  .map((lines) => lines.map(([indent, marker, body]) => indent + marker + body).join('\n'));

describe('markdown streamed into blocks', () => {
  it('ends every CommonMark specification example exactly as rendering it whole, however the stream is cut', () => {
    const differing = EXAMPLES.filter((example) => CUTS.some((sizes) => streamed(example.markdown, sizes) !== whole(example.markdown)));
    assert.deepEqual(
      differing.map((e) => `${e.number} (${e.section})`),
      [],
    );
    assert.ok(EXAMPLES.length > 600, 'the specification examples were read');
  });

  it('ends answers as models write them exactly as rendering them whole: a character at a time, in pieces of every size to 40, and at random', function () {
    this.timeout(60_000);
    assert.ok(ANSWERS.length >= 80, `${ANSWERS.length} answers`);
    const sizes = [...Array.from({ length: 40 }, (_, i) => [i + 1]), [2, 5, 1, 9], [3, 17, 1, 40, 8]];
    for (const answer of ANSWERS) {
      const expected = whole(answer.text);
      for (const cut of sizes) assert.equal(streamed(answer.text, cut), expected, `${answer.name}, in pieces of ${cut.join(', ')}`);
    }
    fc.assert(
      fc.property(fc.constantFrom(...ANSWERS), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }), (answer, sizes) => streamed(answer.text, sizes) === whole(answer.text)),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('ends any mix of list, quote, fence, table, HTML and definition lines as rendering it whole', () => {
    fc.assert(
      fc.property(markdownLines, fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }), (text, sizes) => streamed(text, sizes) === whole(text)),
      { seed: 1717, numRuns: 1500 },
    );
  });

  it('settles a paragraph only once the first line after it is complete, as that line could still join it', () => {
    const blocks = new MarkdownBlocks();
    assert.deepEqual(blocks.push('Some text\n').settled, []);
    // "Some text" followed by "=" would be a heading: nothing is settled while the line is open.
    assert.deepEqual(blocks.push('\nNext').settled, []);
    const update = blocks.push(' paragraph\n');
    assert.deepEqual(
      update.settled.map((b) => b.html),
      ['<p>Some text</p>\n'],
    );
    assert.deepEqual(blocks.open, { kind: 'markdown', html: '<p>Next paragraph</p>\n', after: '' });
  });

  it('hands out an open fence as its code so far, with its language, and settles it with its closing line', () => {
    const blocks = new MarkdownBlocks();
    blocks.push('Intro\n\n```python\nprint(1)\n');
    assert.deepEqual(blocks.open, { kind: 'code', language: 'python', code: 'print(1)\n' });
    blocks.push('\nprint(2)\n``');
    assert.deepEqual(blocks.open, { kind: 'code', language: 'python', code: 'print(1)\n\nprint(2)\n``' }, 'a fence of two is not a closing fence yet');
    const update = blocks.push('`\n');
    assert.equal(update.settled.at(-1)?.html, '<pre><code class="language-python">print(1)\n\nprint(2)\n</code></pre>\n');
    assert.equal(blocks.open, undefined);
  });

  it('keeps the fenced code of a list item inside the item, blank lines and all', () => {
    const answer = ANSWERS.find((a) => a.name.startsWith('numbered steps'))?.text ?? '';
    const html = streamed(answer, [3]);
    assert.match(html, /<ol>\n<li><p>Install the dependencies:<\/p>\n<pre><code class="language-bash">npm install\n\nnpm run build\n<\/code><\/pre>/);
    assert.doesNotMatch(html, /```/);
  });

  it('renders a block again when a definition it uses settles after it, and only such blocks', () => {
    const blocks = new MarkdownBlocks();
    const first = blocks.push('See [docs].\n\nNothing to link here.\n\n');
    assert.deepEqual(
      first.settled.map((b) => b.html),
      ['<p>See [docs].</p>\n'],
    );
    const update = blocks.push('[docs]: https://example.com\n\nEnd.\n');
    assert.deepEqual(
      update.changed.map((b) => [b.id, b.html]),
      [[first.settled[0]?.id, '<p>See <a href="https://example.com">docs</a>.</p>\n']],
    );
  });

  it('holds blocks inside an HTML element left open together until it closes', () => {
    const blocks = new MarkdownBlocks();
    const opened = blocks.push('<details>\n<summary>Log</summary>\n\nInside *it*.\n\nStill inside.\n\n');
    assert.deepEqual(opened.settled, [], 'nothing settles while <details> is open');
    const closed = blocks.push('</details>\n\nAfter.\n');
    assert.equal(closed.settled.length, 1);
    assert.match(closed.settled[0]?.html ?? '', /^<details>[\s\S]*<em>it<\/em>[\s\S]*<\/details>/);
  });

  it('reads "\\r\\n" split across two pieces as one line break', () => {
    assert.equal(streamed('a\r\n\r\nb\r\n', [2]), whole('a\n\nb\n'));
    assert.equal(streamed('a\rb', [2]), whole('a\nb'));
  });

  describe('answers built to make a renderer hang', () => {
    /** The text the blocks show, tags taken out and entities read back. */
    const shown = (html: string): string => html.replace(/<[^<>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

    it('shows 10,000 nested quotes or list items as plain text after a notice, losing nothing', () => {
      const quotes = `Before.\n\n${'>'.repeat(10_000)} deep\n\nAfter.`;
      const markers = `Before.\n\n${'- '.repeat(10_000)}deep\n\nAfter.`;
      const indented = `Before.\n\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- item ${i}`).join('\n')}\n\nAfter.`;
      for (const text of [quotes, markers, indented]) {
        const html = streamed(text, [997]);
        assert.match(html, /^<p>Before.<\/p>/, 'what came before the limit is rendered as markdown');
        assert.match(html, new RegExp(`nests quotes or lists more than ${MAX_NESTING} deep`));
        const plain = [...html.matchAll(/<div class="plain-text">([^<]*)<\/div>/g)].map((m) => shown(m[1] ?? '')).join('');
        assert.ok(plain.length > 0 && text.endsWith(plain), 'the text from the line past the limit on is all there, as written');
        assert.ok(plain.includes('>'.repeat(10_000)) || plain.includes('- '.repeat(10_000)) || plain.includes('- item 299\n\nAfter.'));
      }
    });

    it('leaves the formatting out of a paragraph with more marks than it renders, saying so, and keeps its text', () => {
      const text = `Intro with *emphasis*.\n\n${'*a'.repeat(50_000)}\n\n${'*'.repeat(20_000)}a${'*'.repeat(20_000)}\n\nAfter with **bold**.`;
      const html = streamed(text, [4096]);
      assert.equal(html.match(/Formatting is not shown in this paragraph/g)?.length, 2);
      assert.ok(shown(html).includes('*a'.repeat(50_000)), 'every mark shows as itself');
      assert.match(html, /<em>emphasis<\/em>/);
      assert.match(html, /<strong>bold<\/strong>/);
      assert.ok(MAX_INLINE_MARKS >= 1000, 'ordinary answers stay under the limit');
    });

    it('shows a 1 MB paragraph as plain text after a notice, cut in the same pieces however it streams', () => {
      const line = 'word '.repeat(200_000);
      const html = streamed(line, [line.length]);
      for (const cut of [400, 4096, 65_536, 300_001]) assert.equal(streamed(line, [cut]), html, `pieces of ${cut}`);
      assert.match(html, new RegExp(`^<p class="render-limit" role="note">The rest of this answer is shown as plain text: it holds a paragraph, list or quote longer than the panel renders \\(${MAX_BLOCK / 1024} KB\\)\\.<`));
      const plain = [...html.matchAll(/<div class="plain-text">([^<]*)<\/div>/g)].map((m) => m[1] ?? '');
      assert.equal(plain.join(''), line, 'every word is there');
      assert.ok(plain.length > 10 && plain.every((piece) => piece.length <= 64 * 1024), 'in pieces the panel can lay out one at a time');
    });

    it(`renders a 5,000-row table's first ${MAX_TABLE_ROWS} rows as a table and the rest as plain text, however it streams`, () => {
      const rows = Array.from({ length: 5000 }, (_, i) => `| ${i} | \`${i * i}\` |`);
      const table = `Squares:\n\n| n | square |\n|---|---|\n${rows.join('\n')}\n\nAfter.`;
      const html = streamed(table, [table.length]);
      for (const cut of [400, 7, 9000]) assert.equal(streamed(table, [cut]), html, `pieces of ${cut}`);
      assert.match(html, /^<p>Squares:<\/p>\n<table>/);
      assert.equal(html.match(/<tr>/g)?.length, MAX_TABLE_ROWS + 1, 'the head and the rows up to the limit');
      assert.ok(html.includes(`<td><code>${499 * 499}</code></td>`) && !html.includes(`<td>${MAX_TABLE_ROWS}</td>`));
      assert.match(html, new RegExp(`The rest of this table, and of the answer, is shown as plain text: the panel shows at most ${MAX_TABLE_ROWS} rows of a table.`));
      const plain = [...html.matchAll(/<div class="plain-text">([^<]*)<\/div>/g)].map((m) => m[1] ?? '').join('');
      assert.equal(plain, `${rows.slice(MAX_TABLE_ROWS).join('\n')}\n\nAfter.`, 'the rows past the limit, and what follows, as written');
    });

    it(`formats an answer's first ${MAX_FORMATTED / 1024 / 1024} MB and shows the rest as plain text from the next block on, however it streams`, () => {
      const sections = Array.from({ length: 32_000 }, (_, i) => `## Part ${i}\n\nSome *text* about part ${i}, with \`code\`.\n\n- one\n- two\n`);
      const text = sections.join('\n');
      assert.ok(text.length > 2 * MAX_FORMATTED);
      const html = streamed(text, [text.length]);
      for (const cut of [8192, 997]) assert.equal(streamed(text, [cut]), html, `pieces of ${cut}`);
      const [formatted = '', rest = ''] = html.split(/<p class="render-limit" role="note">The rest of this answer is shown as plain text: it is longer than the panel formats[^<]*<\/p>\n/);
      assert.ok(rest.length > 0, 'a notice where formatting stops');
      assert.match(formatted, /<h2>Part 0<\/h2>/);
      assert.doesNotMatch(rest, /<h2>|<em>|<li>/, 'nothing past the limit is formatted');
      const plain = [...rest.matchAll(/<div class="plain-text">([^<]*)<\/div>/g)].map((m) => m[1] ?? '').join('');
      assert.ok(text.endsWith(plain) && text.length - plain.length >= MAX_FORMATTED, 'the text from the limit on, as written');
      assert.match(plain, /^(## Part \d+|Some \*text\*|- one)/, 'starting with a whole block');
    });

    it('renders a 300 KB code block as code: code is never past the block limit', () => {
      const code = Array.from({ length: 12_000 }, (_, i) => `let value${i} = ${i};`).join('\n');
      const text = `\`\`\`js\n${code}\n\`\`\`\n\nAfter.`;
      assert.ok(text.length > MAX_BLOCK);
      const html = streamed(text, [4096]);
      assert.equal(html, whole(text));
      assert.doesNotMatch(html, /render-limit/);
      assert.match(html, /^<pre><code class="language-js">let value0 = 0;\n/);
    });
  });
});
