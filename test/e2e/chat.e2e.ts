import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, ask, sendPrompt, useChatPanel } from './workbench';

describe('chat panel in a real browser', function () {
  const chat = useChatPanel('chat');

  it('sends the prompt from the composer and streams the answer in', async function () {
    chat.workbench.simulator.enqueue({ chunkChars: 3, delayMs: 40 });
    await sendPrompt(chat.frame, 'Hello from Seoul: 안녕하세요 👋');
    const answer = chat.lastAnswer();
    // Seen while it streams, then finished.
    await answer.and(chat.frame.locator('[data-status=streaming]')).waitFor({ timeout: 15_000 });
    await chat.frame.locator('[data-testid=stop]').waitFor({ state: 'visible' });
    await answer.and(chat.frame.locator('[data-status=done]')).waitFor({ timeout: 30_000 });
    assert.deepEqual(await answer.locator('.body p').allTextContents(), [
      'You asked: Hello from Seoul: 안녕하세요 👋',
      'This answer comes from openai/gpt-4o-mini on the Switchboard gateway simulator.',
    ]);
    assert.equal(await answer.locator('.body strong').textContent(), 'openai/gpt-4o-mini');
    assert.match((await answer.locator('.who').textContent()) ?? '', /openai\/gpt-4o-mini/);
    assert.equal(await chat.frame.locator('[data-testid=message][data-role=user] .body').last().textContent(), 'Hello from Seoul: 안녕하세요 👋');
    assert.equal(await chat.frame.locator('[data-testid=composer] textarea').inputValue(), '', 'the composer is emptied');
    assert.equal(await chat.frame.locator('[data-testid=stop]').isVisible(), false);
    const sent = chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1);
    assert.equal((sent?.body as { model?: string }).model, 'openai/gpt-4o-mini');
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'chat-dark.png') });
  });

  it('sends the conversation so far with a follow-up prompt', async function () {
    await ask(chat, 'And in French?');
    const sent = chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1);
    const messages = (sent?.body as { messages: Array<{ role: string; content: string }> }).messages;
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user'].slice(-messages.length));
    assert.equal(messages.at(-1)?.content, 'And in French?');
    assert.equal(messages[0]?.content, 'Hello from Seoul: 안녕하세요 👋');
  });

  it('stops an answer halfway and keeps what had arrived', async function () {
    const full = 'word '.repeat(400);
    chat.workbench.simulator.enqueue({ text: full, chunkChars: 5, delayMs: 30 });
    await sendPrompt(chat.frame, 'Write a long answer');
    const answer = chat.lastAnswer();
    await answer.locator('.body', { hasText: 'word word word' }).waitFor({ timeout: 15_000 });
    await chat.frame.locator('[data-testid=stop]').click();
    await answer.and(chat.frame.locator('[data-status=stopped]')).waitFor({ timeout: 10_000 });
    const kept = (await answer.locator('.body').textContent()) ?? '';
    assert.ok(kept.length > 0 && kept.length < full.length, `kept ${kept.length} of ${full.length} characters`);
    assert.match((await answer.locator('.who').textContent()) ?? '', /Stopped/);
  });

  it('keeps the partial answer and explains a failure in the middle of the stream', async function () {
    chat.workbench.simulator.enqueue({ text: 'alpha beta gamma delta epsilon', chunkChars: 6, failAfterChunks: 2, midStreamFailure: 'server' });
    await sendPrompt(chat.frame, 'Trigger a provider failure');
    const answer = chat.lastAnswer();
    await answer.and(chat.frame.locator('[data-status=error]')).waitFor({ timeout: 15_000 });
    assert.equal((await answer.locator('.body').textContent())?.trim(), 'alpha beta g');
    const error = (await answer.locator('[data-testid=message-error]').textContent()) ?? '';
    assert.match(error, /provider failed/);
    assert.match(error, /partial answer was kept/);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'chat-error.png') });
  });

  it('loads under a strict content security policy', async function () {
    const csp = await chat.frame.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    assert.ok(csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.match(csp, /connect-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // VS Code's own resource origin is allowed; no bare scheme that would let any remote image load.
    assert.doesNotMatch(csp, /(^|\s)(https?:|\*)(\s|;|$)/);
  });
});
