/**
 * `npm start`: builds the extension, keeps rebuilding it on change, and opens it in a local VS Code
 * (the pinned code-server) whose URL is printed. `npm run demo` also starts the gateway simulator
 * and makes it the active gateway, so the chat answers with no key and no network.
 *
 * Options: --port N (default 8080), --demo.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { GatewaySimulator } from '../test/fixtures/simulator/server';
import { startCodeServer } from './codeServer';
import { ROOT, TOOLS, ensureTools, extensionFolderName } from './tools';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const demo = process.argv.includes('--demo');
  const port = Number(option('--port') ?? process.env['PORT'] ?? 8080);
  ensureTools();

  const watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const simulator = demo ? new GatewaySimulator({ requireKey: false }) : undefined;
  const simUrl = await simulator?.listen();
  const settings: Record<string, unknown> = simUrl
    ? {
        'switchboard.gateways': [{ id: 'demo', label: 'Demo (local simulator)', baseUrl: `${simUrl}/openrouter/api/v1`, dialect: 'openrouter' }],
        'switchboard.gateway': 'demo',
      }
    : {};
  const server = await startCodeServer({
    stateDir: join(TOOLS, demo ? 'demo' : 'dev'),
    keepState: !demo,
    userSettings: settings,
    port,
    install: { link: ROOT, as: extensionFolderName() },
  });
  const folder = demo ? join(ROOT, 'test', 'fixtures', 'workspace') : ROOT;
  console.log(`\nSwitchboard is running in VS Code at ${server.url}/?folder=${encodeURIComponent(folder)}`);
  console.log('Open the Command Palette (F1) and run "Switchboard: Open Chat".');
  console.log(demo ? 'Demo mode: the chat answers from the local gateway simulator; no key needed.' : 'Set a key with "Switchboard: Set API Key", or try `npm run demo`.');
  console.log('Code changes rebuild on save; run "Developer: Reload Window" to load them. Ctrl+C stops.\n');

  const stop = async (): Promise<void> => {
    watcher.kill();
    await server.stop();
    await simulator?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
