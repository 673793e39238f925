/**
 * The fields of an object that have a value: for optional properties, which with
 * `exactOptionalPropertyTypes` must be left out rather than set to undefined.
 */
export function definedFields<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** Changes to an object's fields, where undefined means the field goes. */
export type Patch<T> = { readonly [K in keyof T]?: T[K] | undefined };

/** `value` with `change` applied: fields set to undefined are left out. */
export function patched<T extends object>(value: T, change: Patch<T>): T {
  const next: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [field, fieldValue] of Object.entries(change)) {
    if (fieldValue === undefined) delete next[field];
    else next[field] = fieldValue;
  }
  return next as T;
}
