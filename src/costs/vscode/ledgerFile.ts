/**
 * The ledger's file: lines appended one at a time, each on a line of its own even after a crash
 * cut the last one short, and read back skipping what cannot be read.
 */
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { entryLine, parseLedger, type LedgerEntry } from '../core/ledger';

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

export async function appendEntry(path: string, entry: LedgerEntry): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // A line torn by a crash would otherwise swallow this one too.
  const separator = (await endsWithNewline(path)) ? '' : '\n';
  await appendFile(path, separator + entryLine(entry), 'utf8');
}

export async function readEntries(path: string): Promise<LedgerEntry[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return parseLedger(text).entries;
}
