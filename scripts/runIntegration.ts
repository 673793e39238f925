/**
 * Runs the integration suite inside the real VS Code extension host of the pinned code-server:
 * the workbench loads the suite from the URL (smoke-test driver) and reports its exit code
 * through `codeAutomationExit`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { GatewaySimulator } from '../test/fixtures/simulator/server';
import { ROOT, TOOLS, ensureTools } from './tools';

const TIMEOUT_MS = 5 * 60_000;

async function main(): Promise<number> {
  ensureTools();
  execFileSync(process.execPath, ['esbuild.mjs', '--tests'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const report = join(TOOLS, 'integration-report.txt');
  rmSync(report, { force: true });

  const simulator = new GatewaySimulator();
  const simUrl = await simulator.listen();
  const stateDir = join(TOOLS, 'integration');
  const server = await startCodeServer({ stateDir, smokeTestDriver: true, userSettings: {} });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(join(ROOT, 'out', 'integration', 'index.js'))],
      ['extensionEnvironment', JSON.stringify({ SWITCHBOARD_SIM_URL: simUrl, SWITCHBOARD_TEST_REPORT: report, SWITCHBOARD_SCAN_DIR: TOOLS })],
    ];
    const folder = join(ROOT, 'test', 'fixtures', 'workspace');
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), TIMEOUT_MS));
    const code = await Promise.race([exit, timeout]);
    if (existsSync(report)) process.stdout.write(readFileSync(report, 'utf8'));
    if (code === -1) console.error(`The integration suite did not finish within ${TIMEOUT_MS / 1000} s.`);
    else if (!existsSync(report)) console.error('The integration suite wrote no report: it failed to load. See the workbench log under .vscode-test/integration.');
    return code === 0 && existsSync(report) ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
    await simulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
