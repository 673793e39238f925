/** What the integration suites share: waiting for a condition, and reading what the extension saved. */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

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
