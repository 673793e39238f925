import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, answerQuickInput, ask, chatFrame, useChatPanel, waitForTexts } from './workbench';

describe('conversations: actions, history, reload, export', function () {
  const chat = useChatPanel('conversations');
  const messages = () => chat.frame.locator('[data-testid=message]');
  const texts = async () => (await messages().locator('.body').allTextContents()).map((t) => t.trim());
  const chatRequests = () => chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));

  it('regenerates the last answer in place', async function () {
    chat.workbench.simulator.enqueue({ text: 'First draft of the answer.' });
    await ask(chat, 'Name a prime number');
    chat.workbench.simulator.enqueue({ text: 'Second try: 7.' });
    const answer = chat.lastAnswer();
    await answer.hover();
    await answer.locator('[data-testid=message-regenerate]').click();
    await chat.frame.locator('[data-testid=message][data-role=assistant][data-status=done]', { hasText: 'Second try' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await texts(), ['Name a prime number', 'Second try: 7.']);
    const sent = chatRequests().at(-1)?.body as { messages: Array<{ content: string }> };
    assert.deepEqual(sent.messages.map((m) => m.content), ['Name a prime number']);
  });

  it('edits an earlier prompt and resends from there, dropping what followed', async function () {
    chat.workbench.simulator.enqueue({ text: 'Paris.' });
    await ask(chat, 'Capital of France?');
    const first = messages().first();
    await first.hover();
    await first.locator('[data-testid=message-edit]').click();
    await chat.frame.locator('[data-testid=editing-banner]').waitFor();
    const box = chat.frame.locator('[data-testid=composer] textarea');
    assert.equal(await box.inputValue(), 'Name a prime number');
    chat.workbench.simulator.enqueue({ text: 'Two.' });
    await box.fill('Name an even prime number');
    await box.press('Enter');
    await chat.frame.locator('[data-testid=message][data-role=assistant][data-status=done]', { hasText: 'Two.' }).waitFor({ timeout: 15_000 });
    assert.deepEqual(await texts(), ['Name an even prime number', 'Two.']);
    assert.equal(await chat.frame.locator('[data-testid=editing-banner]').isVisible(), false);
  });

  it('recalls earlier prompts with Up, and deletes a message', async function () {
    const box = chat.frame.locator('[data-testid=composer] textarea');
    await box.click();
    await box.press('ArrowUp');
    assert.equal(await box.inputValue(), 'Name an even prime number');
    await box.fill('');
    const answer = chat.lastAnswer();
    await answer.hover();
    await answer.locator('[data-testid=message-delete]').click();
    await chat.frame.locator('[data-testid=message][data-role=assistant]').waitFor({ state: 'detached' });
    assert.deepEqual(await texts(), ['Name an even prime number']);
  });

  it('keeps conversations in a searchable history: new, reopen, rename', async function () {
    await chat.frame.locator('[data-testid=new-chat]').click();
    await chat.frame.locator('[data-testid=messages] .empty').waitFor();
    chat.workbench.simulator.enqueue({ text: '서울은 한국의 수도입니다.' });
    await ask(chat, '한국의 수도는?');
    await chat.frame.locator('[data-testid=history-toggle]').click();
    const items = chat.frame.locator('[data-testid=history-item]');
    await items.nth(1).waitFor();
    assert.deepEqual(await items.locator('.history-title').allTextContents(), ['한국의 수도는?', 'Name an even prime number']);
    await chat.frame.locator('[data-testid=history-search]').fill('prime');
    assert.equal(await items.count(), 1);
    await items.first().locator('.history-open').click();
    await chat.frame.locator('[data-testid=conversation-title]', { hasText: 'Name an even prime number' }).waitFor();
    assert.deepEqual(await texts(), ['Name an even prime number']);

    await items.first().locator('[data-testid=history-rename]').click();
    await answerQuickInput(chat.page, 'Primes');
    await chat.frame.locator('[data-testid=conversation-title]', { hasText: 'Primes' }).waitFor();
    await chat.frame.locator('[data-testid=history-search]').fill('');
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'history-dark.png') });
  });

  it('finds the conversation again, whole, after the page reloads', async function () {
    chat.workbench.simulator.enqueue({ text: 'Three, five and seven.', chunkChars: 3, delayMs: 10 });
    await ask(chat, 'Odd primes under ten?');
    await chat.page.reload();
    const frame = chatFrame(chat.page);
    await frame.locator('[data-testid=conversation-title]', { hasText: 'Primes' }).waitFor({ timeout: 60_000 });
    await waitForTexts(frame.locator('[data-testid=message] .body'), ['Name an even prime number', 'Odd primes under ten?', 'Three, five and seven.']);
  });

  it('exports the conversation to Markdown', async function () {
    const frame = chatFrame(chat.page);
    await frame.locator('[data-testid=export]').click();
    // The dialog proposes the title as the file name, in the workspace folder.
    const target = join(chat.workbench.workspace, 'Primes.md');
    const input = chat.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await chat.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input')?.value.endsWith('/Primes.md'));
    await input.press('Enter');
    await chat.page.locator('.notification-toast', { hasText: 'Exported "Primes"' }).waitFor({ timeout: 10_000 });
    const markdown = readFileSync(target, 'utf8');
    assert.match(markdown, /^# Primes\n/);
    assert.match(markdown, /## You\n\nOdd primes under ten\?\n\n## openai\/gpt-4o-mini\n\nThree, five and seven\.\n/);
  });

  it('deletes a conversation from the history after asking', async function () {
    const frame = chatFrame(chat.page);
    await frame.locator('[data-testid=history-toggle]').click();
    const items = frame.locator('[data-testid=history-item]');
    await items.nth(1).waitFor();
    const before = await items.count();
    await items.filter({ hasText: '한국의 수도는?' }).locator('[data-testid=history-delete]').click();
    await chat.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Delete' }).click();
    await frame.locator('[data-testid=history-item]', { hasText: '한국의 수도는?' }).waitFor({ state: 'detached' });
    assert.equal(await items.count(), before - 1);
  });
});
