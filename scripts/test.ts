/**
 * `npm test`: every layer in the order a failure is cheapest to find. Installs the offline tools
 * first (cached), then runs types, lint, unit, build, integration and end-to-end tests on Node 24,
 * the Node of VS Code's extension host. Stops at the first failing layer.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureTools, node24Env } from './tools';

const bin = (name: string): string => join(ROOT, 'node_modules', '.bin', name);

const steps: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['types', 'npm', ['run', '--silent', 'typecheck']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  ['unit', bin('mocha'), ['--config', 'test/unit/.mocharc.json']],
  ['build', process.execPath, ['esbuild.mjs', '--tests']],
  ['integration', bin('tsx'), ['scripts/runIntegration.ts']],
  ['e2e', bin('tsx'), ['scripts/runE2e.ts']],
];

function main(): number {
  const started = Date.now();
  console.log('== tools');
  ensureTools();
  const timings: string[] = [];
  for (const [name, command, args] of steps) {
    console.log(`\n== ${name}`);
    const t0 = Date.now();
    const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: node24Env() });
    timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (result.status !== 0) {
      console.error(`\n${name} failed (exit ${result.status ?? result.signal}); the layers after it did not run.`);
      return 1;
    }
  }
  console.log(`\nAll layers passed in ${((Date.now() - started) / 1000).toFixed(0)} s: ${timings.join(', ')}`);
  return 0;
}

process.exit(main());
