/**
 * Builds the .vsix: a production bundle, then vsce with only the allow-listed files.
 * README links stay relative: the screenshots ship inside the package, where VS Code shows them.
 * Fails on any vsce warning, so a package never ships with one unnoticed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureNode24, manifest, node24Env } from './tools';

export function vsixPath(): string {
  const { name, version } = manifest();
  return join(ROOT, `${name}-${version}.vsix`);
}

export function packageExtension(): string {
  ensureNode24();
  const out = vsixPath();
  // vsce needs Node 22 or later; it runs `vscode:prepublish` (the production build) itself.
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out], {
    cwd: ROOT,
    env: node24Env(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${result.stdout}${result.stderr}`;
  process.stdout.write(output);
  if (result.status !== 0) throw new Error(`vsce failed with exit code ${result.status}`);
  if (/WARNING/i.test(output)) throw new Error('vsce printed a warning; fix it rather than ship it');
  return out;
}

if (require.main === module) packageExtension();
