/**
 * The integration suite's entry point, loaded by VS Code's extension host (code-server offline,
 * or @vscode/test-electron). Writes its report to SWITCHBOARD_TEST_REPORT because the host's
 * console goes into the workbench log, and ends it with `N passed, N failed`.
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } = Mocha.Runner.constants;

class FileReporter {
  constructor(runner: Mocha.Runner) {
    const lines: string[] = [];
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
      passed += 1;
      lines.push(`  ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
      failed += 1;
      lines.push(`  ✘ ${test.fullTitle()}\n      ${String(error.stack ?? error).split('\n').join('\n      ')}`);
    });
    runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => {
      skipped += 1;
      lines.push(`  - ${test.fullTitle()} (skipped)`);
    });
    runner.once(EVENT_RUN_END, () => {
      lines.push(`integration: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
      const text = `${lines.join('\n')}\n`;
      const path = process.env['SWITCHBOARD_TEST_REPORT'];
      if (path) writeFileSync(path, text);
      else console.log(text);
    });
  }
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, reporter: FileReporter as unknown as typeof Mocha.reporters.Base });
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'integration', mocha);
  // Loaded after the globals above exist; esbuild keeps dynamic imports lazy.
  await import('./extension.test');
  await import('./chat.test');
  await import('./keys.test');
  await import('./conversations.test');
  await import('./freeOnly.test');
  await import('./providers.test');
  await import('./explain.test');
  await import('./panelRequests.test');
  await import('./ledger.test');
  await import('./lm.test');
  await import('./participant.test');
  await import('./context.test');
  await import('./noKeyWritten.test');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
