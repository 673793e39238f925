import * as assert from 'node:assert/strict';
import { BlockSplitter } from '../../webview/markdown/blockSplitter';

const ANSWER = [
  '# Title',
  'First paragraph, still',
  'the same paragraph.',
  '',
  '- a list',
  '- of items',
  '',
  '```ts',
  'const x = 1;',
  '',
  'const y = 2;',
  '```',
  'After the code.',
  '',
  '~~~',
  'tilde fence with ``` inside',
  '~~~',
  '## Last heading',
  'Tail without newline',
].join('\n');

const EXPECTED = [
  '# Title\n',
  'First paragraph, still\nthe same paragraph.\n\n',
  '- a list\n- of items\n\n',
  '```ts\nconst x = 1;\n\nconst y = 2;\n```\n',
  'After the code.\n\n',
  '~~~\ntilde fence with ``` inside\n~~~\n',
  '## Last heading\n',
  'Tail without newline',
];

function split(pieces: readonly string[]): string[] {
  const splitter = new BlockSplitter();
  const blocks: string[] = [];
  for (const piece of pieces) blocks.push(...splitter.push(piece));
  blocks.push(...splitter.finish());
  return blocks;
}

describe('streaming markdown block splitter', () => {
  it('splits an answer into headings, paragraphs, lists and code blocks (blank lines inside code stay inside)', () => {
    assert.deepEqual(split([ANSWER]), EXPECTED);
  });

  it('finds the same blocks however the text is chunked', () => {
    for (const size of [1, 2, 3, 7, 16, 64]) {
      const pieces: string[] = [];
      for (let i = 0; i < ANSWER.length; i += size) pieces.push(ANSWER.slice(i, i + size));
      assert.deepEqual(split(pieces), EXPECTED, `chunks of ${size}`);
    }
  });

  it('knows while a code fence is open, and its language', () => {
    const splitter = new BlockSplitter();
    assert.deepEqual(splitter.push('Intro\n```python\nprint(1)\n'), ['Intro\n']);
    assert.deepEqual(splitter.openFence, { marker: '```', language: 'python' });
    assert.equal(splitter.open, '```python\nprint(1)\n');
    assert.deepEqual(splitter.push('```\n'), ['```python\nprint(1)\n```\n']);
    assert.equal(splitter.openFence, undefined);
  });

  it('keeps the whole source: the blocks joined give back the answer minus blank separator lines', () => {
    assert.equal(split([ANSWER]).join('').replace(/\n+/g, '\n'), ANSWER.replace(/\n+/g, '\n'));
  });
});
