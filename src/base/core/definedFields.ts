/**
 * The fields of an object that have a value: for optional properties, which with
 * `exactOptionalPropertyTypes` must be left out rather than set to undefined.
 */
export function definedFields<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
