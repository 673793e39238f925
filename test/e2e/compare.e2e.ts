import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { SCREENSHOTS, answerQuickInput, runCommand, sendPrompt, useChatPanel, waitForTexts } from './workbench';

/** Two gateways on the simulator: its OpenRouter dialect (`sim`) and its BizRouter one (`simbiz`). */
const settings = (simUrl: string): Record<string, unknown> => ({
  'switchboard.gateways': [
    { id: 'sim', label: 'Simulator', baseUrl: `${simUrl}/openrouter/api/v1`, dialect: 'openrouter' },
    { id: 'simbiz', label: 'BizSim', baseUrl: `${simUrl}/bizrouter/v1`, dialect: 'bizrouter' },
  ],
  'switchboard.compare.models': [
    { gateway: 'sim', model: 'openai/gpt-4o-mini' },
    { gateway: 'sim', model: 'qwen/qwen3-coder' },
    { gateway: 'simbiz', model: 'upstage/solar-pro-2' },
  ],
});

const LONG = 'Tabs keep the indentation one keystroke deep, and spaces keep it the same everywhere. '.repeat(8);

function columns(frame: FrameLocator): Locator {
  return frame.locator('[data-testid=comparison]').last().locator('[data-testid=column]');
}

function column(frame: FrameLocator, name: string): Locator {
  return columns(frame).filter({ has: frame.locator('[data-testid=column-name]', { hasText: name }) });
}

/** Sends a prompt to compare and waits until its comparison is there and no column of it is streaming. */
async function compare(frame: FrameLocator, prompt: string): Promise<void> {
  const comparisons = frame.locator('[data-testid=comparison]');
  const before = await comparisons.count();
  await sendPrompt(frame, prompt);
  await comparisons.nth(before).waitFor({ timeout: 30_000 });
  await allEnded(frame);
}

/** Waits until no column of the newest comparison is streaming. */
async function allEnded(frame: FrameLocator): Promise<void> {
  await frame.locator('[data-testid=comparison]').last().locator('[data-testid=column][data-status=streaming]').first().waitFor({ state: 'detached', timeout: 30_000 });
}

describe('comparing models side by side in a real browser', function () {
  const chat = useChatPanel('compare', { settings });
  const chatRequests = () => chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions'));

  it('chooses the models from the palette and turns comparing on in the panel', async function () {
    await runCommand(chat.page, 'Switchboard: Compare Models');
    const title = chat.page.locator('.quick-input-widget .quick-input-title');
    await title.waitFor({ state: 'visible' });
    await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: 'upstage/solar-pro-2' }).first().waitFor();
    await chat.page.locator('.quick-input-widget input').press('Enter');
    await chat.frame.locator('[data-testid=compare-toggle][aria-pressed=true]').waitFor();
    await waitForTexts(chat.frame.locator('[data-testid=compare-target] > span:first-child'), ['openai/gpt-4o-mini', 'qwen/qwen3-coder', 'upstage/solar-pro-2']);
  });

  it('streams three answers side by side; one failing mid-stream leaves the others going, each with its metrics', async function () {
    const { simulator } = chat.workbench;
    simulator.enqueue(
      { model: 'openai/gpt-4o-mini', text: `Spaces. ${LONG}`, chunkChars: 40, delayMs: 20 },
      { model: 'qwen/qwen3-coder', text: `Tabs, because ${LONG}`, chunkChars: 20, delayMs: 30, failAfterChunks: 3, midStreamFailure: 'server' },
      { model: 'upstage/solar-pro-2', text: `Either, if the team agrees. ${LONG}`, chunkChars: 30, delayMs: 25 },
    );
    await compare(chat.frame, 'Tabs or spaces?');
    const sent = chatRequests().slice(-3).map((r) => (r.body as { model: string }).model).sort();
    assert.deepEqual(sent, ['openai/gpt-4o-mini', 'qwen/qwen3-coder', 'upstage/solar-pro-2']);
    assert.ok(chatRequests().slice(-3).some((r) => r.path.startsWith('/bizrouter/')), 'the BizRouter column went to the BizRouter gateway');

    await waitForTexts(columns(chat.frame).locator('[data-testid=column-name]'), ['openai/gpt-4o-mini', 'qwen/qwen3-coder', 'upstage/solar-pro-2']);
    await waitForTexts(columns(chat.frame).locator('[data-testid=column-gateway]'), ['Simulator', 'Simulator', 'BizSim']);
    const failed = column(chat.frame, 'qwen/qwen3-coder');
    assert.equal(await failed.getAttribute('data-status'), 'error');
    assert.match((await failed.locator('[data-testid=column-error]').textContent()) ?? '', /\S/);
    assert.match((await failed.locator('.body').textContent()) ?? '', /^Tabs, because/, 'the partial answer stays');
    for (const name of ['openai/gpt-4o-mini', 'upstage/solar-pro-2']) {
      const done = column(chat.frame, name);
      assert.equal(await done.getAttribute('data-status'), 'done');
      assert.match((await done.locator('[data-testid=column-ttft]').textContent()) ?? '', /^\d+\.\d s$/);
      assert.match((await done.locator('[data-testid=column-rate]').textContent()) ?? '', /^\d+ tok\/s$/);
      assert.match((await done.locator('[data-testid=column-duration]').textContent()) ?? '', /^\d+(\.\d)? s$/);
      assert.match((await done.locator('[data-testid=column-tokens]').textContent()) ?? '', /^\d+ → \d+$/);
      // OpenRouter's cost is an estimate until its bill is read; BizRouter keeps no bill to read: from its prices.
      const kind = name === 'upstage/solar-pro-2' ? /^\$[\d.]+ · (₩\d+|< ₩1) · from prices$/ : /^(≈ \$[\d.]+ · (₩\d+|< ₩1) · estimated|\$[\d.]+ · (₩\d+|< ₩1) · billed)$/;
      assert.match((await done.locator('[data-testid=column-cost]').textContent()) ?? '', kind);
      assert.equal(await done.locator('[data-testid=column-finish]').textContent(), 'stop');
    }
    const speed = await chat.frame.locator('[data-testid=summary-speed] li').allTextContents();
    assert.equal(speed.length, 2, 'the summary ranks the two finished answers by speed');
    const cost = await chat.frame.locator('[data-testid=summary-cost] li').allTextContents();
    assert.equal(cost.length, 2);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'compare-dark.png') });
  });

  it('retries the failed column alone', async function () {
    chat.workbench.simulator.enqueue({ model: 'qwen/qwen3-coder', text: 'Tabs, on reflection.' });
    const before = chatRequests().length;
    await column(chat.frame, 'qwen/qwen3-coder').locator('[data-testid=column-retry]').click();
    await column(chat.frame, 'qwen/qwen3-coder').and(chat.frame.locator('[data-status=done]')).waitFor({ timeout: 20_000 });
    assert.equal((await column(chat.frame, 'qwen/qwen3-coder').locator('.body').textContent())?.trim(), 'Tabs, on reflection.');
    assert.deepEqual(chatRequests().slice(before).map((r) => (r.body as { model: string }).model), ['qwen/qwen3-coder']);
    assert.equal(await chat.frame.locator('[data-testid=summary-speed] li').count(), 3);
  });

  it('opens two answers side by side in the diff editor', async function () {
    await column(chat.frame, 'openai/gpt-4o-mini').locator('[data-testid=column-diff]').click();
    await answerQuickInput(chat.page, 'upstage/solar-pro-2');
    const tab = chat.page.locator('.tabs-container .tab', { hasText: 'openai/gpt-4o-mini ↔ upstage/solar-pro-2' });
    await tab.waitFor({ timeout: 10_000 });
    await chat.page.locator('.monaco-diff-editor .view-lines', { hasText: 'Either, if the team agrees.' }).first().waitFor();
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'compare-diff.png') });
    assert.ok(await chat.frame.locator('[data-testid=comparison]').last().isVisible(), 'the comparison stays in view beside the diff');
    await tab.click({ button: 'middle' });
    await tab.waitFor({ state: 'detached' });
  });

  it('stops one column while the others go on', async function () {
    const slow = { text: LONG.repeat(3), chunkChars: 8, delayMs: 40 };
    chat.workbench.simulator.enqueue({ model: 'openai/gpt-4o-mini', ...slow }, { model: 'qwen/qwen3-coder', ...slow }, { model: 'upstage/solar-pro-2', text: 'Short.', delayMs: 10 });
    await sendPrompt(chat.frame, 'And for YAML?');
    const stopped = column(chat.frame, 'qwen/qwen3-coder');
    await stopped.locator('.body', { hasText: 'Tabs keep' }).waitFor();
    await stopped.locator('[data-testid=column-stop]').click();
    await stopped.and(chat.frame.locator('[data-status=stopped]')).waitFor();
    assert.equal(await column(chat.frame, 'openai/gpt-4o-mini').getAttribute('data-status'), 'streaming', 'the other column is still answering');
    await allEnded(chat.frame);
    assert.equal(await column(chat.frame, 'openai/gpt-4o-mini').getAttribute('data-status'), 'done');
    assert.equal(await column(chat.frame, 'upstage/solar-pro-2').getAttribute('data-status'), 'done');
  });

  it('continues the chat with one answer and its model, on its gateway', async function () {
    await column(chat.frame, 'upstage/solar-pro-2').locator('[data-testid=column-continue]').click();
    const kept = chat.frame.locator('[data-testid=message][data-role=assistant]').last();
    await kept.locator('.body', { hasText: 'Short.' }).waitFor();
    await chat.frame.locator('[data-testid=gateway]', { hasText: 'BizSim' }).waitFor();
    await chat.frame.locator('[data-testid=compare-toggle]').click();
    await chat.frame.locator('[data-testid=compare-toggle][aria-pressed=false]').waitFor();
    chat.workbench.simulator.enqueue({ text: 'Two spaces.' });
    await sendPrompt(chat.frame, 'How many?');
    await chat.frame.locator('[data-testid=message][data-role=assistant][data-status=done]', { hasText: 'Two spaces.' }).waitFor();
    const last = chatRequests().at(-1);
    const body = last?.body as { model: string; messages: Array<{ role: string; content: string }> };
    assert.ok(last?.path.startsWith('/bizrouter/'));
    assert.equal(body.model, 'upstage/solar-pro-2');
    assert.deepEqual(body.messages.slice(-3), [
      { role: 'user', content: 'And for YAML?' },
      { role: 'assistant', content: 'Short.' },
      { role: 'user', content: 'How many?' },
    ]);
    assert.ok(!body.messages.some((m) => m.content === 'Tabs or spaces?'), 'a comparison nobody continued stays out of the chat');
  });

  it('hides the names in blind mode until the better answer is picked, and tallies the pick', async function () {
    await chat.frame.locator('[data-testid=compare-toggle]').click();
    await chat.frame.locator('[data-testid=compare-blind]').check();
    const haiku: Record<string, string> = { 'openai/gpt-4o-mini': 'Green checks bloom at dawn', 'qwen/qwen3-coder': 'A nit on line nine', 'upstage/solar-pro-2': 'Approve, then merge' };
    chat.workbench.simulator.enqueue(...Object.entries(haiku).map(([model, text]) => ({ model, text })));
    await compare(chat.frame, 'Write a haiku about code review.');
    const names = (await columns(chat.frame).locator('[data-testid=column-name]').allTextContents()).sort();
    assert.deepEqual(names, ['Answer A', 'Answer B', 'Answer C']);
    assert.equal(await columns(chat.frame).locator('[data-testid=column-gateway], [data-testid=column-cost]').count(), 0, 'no gateway or cost gives a model away');
    assert.equal(await chat.frame.locator('[data-testid=comparison]').last().textContent().then((t) => /gpt-4o|qwen|solar/.test(t ?? '')), false);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'compare-blind.png') });

    const b = column(chat.frame, 'Answer B');
    const bText = ((await b.locator('.body').textContent()) ?? '').trim();
    const winner = Object.keys(haiku).find((model) => haiku[model] === bText) ?? bText;
    await b.locator('[data-testid=column-pick]').click();
    const picked = columns(chat.frame).filter({ has: chat.frame.locator('[data-testid=column-picked]') });
    await picked.waitFor();
    assert.equal(await picked.locator('[data-testid=column-name]').textContent(), winner, 'the picked column now shows its model');
    await chat.frame.locator('[data-testid=compare-leaderboard]').click();
    const board = chat.page.locator('.editor-instance .view-lines', { hasText: 'Switchboard model leaderboard' }).first();
    await board.waitFor({ timeout: 10_000 });
    const text = (await board.textContent())?.replace(/\u00a0/g, ' ') ?? '';
    assert.match(text, /## General/);
    assert.ok(text.includes(`| 1 | ${winner.startsWith('upstage') ? 'simbiz' : 'sim'}/${winner} | 1 | 1 | 100% |`), text);
  });
  it('compares one model on two of its providers, chosen from their list, each column saying who served it', async function () {
    await runCommand(chat.page, 'Switchboard: Compare Providers of a Model');
    const input = chat.page.locator('.quick-input-widget input');
    await input.fill('qwen/qwen3-coder');
    await chat.page.locator('.quick-input-list .monaco-list-row', { hasText: 'qwen/qwen3-coder', hasNotText: ':free' }).first().click();
    const rows = chat.page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Alibaba' }).waitFor();
    const listed = (await rows.allTextContents()).join('\n');
    for (const shown of ['DeepInfra', '$0.22 / $0.95 per 1M (₩323 / ₩1,397)', '262K context', 'fp8', 'first token 820 ms', '48.5 tokens/s', 'up 99.2%', 'Chutes', 'No latency, speed or uptime listed']) {
      assert.ok(listed.includes(shown), `the list shows ${shown}:\n${listed}`);
    }
    await rows.filter({ hasText: 'DeepInfra' }).click();
    await rows.filter({ hasText: 'Together' }).click();
    await chat.page.locator('.quick-input-widget .quick-input-title', { hasText: '2 chosen' }).waitFor();
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'providers-list.png') });
    await input.press('Enter');
    await waitForTexts(chat.frame.locator('[data-testid=compare-target] > span:first-child'), ['qwen/qwen3-coder on deepinfra/fp8', 'qwen/qwen3-coder on together/fp8']);

    await chat.frame.locator('[data-testid=compare-blind]').uncheck();
    await compare(chat.frame, 'Write a function that reverses a linked list.');
    const asked = chatRequests().slice(-2).map((r) => (r.body as { provider?: unknown }).provider);
    assert.deepEqual(asked.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [
      { order: ['deepinfra/fp8'], allow_fallbacks: false },
      { order: ['together/fp8'], allow_fallbacks: false },
    ]);
    await waitForTexts(columns(chat.frame).locator('[data-testid=column-name]'), ['qwen/qwen3-coder on deepinfra/fp8', 'qwen/qwen3-coder on together/fp8']);
    await waitForTexts(columns(chat.frame).locator('[data-testid=column-provider]'), ['DeepInfra', 'Together']);
    // Together charges more than DeepInfra for the same tokens: the two columns' costs say so once billed.
    const cost = (name: string) => column(chat.frame, name).locator('[data-testid=column-cost]');
    await cost('deepinfra').filter({ hasText: 'billed' }).waitFor({ timeout: 30_000 });
    await cost('together').filter({ hasText: 'billed' }).waitFor({ timeout: 30_000 });
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'compare-providers.png') });
  });
});
