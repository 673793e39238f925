import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { ANSWERS } from '../fixtures/markdown/answers';
import { htmlDifference } from '../support/htmlDifference';
import { SCREENSHOTS, ask, chatFrame, runCommand, useChatPanel, whenRendered } from './workbench';

/** Fails naming where two renderings first differ. */
/** A message body's HTML once nothing is left to render in it. */
async function renderedHtml(body: Locator): Promise<string> {
  await whenRendered(body);
  return body.innerHTML();
}

function assertSameHtml(actual: string, expected: string, message: string): void {
  const difference = htmlDifference(actual, expected);
  if (difference) assert.fail(`${message}; ${difference}`);
}

const MARKDOWN_ANSWER = [
  '## Fibonacci',
  '',
  'Here is a **fast** version, with a [reference](https://en.wikipedia.org/wiki/Fibonacci_sequence):',
  '',
  '```python',
  'def fib(n: int) -> int:',
  '    a, b = 0, 1',
  '    for _ in range(n):',
  '        a, b = b, a + b',
  '    return a',
  '```',
  '',
  '| n | fib(n) |',
  '|---|--------|',
  '| 10 | 55 |',
  '',
  '- linear time',
  '- constant memory',
].join('\n');

const XSS_ANSWER = [
  'Attempts:',
  '<img src="x" onerror="window.__xss = 1">',
  '<script>window.__xss = 2</script>',
  '[click me](javascript:window.__xss=3)',
  '<a href="javascript:window.__xss=4">html link</a>',
  '<div onclick="window.__xss=5" onmouseover="window.__xss=6">hover</div>',
  '<iframe src="https://example.com"></iframe>',
  '<button data-action="copy">forged</button>',
  '<svg><script>window.__xss=7</script></svg>',
  '![x](javascript:window.__xss=8)',
].join('\n\n');

describe('markdown answers in a real browser', function () {
  const chat = useChatPanel('markdown');

  it('streams markdown in: headings, code with highlighting and actions, tables, lists', async function () {
    chat.workbench.simulator.enqueue({ text: MARKDOWN_ANSWER, chunkChars: 7, delayMs: 15 });
    const answer = await ask(chat, 'Show me Fibonacci in Python');
    assert.equal(await answer.getAttribute('data-status'), 'done');
    assert.equal(await answer.locator('h2').textContent(), 'Fibonacci');
    assert.equal(await answer.locator('strong').textContent(), 'fast');
    const code = answer.locator('[data-testid=code-block][data-language=python]');
    assert.match((await code.locator('code').textContent()) ?? '', /def fib\(n: int\) -> int:/);
    assert.ok((await code.locator('.hljs-keyword').count()) >= 3, 'keywords are highlighted');
    assert.equal(await code.locator('[data-testid=code-copy]').count(), 1);
    assert.equal(await answer.locator('td').nth(1).textContent(), '55');
    assert.equal(await answer.locator('li').count(), 2);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'markdown-dark.png') });
  });

  it('renders an answer full of script injection attempts inert', async function () {
    chat.workbench.simulator.enqueue({ text: XSS_ANSWER, chunkChars: 5 });
    const answer = await ask(chat, 'Try to break out');
    assert.equal(await answer.getAttribute('data-status'), 'done');
    await answer.locator('text=hover').hover();
    await answer.locator('a', { hasText: 'click me' }).click();
    await answer.locator('a', { hasText: 'html link' }).click();
    const state = await answer.evaluate((node) => ({
      xss: (window as unknown as { __xss?: number }).__xss,
      scripts: node.querySelectorAll('script, iframe, svg, button:not(.action)').length,
      handlers: Array.from(node.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => a.name.startsWith('on'))).length,
      hrefs: Array.from(node.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')),
      forged: node.querySelectorAll('[data-action]:not(button.action)').length,
    }));
    assert.deepEqual(state, { xss: undefined, scripts: 0, handlers: 0, hrefs: [], forged: 0 });
  });

  it('shows a prompt as markdown too: a pasted fenced block as code, its line breaks as typed, and nothing in it live', async function () {
    chat.workbench.simulator.enqueue({ text: 'A missing value after the equals sign.' });
    await ask(chat, ['Why does this fail?', 'It worked yesterday.', '```js', 'const x = ;', '```', '<img src="x" onerror="window.__xss = 7">'].join('\n'));
    const prompt = chat.frame.locator('[data-testid=message][data-role=user]').last();
    const code = prompt.locator('[data-testid=code-block]');
    assert.equal(await code.getAttribute('data-language'), 'js');
    assert.equal(await code.locator('code').textContent(), 'const x = ;\n');
    assert.equal(await prompt.locator('.body br').count(), 1, 'the line break typed between the two sentences');
    assert.doesNotMatch((await prompt.locator('.body').textContent()) ?? '', /```/);
    const xss = await prompt.evaluate((node) => ({ xss: (window as unknown as { __xss?: number }).__xss, handlers: Array.from(node.querySelectorAll('*')).flatMap((e) => Array.from(e.attributes).filter((a) => a.name.startsWith('on'))).length }));
    assert.deepEqual(xss, { xss: undefined, handlers: 0 });
  });

  it('does not fetch a remote image until asked, then loads it through the host', async function () {
    const imageUrl = `${chat.workbench.simulator.url}/assets/pixel.png`;
    chat.workbench.simulator.enqueue({ text: `A chart:\n\n![sales chart](${imageUrl})\n\nEnd.` });
    const answer = await ask(chat, 'Show the chart');
    assert.equal(await answer.getAttribute('data-status'), 'done');
    const placeholder = answer.locator('[data-testid=image-placeholder]');
    assert.match((await placeholder.textContent()) ?? '', new RegExp(`sales chart · ${imageUrl.replace(/[.]/g, '\\.')}`));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const fetched = () => chat.workbench.simulator.requests.filter((r) => r.path === '/assets/pixel.png').length;
    assert.equal(fetched(), 0, 'the image was requested without a click');
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'image-placeholder.png') });
    await placeholder.locator('button').click();
    const image = answer.locator('[data-testid=loaded-image]');
    await image.waitFor({ timeout: 10_000 });
    assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.equal(fetched(), 1);
  });

  it('keeps no URL in an attribute it does not treat, and sets a linked image beside its link, so loading it never follows the link', async function () {
    const base = chat.workbench.simulator.url;
    chat.workbench.simulator.enqueue({
      text: `<table background="${base}/assets/pixel.png?background"><tr><td>cell</td></tr></table>\n\n<blockquote cite="${base}/cited">quoted</blockquote>\n\n[![chart](${base}/assets/pixel.png)](https://example.com/elsewhere)\n`,
    });
    const answer = await ask(chat, 'Tables, quotes and linked images');
    assert.equal(await answer.getAttribute('data-status'), 'done');
    assert.equal(await answer.evaluate((node) => node.querySelectorAll('[background], [cite], [poster], [longdesc]').length), 0);
    await answer.locator('[data-testid=image-placeholder] button').click();
    await answer.locator('[data-testid=loaded-image]').waitFor({ timeout: 10_000 });
    assert.equal(await answer.locator('a', { hasText: 'chart' }).count(), 1, 'the link stays, with the image’s words');
    assert.equal(await answer.locator('a [data-testid=loaded-image]').count(), 0, 'the image is not inside the link');
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'linked-image.png') });
  });

  it('opens a clicked link only through VS Code, which asks first', async function () {
    chat.workbench.simulator.enqueue({ text: 'See [the docs](https://example.com/docs).' });
    const answer = await ask(chat, 'Link please');
    assert.equal(await answer.getAttribute('data-status'), 'done');
    await answer.locator('a', { hasText: 'the docs' }).click();
    const dialog = chat.page.locator('.monaco-dialog-box', { hasText: 'https://example.com/docs' });
    await dialog.waitFor({ timeout: 10_000 });
    await chat.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('copies a code block and a whole message to the clipboard', async function () {
    const answer = await ask(chat, 'Copy this');
    chat.workbench.simulator.enqueue({ text: 'Run this:\n\n```bash\necho "copied from switchboard"\n```\n' });
    const withCode = await ask(chat, 'A shell command');
    await withCode.locator('[data-testid=code-copy]').click();
    await chat.page.waitForFunction(async () => (await navigator.clipboard.readText()) === 'echo "copied from switchboard"\n', undefined, { timeout: 10_000 });
    await answer.hover();
    await answer.locator('[data-testid=message-copy]').click();
    await chat.page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith('You asked: Copy this'), undefined, { timeout: 10_000 });
  });

  it('inserts a code block at the cursor of the editor, and opens one in a new editor', async function () {
    chat.workbench.simulator.enqueue({ text: '```python\nprint("inserted by switchboard")\n```\n' });
    const answer = await ask(chat, 'One line of code');
    assert.equal(await answer.getAttribute('data-status'), 'done');

    // Opened beside the chat, so the panel stays in view.
    await runCommand(chat.page, 'Go to File');
    await chat.page.locator('.quick-input-widget input').fill('example.py');
    await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: 'example.py' }).first().waitFor();
    await chat.page.keyboard.press('Control+Enter');
    const editor = chat.page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await editor.locator('.view-lines').click();
    await chat.page.keyboard.press('Control+End');
    await chat.page.keyboard.press('Enter');

    await answer.locator('[data-testid=code-insert]').click();
    await chat.page.locator('.view-lines', { hasText: 'print("inserted by switchboard")' }).first().waitFor({ timeout: 10_000 });

    await answer.locator('[data-testid=code-open]').click();
    const tab = chat.page.locator('.tab', { hasText: 'Untitled-1' });
    await tab.waitFor({ timeout: 10_000 });
    assert.equal(await chat.frame.locator('[data-testid=composer]').isVisible(), true, 'the chat stays in view');
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'code-inserted.png') });
  });

  it('shows an answer as its markdown says however it streams in, and the same after a reload', async function () {
    const shapes = ['numbered steps', 'a task list', 'details with', 'reference links', 'a quote holding'];
    const text = shapes.map((start) => ANSWERS.find((a) => a.name.startsWith(start))?.text ?? '').join('\n\n');
    chat.workbench.simulator.enqueue({ text, chunkChars: 7, delayMs: 1 });
    const answer = await ask(chat, 'Show every shape');
    const body = answer.locator('.body');
    assert.doesNotMatch((await body.textContent()) ?? '', /```|~~~|\[docs\]:/, 'no fence or definition shows as text');
    assert.equal(await body.locator('ol > li pre code.language-bash').count(), 1, 'the fenced code stays inside its numbered step');
    assert.match((await body.locator('ol > li pre code.language-bash').textContent()) ?? '', /npm install\n\nnpm run build/);
    assert.deepEqual(await body.locator('ol').first().locator(':scope > li').count(), 3, 'the steps are one list of three');
    assert.equal(await body.locator('[role=checkbox][aria-checked=true]').count(), 2, 'checked task items read as checked');
    assert.equal(await body.locator('[role=checkbox][aria-checked=false]').count(), 1);
    assert.equal(await body.locator('details pre').count(), 1, 'what <details> holds stays inside it');
    assert.equal(await body.locator('details em').textContent(), 'note');
    assert.equal(await body.locator('a[data-href="https://example.com/docs"]').count(), 2, 'links resolve to a definition that came after them');
    assert.equal(await body.locator('blockquote ul > li').count(), 2);
    await body.locator('[role=checkbox]').first().scrollIntoViewIfNeeded();
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'markdown-structure-dark.png') });
    const streamed = await renderedHtml(body);

    await chat.page.reload();
    const reopened = chatFrame(chat.page).locator('[data-testid=message][data-role=assistant]').last().locator('.body');
    await reopened.locator('details').waitFor({ timeout: 60_000 });
    assertSameHtml(await renderedHtml(reopened), streamed, 'the reopened answer is rendered to the same DOM');
  });

  it('shows answers written in Korean and Chinese, with fences in fences, as their markdown says, and the same after a reload', async function () {
    const files = ['en-four-backtick-readme.md', 'ko-git-conflict-resolution.md', 'zh-details-and-task-list.md'];
    // And a code block long enough to be highlighted while it streams.
    const module = Array.from({ length: 200 }, (_, i) => `export function f${i}(a: number): number {\n  return a * ${i}; // times ${i}\n}\n`).join('\n');
    const text = [...files.map((name) => ANSWERS.find((a) => a.name === name)?.text ?? ''), `\`\`\`typescript\n${module}\`\`\``].join('\n\n');
    chat.workbench.simulator.enqueue({ text, chunkChars: 23, delayMs: 1 });
    const answer = await ask(chat, 'Show the written answers');
    const body = answer.locator('.body');
    const markdownBlocks = body.locator('pre code.language-markdown');
    assert.equal(await markdownBlocks.count(), 2, 'both README examples are code');
    assert.match((await markdownBlocks.first().textContent()) ?? '', /^````markdown\n## Usage\n\n```bash\nnpm install my-lib\n```\n````\n$/, 'the four-backtick fence and the one inside it are the code of the five-backtick one');
    assert.equal(await body.locator('ol > li pre code.language-bash').count(), 2, 'the Korean steps keep their commands');
    assert.equal(await body.locator('[role=checkbox][aria-checked=true]').count(), 3);
    assert.equal(await body.locator('[role=checkbox][aria-checked=false]').count(), 4);
    assert.equal(await body.locator('details pre code.language-bash').count(), 1, 'the Chinese answer’s details hold their code');
    assert.match((await body.textContent()) ?? '', /충돌 표시 제거[\s\S]*如何更换为国内镜像？/);
    const long = body.locator('pre code.language-typescript');
    assert.equal(await long.locator('.hljs-keyword', { hasText: 'export' }).count(), 200, 'the long block is highlighted to its end');
    assert.equal(await long.textContent(), `${module}`);
    await body.locator('details summary').click();
    await body.locator('details pre').scrollIntoViewIfNeeded();
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'markdown-written-answers.png') });
    await body.locator('details summary').click();
    const streamed = await renderedHtml(body);

    await chat.page.reload();
    const reopened = chatFrame(chat.page).locator('[data-testid=message][data-role=assistant]').last().locator('.body');
    await reopened.locator('details').waitFor({ timeout: 60_000 });
    assertSameHtml(await renderedHtml(reopened), streamed, 'the reopened answer is rendered to the same DOM');
  });
});
