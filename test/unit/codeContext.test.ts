import * as assert from 'node:assert/strict';
import { askAboutPrompt, explainPrompt, innermostRange, languageName, paragraphAround, problemPrompt, trimLines, type CodeExcerpt } from '../../src/editor/core/codeContext';

const excerpt: CodeExcerpt = {
  fileName: 'src/example.py',
  languageId: 'python',
  startLine: 2,
  endLine: 4,
  lines: ['    a, b = 0, 1', '    for _ in range(n):', '        a, b = b, a + b'],
  before: ['def fibonacci(n: int) -> int:', '    """Return the n-th Fibonacci number."""'],
  after: ['    return a', '', ''],
};

describe('prompts about code in the editor', () => {
  it('explains a selection with its file, language, lines, context and the answer language', () => {
    const { prompt, omittedLines } = explainPrompt(excerpt, 'Korean');
    assert.equal(omittedLines, 0);
    assert.equal(
      prompt,
      [
        'Explain this code from `src/example.py` (python), lines 3–5: what it does, how, and anything surprising in it. Answer in Korean.',
        '```python\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n```',
        'The lines just above it:\n\n```python\ndef fibonacci(n: int) -> int:\n    """Return the n-th Fibonacci number."""\n```',
        'The lines just below it:\n\n```python\n    return a\n```',
      ].join('\n\n'),
    );
  });

  it('trims a very large selection at a line end and says how much was left out', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const trimmed = trimLines(lines, 1000);
    assert.equal(trimmed.lines.length, 20);
    assert.equal(trimmed.omittedLines, 980);
    assert.deepEqual(trimLines(['y'.repeat(50), 'z'], 10), { lines: ['y'.repeat(10)], omittedLines: 1 });
    const { prompt, omittedLines } = explainPrompt({ ...excerpt, lines, endLine: 1001, before: [], after: [] }, 'English');
    assert.ok(omittedLines > 0);
    assert.match(prompt, new RegExp(`\\(The last ${omittedLines} lines of the selection were left out for length\\.\\)$`));
    assert.ok(prompt.length < 12_500);
  });

  it('fences code that itself holds backticks so it cannot end the block early', () => {
    const { prompt } = askAboutPrompt({ ...excerpt, languageId: 'markdown', lines: ['```js', 'x()', '```'], before: [], after: [] });
    assert.match(prompt, /^About this code from `src\/example\.py` \(markdown\), lines 3–5:\n\n````markdown\n```js\nx\(\)\n```\n````\n\n$/);
  });

  it('explains a reported problem with its message and reporter', () => {
    const { prompt } = problemPrompt(excerpt, { message: 'Name "m" is not defined\nsecond line', source: 'Pylance', line: 3 }, 'French');
    assert.match(prompt, /^Explain this problem in `src\/example\.py` \(python\), lines 3–5, at line 4 \(reported by Pylance\), and how to fix it\. Answer in French\.\n\n> Name "m" is not defined\n> second line\n\n```python/);
  });

  it('finds the block around the cursor: the innermost folding range, else the paragraph', () => {
    assert.deepEqual(innermostRange([{ start: 0, end: 6 }, { start: 3, end: 4 }, { start: 8, end: 9 }], 4), { startLine: 3, endLine: 4 });
    assert.equal(innermostRange([{ start: 0, end: 2 }], 5), undefined);
    const file = ['import os', '', 'def f():', '    x = 1', '', '    return x', '', '', 'print(f())'];
    assert.deepEqual(paragraphAround(file, 3), { startLine: 2, endLine: 5 });
    assert.deepEqual(paragraphAround(file, 8), { startLine: 8, endLine: 8 });
    assert.deepEqual(paragraphAround(file, 0), { startLine: 0, endLine: 0 });
  });

  it('names the display language in English', () => {
    assert.equal(languageName('ko'), 'Korean');
    assert.equal(languageName('zh-cn'), 'Chinese (China)');
    assert.equal(languageName('fr'), 'French');
    assert.equal(languageName('en'), 'English');
  });
});
