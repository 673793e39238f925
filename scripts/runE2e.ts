/** End-to-end tests: Chromium clicking through the extension's webview in the pinned code-server. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureTools, node24Env } from './tools';

ensureTools();
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);
const mocha = spawnSync(join(ROOT, 'node_modules', '.bin', 'mocha'), ['--config', 'test/e2e/.mocharc.json', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: node24Env(),
});
process.exit(mocha.status ?? 1);
