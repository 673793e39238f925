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
    assert.equal((await chat.frame.locator('[data-testid=message][data-role=user] .body').last().textContent())?.trim(), 'Hello from Seoul: 안녕하세요 👋');
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

describe('choosing the model and the conversation settings', function () {
  const chat = useChatPanel('picker');
  const lastChat = () => chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as Record<string, unknown>;

  it('shows each answer with its tokens, time to first token and speed', async function () {
    chat.workbench.simulator.enqueue({ text: 'word '.repeat(200), chunkChars: 20, delayMs: 10, firstByteMs: 150, generationDelayMs: 2500 });
    const answer = await ask(chat, 'Measure me');
    const metrics = (await answer.locator('[data-testid=message-metrics]').textContent()) ?? '';
    // The timings depend on the machine; their form does not.
    assert.match(metrics, /^\d+ → 250 tokens · first token \d+\.\d s · \d+ tokens\/s · \d+\.\d s$/);
    assert.equal(await chat.frame.locator('[data-testid=conversation-title]').textContent(), 'Measure me');
    // The simulator bills like OpenRouter: 3 prompt tokens at $0.15/M, 250 completion tokens at $0.60/M.
    // As the answer ends, the figure streamed with it is an estimate until OpenRouter's bill is read.
    const cost = answer.locator('[data-testid=message-cost]');
    assert.equal(await cost.getAttribute('data-source'), 'estimated');
    assert.equal(await cost.textContent(), '≈ $0.00015 · < ₩1 · estimated');
    // 3 × 0.15 + 250 × 0.60 = 150.45 micro-dollars, converted at the default 1470 won per dollar.
    assert.equal(await cost.getAttribute('data-usd-nano'), '150450');
    assert.equal(await cost.getAttribute('data-krw-nano'), '221161500');
    assert.equal(await chat.frame.locator('[data-testid=conversation-cost]').textContent(), '$0.00015 · < ₩1');
    // A few seconds later the bill takes the estimate's place, in the answer and in what is saved.
    await answer.locator('[data-testid=message-cost][data-source=billed]').waitFor({ timeout: 15_000 });
    assert.equal(await cost.textContent(), '$0.00015 · < ₩1 · billed');
    assert.match((await cost.getAttribute('title')) ?? '', /^Billed by the gateway/);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'billed-cost.png') });
  });

  it('adds each answer to the conversation total, exactly', async function () {
    chat.workbench.simulator.enqueue({ text: 'word '.repeat(1000) });
    await ask(chat, 'More words');
    const costs = chat.frame.locator('[data-testid=message-cost]');
    assert.equal(await costs.count(), 2);
    const parts = await costs.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-usd-nano') ?? ''));
    const total = chat.frame.locator('[data-testid=conversation-cost]');
    assert.equal(await total.getAttribute('data-usd-nano'), String(parts.reduce((sum, part) => sum + BigInt(part), 0n)));
    // This gateway states no credit, so the status bar shows what was spent here, from the ledger.
    await chat.page.locator('.statusbar-item', { hasText: /\$0\.\d+ today · \$0\.\d+ this month/ }).waitFor({ timeout: 10_000 });
  });

  it('picks a model from a searchable list grouped by provider, with prices and free badges', async function () {
    await chat.frame.locator('[data-testid=model-picker]').click();
    const options = chat.frame.locator('[data-testid=model-option]');
    await options.first().waitFor({ timeout: 10_000 });
    assert.deepEqual(await chat.frame.locator('.model-group').allTextContents(), ['Switchboard', 'anthropic', 'google', 'meta-llama', 'openai', 'qwen']);
    assert.match((await options.first().textContent()) ?? '', /^Auto.*picks a model for each request/);
    assert.match((await options.filter({ hasText: 'GPT-4o-mini' }).textContent()) ?? '', /128K ctx · \$0\.15 \/ \$0\.60 per M/);
    await chat.frame.locator('[data-testid=free-only]').check();
    // Auto stays: it keeps to free models itself when only free ones may be used.
    assert.equal(await options.count(), 3);
    assert.equal(await chat.frame.locator('[data-testid=free-badge]').count(), 2);
    await chat.frame.locator('[data-testid=model-search]').fill('coder');
    assert.equal(await options.count(), 1);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'model-picker-dark.png') });
    await chat.frame.locator('[data-testid=model-search]').press('Enter');
    await chat.frame.locator('[data-testid=model-picker]', { hasText: 'qwen/qwen3-coder:free' }).waitFor();
    await ask(chat, 'Which model are you?');
    assert.equal(lastChat()['model'], 'qwen/qwen3-coder:free');
  });

  it('sends the conversation’s system prompt, temperature and max tokens', async function () {
    await chat.frame.locator('[data-testid=settings-toggle]').click();
    await chat.frame.locator('[data-testid=system-prompt]').fill('Answer in Korean.');
    await chat.frame.locator('[data-testid=temperature]').fill('0.3');
    await chat.frame.locator('[data-testid=max-tokens]').fill('300');
    await chat.frame.locator('[data-testid=settings-save]').click();
    await ask(chat, 'Hello');
    const body = lastChat();
    assert.deepEqual((body['messages'] as Array<{ role: string; content: string }>)[0], { role: 'system', content: 'Answer in Korean.' });
    assert.equal(body['temperature'], 0.3);
    assert.equal(body['max_tokens'], 300);
  });

  it('offers a further parameter only for a model that takes it, and sends what was chosen', async function () {
    const choose = async (search: string, id: string): Promise<void> => {
      await chat.frame.locator('[data-testid=model-picker]').click();
      await chat.frame.locator('[data-testid=model-search]').fill(search);
      await chat.frame.locator('[data-testid=model-search]').press('Enter');
      await chat.frame.locator('[data-testid=model-picker]', { hasText: id }).waitFor();
    };
    // On the simulator Claude lists `reasoning` and `top_k`, GPT-4o-mini only `top_k`; neither lists min_p.
    await choose('sonnet', 'anthropic/claude-sonnet-4.5');
    const settings = chat.frame.locator('[data-testid=conversation-settings]');
    if (await settings.isHidden()) await chat.frame.locator('[data-testid=settings-toggle]').click();
    await chat.frame.locator('[data-testid=more-parameters] > summary').click();
    const effort = chat.frame.locator('[data-testid=reasoning-effort]');
    await effort.waitFor({ state: 'visible' });
    assert.equal(await chat.frame.locator('[data-testid=top-k]').isVisible(), true);
    assert.equal(await chat.frame.locator('[data-testid=min-p]').isVisible(), false, 'no model here takes min_p');
    await effort.selectOption('high');
    await chat.frame.locator('[data-testid=top-p]').fill('0.8');
    await chat.frame.locator('[data-testid=seed]').fill('42');
    await chat.frame.locator('[data-testid=stop-sequences]').fill('END\n###');
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'parameters.png') });
    await chat.frame.locator('[data-testid=settings-save]').click();
    await ask(chat, 'Think hard');
    const body = lastChat();
    assert.deepEqual(body['reasoning'], { effort: 'high' });
    assert.equal(body['top_p'], 0.8);
    assert.equal(body['seed'], 42);
    assert.deepEqual(body['stop'], ['END', '###']);
    assert.equal(body['top_k'], undefined, 'what was not set is not sent');
    // Another model that does not take reasoning: the choice is kept, but neither shown nor sent.
    await choose('gpt-4o-mini', 'openai/gpt-4o-mini');
    await effort.waitFor({ state: 'hidden' });
    await ask(chat, 'Plainly');
    assert.equal(lastChat()['reasoning'], undefined);
    assert.equal(lastChat()['top_p'], 0.8);
  });
});
