import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageExtension } from '../../scripts/package';
import { extensionFolderName } from '../../scripts/tools';
import { SCREENSHOTS, openChat, openWorkbench, sendPrompt, startWorkbench, type Workbench } from './workbench';

describe('the packaged extension', function () {
  let workbench: Workbench | undefined;

  after(async function () {
    await workbench?.close();
  });

  it('installs from its .vsix with --install-extension and answers in the chat panel', async function () {
    const vsix = packageExtension();
    assert.ok(existsSync(vsix));
    workbench = await startWorkbench('vsix', { vsix });
    const installed = join(workbench.server.extensionsDir, extensionFolderName(), 'dist', 'extension.js');
    assert.ok(existsSync(installed), 'the extension was unpacked into the extensions folder');
    const page = await openWorkbench(workbench);
    const frame = await openChat(page);
    await sendPrompt(frame, 'Is the packaged build alive?');
    const answer = frame.locator('[data-testid=message][data-role=assistant][data-status=done]');
    await answer.waitFor({ timeout: 30_000 });
    assert.match((await answer.locator('.body').textContent()) ?? '', /^You asked: Is the packaged build alive\?/);
    await page.screenshot({ path: join(SCREENSHOTS, 'vsix.png') });
  });
});
