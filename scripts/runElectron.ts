/**
 * The same integration suite in desktop VS Code through @vscode/test-electron, for machines with
 * internet access (it downloads VS Code). Offline, `npm run test:integration` is the way.
 */
import { runTests } from '@vscode/test-electron';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GatewaySimulator } from '../test/fixtures/simulator/server';
import { ROOT, TOOLS } from './tools';

async function main(): Promise<number> {
  const simulator = new GatewaySimulator();
  const simUrl = await simulator.listen();
  const report = join(TOOLS, 'electron-report.txt');
  rmSync(report, { force: true });
  try {
    await runTests({
      version: '1.139.1',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'integration', 'index.js'),
      launchArgs: [join(ROOT, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { SWITCHBOARD_SIM_URL: simUrl, SWITCHBOARD_TEST_REPORT: report },
    });
    return 0;
  } catch {
    return 1;
  } finally {
    try {
      process.stdout.write(readFileSync(report, 'utf8'));
    } catch {
      console.error('The suite wrote no report.');
    }
    await simulator.close();
  }
}

void main().then((code) => process.exit(code));
