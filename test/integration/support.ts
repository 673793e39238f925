/** What the integration suites share: waiting for a condition, and reading what the extension saved. */
import * as assert from 'node:assert/strict';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { SIM_KEYS, type RecordedRequest } from '../fixtures/simulator/server';

/** Where code-server and the browser keep everything they write: settings, state, logs, storage. */
export const scanDir = process.env['SWITCHBOARD_SCAN_DIR'] ?? '';
/** Where code-server keeps this extension's saved conversations in the integration run. */
export const conversationsDir = join(scanDir, 'integration', 'user-data', 'User', 'globalStorage', 'switchboard.switchboard', 'conversations');

/** Polls `probe` until it gives a value (not undefined, not false). */
export async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface SavedMessage {
  readonly role: string;
  readonly text: string;
  readonly status: string;
  readonly error?: string;
  /** The provider that served the answer, where the gateway named it. */
  readonly provider?: string;
}

/**
 * The saved answer to `prompt` once it has ended, as the conversation file holds it; only from
 * conversations saved since `since`, so that an earlier run's files cannot answer for this one.
 */
export async function savedAnswer(prompt: string, since: Date): Promise<SavedMessage | undefined> {
  for (const name of await readdir(conversationsDir).catch(() => [])) {
    if (!name.endsWith('.json')) continue;
    const text = await readFile(join(conversationsDir, name), 'utf8').catch(() => '');
    let saved: { updatedAt?: string; messages?: SavedMessage[] };
    try {
      saved = JSON.parse(text) as typeof saved;
    } catch {
      continue; // caught halfway through being written; the next poll reads it whole
    }
    if (!saved.updatedAt || Date.parse(saved.updatedAt) < since.getTime()) continue;
    const messages = saved.messages ?? [];
    const index = messages.findIndex((m) => m.role === 'user' && m.text === prompt);
    const answer = index >= 0 ? messages[index + 1] : undefined;
    if (answer && answer.status !== 'streaming') return answer;
  }
  return undefined;
}

async function* filesBelow(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !['node_modules', 'code-server', 'node24'].includes(entry.name)) yield* filesBelow(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Scans every file the workbench and the extension write (settings, state, logs, browser storage,
 * the workspace) for the keys. `control` is text the extension keeps in its own stored data (a
 * cached model list): it must be found, or the scan is not looking where that data goes.
 */
export async function assertNoKeyWritten(keys: readonly string[], control: string): Promise<void> {
  // Give the workbench time to flush state and logs to disk.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const roots = [scanDir, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
  const found: string[] = [];
  let scanned = 0;
  let controls = 0;
  for (const root of roots) {
    for await (const file of filesBelow(root)) {
      scanned += 1;
      const bytes = await readFile(file).catch(() => Buffer.alloc(0));
      for (const key of keys) if (bytes.includes(key)) found.push(`${file} holds a key`);
      if (bytes.includes(control)) controls += 1;
    }
  }
  assert.ok(scanned > 20, `only ${scanned} files scanned: wrong folder?`);
  assert.ok(controls > 0, "the extension's own stored data was not found: the scan misses where it is kept");
  assert.deepEqual(found, []);
}

const simUrl = process.env['SWITCHBOARD_SIM_URL'] ?? '';

/** The simulator's OpenRouter as the active gateway. */
export const SIMULATOR_GATEWAY: Readonly<Record<string, unknown>> = { baseUrls: { openrouter: `${simUrl}/openrouter/api/v1` }, gateway: 'openrouter' };

/**
 * User settings for the suite it is called in: set before its tests (with the simulator's
 * OpenRouter key stored, unless `withKey` is false), and removed after them, together with the
 * settings in `alsoRemove` that its tests set.
 */
export function useUserSettings(values: Readonly<Record<string, unknown>>, options: { readonly withKey?: boolean; readonly alsoRemove?: readonly string[] } = {}): void {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('switchboard');
  before(async () => {
    for (const [key, value] of Object.entries(values)) await config().update(key, value, vscode.ConfigurationTarget.Global);
    if (options.withKey !== false) assert.equal(await vscode.commands.executeCommand<boolean>('switchboard.setApiKey', 'openrouter', SIM_KEYS.openrouter), true);
  });
  after(async () => {
    for (const key of [...Object.keys(values), ...(options.alsoRemove ?? [])]) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
  });
}

/** Writes (or with undefined, removes) the workspace's .vscode/settings.json, as a cloned repository might hold it. */
export async function writeWorkspaceSettings(values: Record<string, unknown> | undefined): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the integration run opens a workspace folder');
  const dir = join(folder, '.vscode');
  if (values === undefined) {
    await rm(dir, { recursive: true, force: true });
    return;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'settings.json'), JSON.stringify(values, null, 2));
}

/** The chat requests the simulator has had, in the order they came. */
export async function chatRequests(): Promise<RecordedRequest[]> {
  const all = (await (await fetch(`${simUrl}/__sim/requests`)).json()) as RecordedRequest[];
  return all.filter((r) => r.path.endsWith('/chat/completions'));
}

/** Asks in a fresh panel and waits for the answer to end and be saved. */
export async function askInPanel(prompt: string): Promise<SavedMessage> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const since = new Date();
  await vscode.commands.executeCommand('switchboard.openChat', { prompt });
  return until(() => savedAnswer(prompt, since), `the answer to "${prompt}"`);
}
