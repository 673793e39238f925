/**
 * Starts the pinned code-server (a real VS Code 1.139 with a Node extension host) with all of its
 * state inside a folder we choose, and stops it again by its process group.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CODE_SERVER_BIN, NODE24, node24Env } from './tools';

export interface CodeServerOptions {
  /** Everything code-server writes goes below this folder. */
  readonly stateDir: string;
  /** Keep what an earlier run left there (keys, layout); otherwise the folder is emptied first. */
  readonly keepState?: boolean;
  readonly userSettings: Record<string, unknown>;
  /** For integration tests: lets the workbench load a test runner from the URL. */
  readonly smokeTestDriver?: boolean;
  readonly port?: number;
  /** How the extension under test gets in: a link to this folder, or a packaged .vsix. */
  readonly install?: { readonly link: string; readonly as: string } | { readonly vsix: string };
  /** Print the server's output (for `npm start`). */
  readonly verbose?: boolean;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly extensionsDir: string;
  /** The user settings file (settings.json) of this server. */
  readonly settingsFile: string;
  stop(): Promise<void>;
}

export const BASE_SETTINGS: Record<string, unknown> = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const { stateDir } = options;
  if (!options.keepState) rmSync(stateDir, { recursive: true, force: true });
  const userDataDir = join(stateDir, 'user-data');
  const extensionsDir = join(stateDir, 'extensions');
  const tmp = join(stateDir, 'tmp');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, tmp, join(stateDir, 'config'), join(stateDir, 'data')]) mkdirSync(dir, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const kept = options.keepState && existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(settingsFile, JSON.stringify({ ...BASE_SETTINGS, ...kept, ...options.userSettings }, null, 2));
  const env = node24Env({
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: join(stateDir, 'config'),
    XDG_DATA_HOME: join(stateDir, 'data'),
    TMPDIR: tmp,
  });
  const dirs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const install = options.install;
  if (install && 'link' in install) {
    rmSync(join(extensionsDir, install.as), { recursive: true, force: true });
    symlinkSync(install.link, join(extensionsDir, install.as), 'dir');
  }
  if (install && 'vsix' in install) {
    execFileSync(join(NODE24, 'bin', 'node'), [CODE_SERVER_BIN, ...dirs, '--install-extension', install.vsix], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const configFile = join(stateDir, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = options.port ?? (await freePort());
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--config', configFile,
    ...dirs,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(join(NODE24, 'bin', 'node'), [CODE_SERVER_BIN, ...args], {
    detached: true,
    stdio: options.verbose ? 'inherit' : 'ignore',
    env,
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, extensionsDir, settingsFile, stop };
}
