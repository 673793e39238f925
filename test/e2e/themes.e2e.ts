import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, ask, useChatPanel, type ChatSessionUnderTest } from './workbench';

const ANSWER = [
  '## 이진 탐색 (binary search)',
  '',
  'Works on a **sorted** list in `O(log n)`:',
  '',
  '```python',
  'def search(items, target):',
  '    lo, hi = 0, len(items) - 1',
  '    while lo <= hi:',
  '        mid = (lo + hi) // 2',
  '        if items[mid] == target:',
  '            return mid',
  '        lo, hi = (mid + 1, hi) if items[mid] < target else (lo, mid - 1)',
  '    return -1',
  '```',
  '',
  '- 中文、日本語、한국어 and emoji 🚀 all render.',
].join('\n');

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

async function showcase(chat: ChatSessionUnderTest, screenshot: string): Promise<{ background: string; text: string }> {
  chat.workbench.simulator.enqueue({ text: ANSWER, chunkChars: 8, delayMs: 5 });
  const answer = await ask(chat, 'Binary search, briefly, with code');
  await answer.locator('[data-testid=code-block] .hljs-keyword').first().waitFor();
  await chat.page.screenshot({ path: join(SCREENSHOTS, screenshot) });
  return answer.evaluate((node) => ({ background: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(node).color }));
}

describe('theme colours: light', function () {
  const chat = useChatPanel('theme-light', { settings: { 'workbench.colorTheme': 'Default Light Modern' } });

  it('follows a light theme', async function () {
    const { background, text } = await showcase(chat, 'chat-light.png');
    assert.ok(luminance(background) > 0.9, `background ${background}`);
    assert.ok(luminance(text) < 0.4, `text ${text}`);
  });
});

describe('theme colours: high contrast', function () {
  const chat = useChatPanel('theme-hc', { settings: { 'workbench.colorTheme': 'Default High Contrast' } });

  it('follows a high-contrast theme', async function () {
    const { background, text } = await showcase(chat, 'chat-high-contrast.png');
    assert.ok(luminance(background) < 0.05, `background ${background}`);
    assert.ok(luminance(text) > 0.95, `text ${text}`);
  });
});
