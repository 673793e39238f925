import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { SIM_KEYS } from '../fixtures/simulator/server';
import { SCREENSHOTS, ask, answerQuickInput, changeUserSettings, notification, runCommand, sendPrompt, useChatPanel } from './workbench';

describe('keys and gateway failures, as a user meets them', function () {
  const chat = useChatPanel('keys', {
    requireKey: true,
    settings: (simUrl) => ({
      'switchboard.gateway': 'openrouter',
      'switchboard.baseUrls': { openrouter: `${simUrl}/openrouter/api/v1` },
      'switchboard.gateways': [{ id: 'Team Proxy', baseUrl: 'ftp://proxy.example.com' }],
    }),
  });

  it('warns about a gateway setting it had to ignore, saying why', async function () {
    const toast = await notification(chat.page, 'Switchboard ignored part of its settings');
    assert.match((await toast.textContent()) ?? '', /switchboard\.gateways\[0\]\.id must be lower-case letters, digits and dashes/);
    await toast.locator('.codicon-notifications-clear, .codicon-close').first().click();
  });

  it('with no key, says so in the chat and offers to set one; a rejected key is not saved', async function () {
    assert.equal(await chat.frame.locator('[data-testid=key-warning]').isVisible(), true, 'the header warns before anything is sent');
    await sendPrompt(chat.frame, 'Hello?');
    const error = chat.lastAnswer().locator('[data-testid=message-error]');
    await error.waitFor({ timeout: 15_000 });
    assert.match((await error.textContent()) ?? '', /No API key is set for this gateway.*Set API Key/);
    const toast = await notification(chat.page, 'No API key is set');
    await toast.locator('.monaco-button', { hasText: 'Set API Key' }).click();
    const input = chat.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.getAttribute('type'), 'password', 'the key is typed into a password field');
    await answerQuickInput(chat.page, 'sk-or-v1-made-up');
    await notification(chat.page, 'OpenRouter rejected this key; it was not saved.');
  });

  it('checks a key set from the command palette and says what the gateway reported', async function () {
    await runCommand(chat.page, 'Notifications: Clear All Notifications');
    await chat.page.locator('.notification-toast').first().waitFor({ state: 'detached' });
    await runCommand(chat.page, 'Switchboard: Set API Key');
    await answerQuickInput(chat.page, 'OpenRouter');
    await answerQuickInput(chat.page, SIM_KEYS.openrouter);
    const toast = await notification(chat.page, 'Saved the API key for OpenRouter.');
    assert.match((await toast.textContent()) ?? '', /Key "sim" works\. \$7\.50 left of its \$10\.00 limit\./);
    // The progress toast can be drawn twice for a moment while one copy fades: wait for every copy to go.
    const checking = chat.page.locator('.notification-toast', { hasText: 'Checking the key' });
    for (let waited = 0; (await checking.count()) > 0; waited += 100) {
      assert.ok(waited < 10_000, 'the "Checking the key" progress goes away');
      await chat.page.waitForTimeout(100);
    }
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'key-saved.png') });
    await chat.frame.locator('[data-testid=key-warning]').waitFor({ state: 'hidden' });
    // The status bar now shows what is left of the key's limit, from the gateway's /key.
    await chat.page.locator('.statusbar-item', { hasText: '$7.50 left' }).waitFor({ timeout: 10_000 });
  });

  it('updates the credit in the status bar after an answer, and shows details on click', async function () {
    chat.workbench.simulator.keyInfo.limit_remaining = 0.5;
    await ask(chat, 'Spend a little');
    const item = chat.page.locator('.statusbar-item', { hasText: '$0.50 left' });
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Key limit: $0.50 left of $10.00' }).waitFor();
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'credit-details.png') });
    await chat.page.keyboard.press('Escape');
  });

  it("shows, while a free model is chosen, the gateway's own count of today's free requests and when it resets", async function () {
    chat.workbench.simulator.keyInfo.free_model_daily_requests = { limit: 1000, remaining: 988, used: 12 };
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.model': 'qwen/qwen3-coder:free' });
    try {
      const item = chat.page.locator('.statusbar-item', { hasText: 'free 0/20 a min · 12/1000 today' });
      await item.waitFor({ timeout: 10_000 });
      await item.click();
      await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Free models: 12 of 1000 requests today (the gateway’s count), 0 of 20 this minute.' }).waitFor();
      await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: /^The day's count resets at midnight UTC, in \d+ (h \d+ )?min\.$/ }).waitFor();
      await chat.page.screenshot({ path: join(SCREENSHOTS, 'free-counts.png') });
      await chat.page.keyboard.press('Escape');
    } finally {
      delete chat.workbench.simulator.keyInfo.free_model_daily_requests;
      await changeUserSettings(chat.page, chat.workbench, { 'switchboard.model': undefined });
    }
  });

  it('answers with the key, and shows a rate-limit wait while it retries', async function () {
    chat.workbench.simulator.enqueue({ fail: 'rateLimit', retryAfter: 2 }, { chunkChars: 4, delayMs: 20 });
    await sendPrompt(chat.frame, 'Now with a key');
    const notice = chat.lastAnswer().locator('[data-testid=message-notice]');
    await notice.waitFor({ timeout: 15_000 });
    assert.equal(await notice.textContent(), 'The gateway is rate limiting requests; trying again in 2 s (attempt 2 of 3).');
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'retry-notice.png') });
    await chat.lastAnswer().and(chat.frame.locator('[data-status=done]')).waitFor({ timeout: 20_000 });
    assert.match((await chat.lastAnswer().locator('.body').textContent()) ?? '', /^You asked: Now with a key/);
    assert.equal(await notice.count(), 0, 'the notice goes once the answer arrives');
    const chats = chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(chats.at(-1)?.headers['authorization'], `Bearer ${SIM_KEYS.openrouter}`);
  });

  it('does not retry a daily free-model cap, and says when it resets', async function () {
    chat.workbench.simulator.enqueue({ fail: 'dailyCap' });
    const before = chat.workbench.simulator.requests.length;
    await sendPrompt(chat.frame, 'One more free request');
    const error = chat.lastAnswer().locator('[data-testid=message-error]');
    await error.waitFor({ timeout: 15_000 });
    assert.match((await error.textContent()) ?? '', /daily limit for free models is used up\. It resets in about 60 min\./);
    const chats = chat.workbench.simulator.requests.slice(before).filter((r) => r.path.endsWith('/chat/completions'));
    assert.equal(chats.length, 1, 'asked once, not retried');
  });

  it('says what it can in the status bar when the key has no limit or the gateway is out of reach', async function () {
    const item = chat.page.locator('.statusbar-item[aria-label^="Switchboard credit"]');
    const status = (text: string) => item.filter({ hasText: text });
    const refresh = async (): Promise<void> => {
      await item.click();
      await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Refresh' }).click();
    };
    // No limit on the key (and /credits refused to an ordinary key): what the key spent today and this month.
    Object.assign(chat.workbench.simulator.keyInfo, { limit: null, limit_remaining: null });
    await refresh();
    await status('$0.25 today · $2.50 this month').waitFor({ timeout: 10_000 });

    // The gateway unreachable: a warning sign, and the reason in the tooltip; nothing else changes.
    const simUrl = chat.workbench.simulator.url;
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.baseUrls': { openrouter: 'http://127.0.0.1:9/api/v1' } });
    const warning = item.locator('.codicon-warning');
    await warning.waitFor({ timeout: 15_000 });
    await warning.hover();
    await chat.page.locator('.monaco-hover, .workbench-hover', { hasText: 'Could not refresh: Could not reach the gateway' }).first().waitFor();
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.baseUrls': { openrouter: `${simUrl}/openrouter/api/v1` } });
    await status('$0.25 today · $2.50 this month').waitFor({ timeout: 15_000 });
  });

  it('counts requests to free models against their per-minute and per-day limits', async function () {
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.model': 'qwen/qwen3-coder:free' });
    await ask(chat, 'A free question');
    await ask(chat, 'Another free question');
    // This key's account bought credits: 1,000 free requests a day.
    await chat.page.locator('.statusbar-item', { hasText: 'free 2/20 a min · 2/1000 today' }).waitFor({ timeout: 10_000 });
  });
});
