import * as assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, changeUserSettings, chatFrame, notification, useChatPanel } from './workbench';

describe('context attached to a prompt', function () {
  const chat = useChatPanel('context');
  const box = () => chat.frame.locator('[data-testid=composer] textarea');
  const chips = () => chat.frame.locator('[data-testid=context-chip]');
  const quickPick = () => chat.page.locator('.quick-input-widget');
  const chatRequests = () => chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));

  it('attaches a file chosen from Add Context, shows its size and tokens, and counts it in the estimate', async function () {
    await chat.frame.locator('[data-testid=add-context]').click();
    await quickPick().locator('input').fill('example');
    const row = quickPick().locator('.monaco-list-row', { hasText: 'example.py' });
    await row.waitFor({ timeout: 15_000 });
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'context-picker.png') });
    await row.click();
    await chips().filter({ hasText: 'example.py' }).waitFor({ timeout: 10_000 });
    assert.match((await chips().first().textContent()) ?? '', /example\.py\d+ chars · ≈ \d+ tokens×/);
    await box().fill('Is this fast?');
    await chat.frame.locator('[data-testid=draft-estimate]').filter({ hasText: /^≈ \d+ tokens · / }).waitFor({ timeout: 10_000 });
    await chat.frame.locator('.composer').screenshot({ path: join(SCREENSHOTS, 'context-chips.png') });
  });

  it('opens Add Context when # starts a word, and leaves the # typed when nothing is picked', async function () {
    await box().fill('');
    await box().type('Look at #');
    await quickPick().locator('input').waitFor({ state: 'visible', timeout: 10_000 });
    await chat.page.keyboard.press('Escape');
    await quickPick().waitFor({ state: 'hidden' });
    assert.equal(await box().inputValue(), 'Look at #');
    assert.equal(await chips().count(), 1);
    await box().fill('Is this fast?');
  });

  it('sends the file fenced with its path before the prompt, and keeps it with the prompt after a reload', async function () {
    chat.workbench.simulator.enqueue({ text: 'Recursion without memoisation: exponential.' });
    const before = chatRequests().length;
    await box().press('Enter');
    await chat.frame.locator('[data-testid=message][data-role=assistant][data-status=done]').waitFor({ timeout: 15_000 });
    const sent = chatRequests().slice(before)[0]?.body as { messages: Array<{ role: string; content: string }> };
    const content = sent.messages.at(-1)?.content ?? '';
    assert.match(content, /^The file `example\.py`:\n\n```python\n[\s\S]+\n```\n\nIs this fast\?$/);
    assert.equal(await chips().count(), 0, 'the chips went with the prompt');
    const attached = chat.frame.locator('[data-testid=message][data-role=user] [data-testid=message-attachments]');
    assert.equal(await attached.textContent(), 'example.py');
    await chat.frame.locator('[data-testid=messages]').screenshot({ path: join(SCREENSHOTS, 'context-sent.png') });

    await chat.page.reload();
    const frame = chatFrame(chat.page);
    await frame.locator('[data-testid=message][data-role=user] [data-testid=message-attachments]', { hasText: 'example.py' }).waitFor({ timeout: 60_000 });
  });

  it('says when a reopened conversation’s file changed since it was attached, and attaches the current version when asked', async function () {
    appendFileSync(join(chat.workbench.workspace, 'example.py'), '\nprint(fib(10))\n');
    await chat.frame.locator('[data-testid=new-chat]').click();
    await chat.frame.locator('[data-testid=messages] .empty').waitFor();
    await chat.frame.locator('[data-testid=history-toggle]').click();
    await chat.frame.locator('[data-testid=history-item]', { hasText: 'Is this fast?' }).locator('.history-open').click();
    const toast = await notification(chat.page, 'example.py changed since it was attached to this conversation');
    await toast.locator('.monaco-button', { hasText: 'Attach Current Version' }).click();
    await chips().filter({ hasText: 'example.py' }).waitFor({ timeout: 10_000 });
    assert.match((await chips().first().getAttribute('title')) ?? '', /print\(fib\(10\)\)/);
  });

  /** Pastes a generated PNG of this size into the prompt box, as the clipboard would. */
  const pasteImage = (width: number, height: number): Promise<void> =>
    box().evaluate(async (textarea, [w, h]) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.fillStyle = '#2a7';
      context.fillRect(0, 0, w, h);
      context.fillStyle = '#fff';
      context.fillRect(w / 4, h / 4, w / 2, h / 2);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      const data = new DataTransfer();
      data.items.add(new File([blob], 'image.png', { type: 'image/png' }));
      textarea.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true }));
    }, [width, height] as const);

  it('attaches a pasted image scaled down, sends it to a model that takes images as a content part, and shows it after a reload', async function () {
    await chips().first().locator('.remove').click();
    await pasteImage(3000, 1500);
    const image = chips().filter({ has: chat.frame.locator('.chip-thumbnail') });
    await image.waitFor({ timeout: 15_000 });
    assert.match((await image.getAttribute('title')) ?? '', /2048 × 1024 pixels/);
    await box().fill('What colour is the square?');
    // A 2048×1024 image counts 1,105 tokens as OpenAI counts it, on top of the text.
    await chat.frame.locator('[data-testid=draft-estimate]').filter({ hasText: /^≈ 1,[12]\d\d tokens with the conversation/ }).waitFor({ timeout: 10_000 });
    await chat.frame.locator('.composer').screenshot({ path: join(SCREENSHOTS, 'context-image.png') });
    chat.workbench.simulator.enqueue({ text: 'White, on green.' });
    const before = chatRequests().length;
    await box().press('Enter');
    await chat.frame.locator('[data-testid=message][data-role=assistant][data-status=done]', { hasText: 'White, on green.' }).waitFor({ timeout: 15_000 });
    const sent = chatRequests().slice(before)[0]?.body as { messages: Array<{ role: string; content: string | Array<{ type: string; text?: string; image_url?: { url: string } }> }> };
    const parts = sent.messages.at(-1)?.content;
    assert.ok(Array.isArray(parts), 'the prompt went as content parts');
    assert.deepEqual(parts.map((p) => p.type), ['text', 'image_url']);
    assert.match(parts[0]?.text ?? '', /^\(Attached image: Pasted image [^)]+\)\n\nWhat colour is the square\?$/);
    assert.match(parts[1]?.image_url?.url ?? '', /^data:image\/png;base64,iVBORw0KGgo/);

    await chat.page.reload();
    await chatFrame(chat.page).locator('[data-testid=message][data-role=user] .attachment-thumbnail').waitFor({ timeout: 60_000 });
  });

  it('says before sending that a model taking no images cannot take the pasted one, and sends nothing to it', async function () {
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.model': 'qwen/qwen3-coder' });
    await pasteImage(64, 64);
    await chips().filter({ has: chat.frame.locator('.chip-thumbnail') }).waitFor({ timeout: 15_000 });
    await box().fill('Read this');
    await chat.frame.locator('[data-testid=draft-no-images]', { hasText: 'qwen/qwen3-coder takes no images' }).waitFor({ timeout: 15_000 });
    const before = chatRequests().length;
    await box().press('Enter');
    const refused = chat.frame.locator('[data-testid=message][data-role=assistant][data-status=error]').last();
    await refused.waitFor({ timeout: 15_000 });
    assert.match((await refused.textContent()) ?? '', /this model takes no images, and the prompt carries one/);
    assert.equal(chatRequests().length, before, 'nothing reached the gateway');
  });
});
