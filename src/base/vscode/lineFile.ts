/**
 * A file of lines appended one at a time — the ledger, the leaderboard — that any window may add
 * to: each append is one write at the end of the file, so windows appending together never
 * overwrite each other, and a line a crash cut short never swallows the next one.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Whether the file's last byte ends a line (or there is no file, or nothing in it). */
async function endsWithNewline(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return true;
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** Appends `text` (whole lines, each ending in a newline), starting on a line of its own. */
export async function appendLines(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const separator = (await endsWithNewline(path)) ? '' : '\n';
  await appendFile(path, separator + text, 'utf8');
}

/** The file's text; nothing for a file that does not exist yet. */
export function readLines(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

/**
 * Replaces the file's lines with `keep` of them. The file is first moved aside under a name of
 * its own, so a window appending meanwhile starts a new file that the kept lines are then added
 * to, instead of having its line overwritten by a rewrite.
 */
export async function compactLines(path: string, keep: (text: string) => string): Promise<void> {
  const aside = join(dirname(path), `.${basename(path)}.${randomUUID()}.compacting`);
  try {
    await rename(path, aside);
  } catch {
    return; // Another window is compacting it, or there is nothing to compact.
  }
  await appendLines(path, keep(await readLines(aside)));
  await rm(aside, { force: true });
}
