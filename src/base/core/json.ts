/** Reading JSON nobody promised the shape of: a gateway's body, a saved file, a setting, a message. */

export type JsonObject = Record<string, unknown>;

/** A plain object (not null, not an array), whose fields are still unknown. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The values of JSON-lines text that `read` accepts; blank lines are passed over, and a line that
 * is not JSON (cut short by a crash) or that `read` refuses is counted as skipped, never fatal.
 */
export function readJsonLines<T>(text: string, read: (value: unknown) => T | undefined): { readonly items: T[]; readonly skipped: number } {
  const items: T[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const item = read(value);
    if (item === undefined) skipped += 1;
    else items.push(item);
  }
  return { items, skipped };
}
