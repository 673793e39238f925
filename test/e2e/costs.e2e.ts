import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, ask, changeUserSettings, sendPrompt, useChatPanel } from './workbench';

describe('costs in dollars and won, and budgets', function () {
  const chat = useChatPanel('costs', { settings: { 'switchboard.model': 'anthropic/claude-sonnet-4.5' } });
  const total = () => chat.frame.locator('[data-testid=conversation-cost]');
  const chatRequests = () => chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

  it('shows what each answer and the conversation cost in both currencies, led by the chosen one', async function () {
    chat.workbench.simulator.enqueue({ text: 'word '.repeat(2000) });
    const answer = await ask(chat, 'Say "word" two thousand times');
    // Claude Sonnet 4.5 at $15 per million answer tokens: a few cents, tens of won.
    assert.match((await answer.locator('[data-testid=message-cost]').textContent()) ?? '', /\$0\.0\d+ · ₩\d+/);
    await total().filter({ hasText: /^\$0\.0\d+ · ₩\d+$/ }).waitFor();
    await chat.page.locator('.statusbar-item', { hasText: /\$0\.0\d+ today · \$0\.0\d+ this month/ }).waitFor({ timeout: 10_000 });

    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.currency': 'KRW' });
    await total().filter({ hasText: /^₩\d+ · \$0\.0\d+$/ }).waitFor({ timeout: 15_000 });
    await chat.page.locator('.statusbar-item', { hasText: /₩\d+ today · ₩\d+ this month/ }).waitFor({ timeout: 10_000 });
  });

  it('says what the draft would cost before it is sent, and offers a model whose context holds a draft too long', async function () {
    const input = chat.frame.locator('[data-testid=composer] textarea');
    const estimate = chat.frame.locator('[data-testid=draft-estimate]');
    await input.fill('Summarise the spending report in three lines');
    // Claude Sonnet 4.5 with won leading: the conversation's 2,000 words and the draft at $3 per million, up to a 64,000-token answer at $15.
    await estimate.filter({ hasText: /^≈ [\d,]+ tokens with the conversation · ₩\d+–₩1,4\d\d · \$0\.00\d+–\$0\.96\d*$/ }).waitFor({ timeout: 10_000 });
    await chat.frame.locator('.composer').screenshot({ path: join(SCREENSHOTS, 'draft-estimate.png') });

    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.model': 'openai/gpt-4o-mini' });
    await input.fill('word '.repeat(200_000));
    const tooLong = chat.frame.locator('[data-testid=draft-too-long]');
    await tooLong.waitFor({ timeout: 15_000 });
    assert.match((await tooLong.textContent()) ?? '', /Too long for openai\/gpt-4o-mini: the request \(≈ [\d,]+ tokens\) and its answer will not fit its context of 128,000 tokens/);
    await chat.frame.locator('.composer').screenshot({ path: join(SCREENSHOTS, 'draft-too-long.png') });
    const before = chatRequests();
    await tooLong.locator('[data-testid=draft-use-model]').click();
    // The free Qwen3 Coder holds 262,144 tokens and costs nothing: the cheapest that fits.
    await chat.frame.locator('[data-testid=model-picker]', { hasText: 'qwen/qwen3-coder:free' }).waitFor({ timeout: 15_000 });
    await tooLong.waitFor({ state: 'hidden', timeout: 10_000 });
    assert.equal(chatRequests(), before, 'nothing was sent');
    await input.fill('');
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.model': 'anthropic/claude-sonnet-4.5' });
  });

  it('holds back a request over the per-request maximum, and sends it only when told to', async function () {
    // Up to 64,000 answer tokens at $15 per million could cost $0.96.
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.budget.perRequest': 0.5 });
    const dialog = chat.page.locator('.monaco-dialog-box');
    const before = chatRequests();
    await sendPrompt(chat.frame, 'Write a long essay');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', /over your budget.*could cost up to \$0\.96.*per-request maximum of \$0\.50/s);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'budget-dark.png') });
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    const refused = chat.lastAnswer();
    await refused.and(chat.frame.locator('[data-status=error]')).waitFor();
    assert.match((await refused.textContent()) ?? '', /Not sent: it would go past a spending limit you set/);
    assert.equal(chatRequests(), before, 'nothing reached the gateway');

    chat.workbench.simulator.enqueue({ text: 'An essay, sent anyway.' });
    await refused.hover();
    await refused.locator('[data-testid=message-regenerate]').click();
    await dialog.locator('.monaco-button', { hasText: 'Send Anyway' }).click();
    await chat.frame.locator('[data-testid=message][data-role=assistant][data-status=done]', { hasText: 'An essay, sent anyway.' }).waitFor({ timeout: 15_000 });
    assert.equal(chatRequests(), before + 1);
  });

  it('breaks spending down by gateway, model and day, from the status bar', async function () {
    await chat.page.locator('.statusbar-item[aria-label^="Switchboard credit"]').click();
    await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Spending Breakdown' }).click();
    const preview = chat.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('.markdown-body');
    const report = preview.filter({ hasText: 'Switchboard spending' });
    await report.waitFor({ timeout: 20_000 });
    const text = (await report.textContent()) ?? '';
    // Two answers from Claude Sonnet 4.5 on this gateway, led by won as chosen earlier.
    assert.match(text, /This month by model.*anthropic\/claude-sonnet-4\.5\s*₩\d+\s*\$0\.\d+\s*2/s);
    assert.match(text, /This month by gateway.*sim\s*₩\d+/s);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'spending-dark.png') });
  });
});
