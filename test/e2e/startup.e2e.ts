import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SIM_KEYS } from '../fixtures/simulator/server';
import { SCREENSHOTS, answerQuickInput, openWorkbench, startWorkbench, type Workbench } from './workbench';

describe('at startup, before any command has run', function () {
  let workbench: Workbench | undefined;
  let page: Page | undefined;
  const opened = (): Page => {
    if (!page) throw new Error('the workbench is not started yet');
    return page;
  };

  before(async function () {
    workbench = await startWorkbench('startup', {
      requireKey: true,
      settings: (simUrl) => ({ 'switchboard.gateway': 'openrouter', 'switchboard.baseUrls': { openrouter: `${simUrl}/openrouter/api/v1` } }),
    });
    page = await openWorkbench(workbench);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await page.screenshot({ path: join(SCREENSHOTS, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
  });
  after(async function () {
    await workbench?.close();
  });

  it('with no key, the status bar says "Set up Switchboard", and a key set from it turns it into the credit', async function () {
    const setUp = opened().locator('.statusbar-item', { hasText: 'Set up Switchboard' });
    await setUp.waitFor({ timeout: 30_000 });
    assert.equal(await setUp.getAttribute('aria-label'), 'Set up Switchboard: no API key is set for OpenRouter');
    await opened().screenshot({ path: join(SCREENSHOTS, 'startup-set-up.png') });
    await setUp.click();
    // Straight to the key of the gateway chosen, without asking which.
    await answerQuickInput(opened(), SIM_KEYS.openrouter);
    await opened().locator('.statusbar-item', { hasText: '$7.50 left' }).waitFor({ timeout: 15_000 });
    assert.equal(await setUp.count(), 0, 'the set-up item gave way to the credit');
  });
});
