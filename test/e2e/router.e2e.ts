import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, answerQuickInput, ask, changeUserSettings, notification, useChatPanel } from './workbench';

/** Rules for the simulator's gateway: it is a custom one, so Auto has no defaults for it. */
const RULES = {
  sim: {
    code: ['qwen/qwen3-coder'],
    chinese: ['qwen/qwen3-235b-a22b-2507'],
    general: ['no/such-model', 'openrouter/auto'],
  },
};

describe('Auto: the router in a real browser', function () {
  const chat = useChatPanel('router', { settings: { 'switchboard.model': 'auto', 'switchboard.router.rules': RULES } });
  const sentModel = () => (chat.workbench.simulator.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as { model?: string }).model;

  it('sends code to the code model and says why on a chip', async function () {
    const answer = await ask(chat, 'Why is this slow?\n```python\nfor i in range(10**7):\n    total += i\n```');
    assert.equal(sentModel(), 'qwen/qwen3-coder');
    assert.equal(await answer.locator('[data-testid=route-label]').textContent(), 'Auto → qwen/qwen3-coder · code (python)');
    const hover = (await answer.locator('[data-testid=route-label]').getAttribute('title')) ?? '';
    assert.match(hover, /^Detected code: a fenced python block\.\nRule: Simulator code → qwen\/qwen3-coder, from your switchboard\.router\.rules\.\nChose qwen\/qwen3-coder: /);
  });

  it('sends Chinese to Qwen', async function () {
    const answer = await ask(chat, '请用三句话介绍一下长城的历史。');
    assert.equal(sentModel(), 'qwen/qwen3-235b-a22b-2507');
    assert.match((await answer.locator('[data-testid=route-label]').textContent()) ?? '', /^Auto → qwen\/qwen3-235b-a22b-2507 · chinese$/);
  });

  it('skips a model the gateway does not list, goes to the server-side router, and shows the model that answered', async function () {
    const answer = await ask(chat, 'Suggest three names for a bakery.');
    assert.equal(sentModel(), 'openrouter/auto');
    assert.equal(await answer.locator('[data-testid=route-label]').textContent(), 'Auto → openrouter/auto · general');
    assert.match((await answer.locator('.who').textContent()) ?? '', /anthropic\/claude-sonnet-4\.5/);
    await answer.locator('[data-testid=route-label]').click();
    const reasons = await answer.locator('[data-testid=route-reasons] li').allTextContents();
    assert.deepEqual(reasons.slice(2), [
      'Skipped no/such-model: Simulator does not list it.',
      "Chose openrouter/auto: openrouter/auto is Simulator's own router: it picks the model itself, and the answer says which.",
      'Answered by anthropic/claude-sonnet-4.5.',
    ]);
    await chat.page.screenshot({ path: join(SCREENSHOTS, 'router-dark.png') });
  });

  it('re-sends the last prompt to a model the user picks, in one click and a choice', async function () {
    const answers = chat.frame.locator('[data-testid=message][data-role=assistant]');
    const before = await answers.count();
    await chat.lastAnswer().hover();
    await chat.lastAnswer().locator('[data-testid=message-reroute]').click();
    await answerQuickInput(chat.page, 'openai/gpt-4o-mini');
    const answer = answers.nth(before - 1);
    await answer.locator('[data-testid=route-label]', { hasText: 'Your choice → openai/gpt-4o-mini' }).waitFor({ timeout: 15_000 });
    await answer.and(chat.frame.locator('[data-status=done]')).waitFor({ timeout: 15_000 });
    assert.equal(await answers.count(), before, 'the answer was replaced, not added');
    assert.equal(sentModel(), 'openai/gpt-4o-mini');
    assert.match((await answer.locator('.body').textContent()) ?? '', /You asked: Suggest three names for a bakery\./);
    assert.match((await answer.locator('[data-testid=route-label]').getAttribute('title')) ?? '', /Auto had chosen openrouter\/auto for general/);
    // Only the last answer offers it.
    assert.equal(await answers.first().locator('[data-testid=message-reroute]').isHidden(), true);
  });

  it('names each entry of switchboard.router.rules it ignores, and why', async function () {
    await changeUserSettings(chat.page, chat.workbench, { 'switchboard.router.rules': { sim: { kode: ['x'], general: [] } } });
    const warning = await notification(chat.page, /Switchboard ignored part of its settings/);
    const text = (await warning.textContent()) ?? '';
    assert.match(text, /switchboard\.router\.rules\.sim: "kode" is not a task \(tasks: long, code, chinese, japanese, korean, general\)/);
    assert.match(text, /switchboard\.router\.rules\.sim\.general must be a model id or a non-empty list of model ids/);
    // With no rules left for this gateway, Auto refuses with what to do.
    const answer = await ask(chat, 'Hello again');
    assert.match((await answer.locator('[data-testid=message-error]').textContent()) ?? '', /Auto could not choose a model for this request\. Choose a model, or change switchboard\.router\.rules\. \(there are no rules for Simulator/);
  });
});
