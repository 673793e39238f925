/** Reading JSON nobody promised the shape of: a gateway's body, a saved file, a setting, a message. */

export type JsonObject = Record<string, unknown>;

/** A plain object (not null, not an array), whose fields are still unknown. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
