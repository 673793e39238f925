import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { SIM_KEYS } from '../fixtures/simulator/server';
import { SCREENSHOTS, answerQuickInput, useWorkbench } from './workbench';

describe('at startup, before any command has run', function () {
  const opened = useWorkbench('startup', {
    requireKey: true,
    settings: (simUrl) => ({ 'switchboard.gateway': 'openrouter', 'switchboard.baseUrls': { openrouter: `${simUrl}/openrouter/api/v1` } }),
  });

  it('with no key, the status bar says "Set up Switchboard", and a key set from it turns it into the credit', async function () {
    const { page } = opened;
    const setUp = page.locator('.statusbar-item', { hasText: 'Set up Switchboard' });
    await setUp.waitFor({ timeout: 30_000 });
    assert.equal(await setUp.getAttribute('aria-label'), 'Set up Switchboard: no API key is set for OpenRouter');
    await page.screenshot({ path: join(SCREENSHOTS, 'startup-set-up.png') });
    await setUp.click();
    // Straight to the key of the gateway chosen, without asking which.
    await answerQuickInput(page, SIM_KEYS.openrouter);
    await page.locator('.statusbar-item', { hasText: '$7.50 left' }).waitFor({ timeout: 15_000 });
    assert.equal(await setUp.count(), 0, 'the set-up item gave way to the credit');
  });
});
