/**
 * OpenRouter's provider preferences (`switchboard.providerPreferences`): per model, or for every
 * model under "*", which providers may serve a request and in what order. Read field by field: a
 * field that is not what OpenRouter takes is left out with a problem saying why, so one typo never
 * sends a request the user did not mean, nor drops the rest of the preferences. A comparison
 * column pinned to one provider asks that provider alone.
 */
import { isJsonObject } from '../../base/core/json';
import { definedFields } from '../../base/core/definedFields';
import { providerName } from './endpoints';

export const PROVIDER_SORTS = ['price', 'throughput', 'latency'] as const;
export type ProviderSort = (typeof PROVIDER_SORTS)[number];

/** Preferences in OpenRouter's own field names, as the request body takes them. */
export interface ProviderPreferences {
  readonly order?: readonly string[];
  readonly allow_fallbacks?: boolean;
  readonly require_parameters?: boolean;
  readonly data_collection?: 'allow' | 'deny';
  readonly zdr?: boolean;
  readonly only?: readonly string[];
  readonly ignore?: readonly string[];
  readonly quantizations?: readonly string[];
  readonly sort?: ProviderSort;
  /** USD per million tokens. */
  readonly max_price?: { readonly prompt?: number; readonly completion?: number };
}

/** The key whose preferences apply to every model; a model's own entry overrides them field by field. */
export const EVERY_MODEL = '*';

export interface ProviderPreferenceSettings {
  readonly byModel: ReadonlyMap<string, ProviderPreferences>;
  /** What was left out, and why, for the settings warning. */
  readonly problems: readonly string[];
}

/** No preferences: OpenRouter chooses the provider of every model. */
export const NO_PROVIDER_PREFERENCES: ProviderPreferenceSettings = { byModel: new Map(), problems: [] };

const SETTING = 'switchboard.providerPreferences';
type Field = keyof ProviderPreferences;
const FIELDS: readonly Field[] = ['order', 'allow_fallbacks', 'require_parameters', 'data_collection', 'zdr', 'only', 'ignore', 'quantizations', 'sort', 'max_price'];

function slugs(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > 50) return undefined;
  const list = value.map(providerName);
  return list.every((v) => v !== undefined) ? list : undefined;
}

function price(value: unknown): number | undefined | 'bad' {
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 'bad';
}

function maxPrice(value: unknown): ProviderPreferences['max_price'] | undefined {
  if (!isJsonObject(value) || Object.keys(value).some((k) => k !== 'prompt' && k !== 'completion')) return undefined;
  const prompt = price(value['prompt']);
  const completion = price(value['completion']);
  if (prompt === 'bad' || completion === 'bad' || (prompt === undefined && completion === undefined)) return undefined;
  return definedFields({ prompt, completion });
}

/** A field's value as OpenRouter takes it, or why it cannot be sent. */
function readField(field: Field, value: unknown): { readonly value: unknown } | { readonly problem: string } {
  const ok = (v: unknown): { value: unknown } => ({ value: v });
  switch (field) {
    case 'order':
    case 'only':
    case 'ignore':
    case 'quantizations': {
      const list = slugs(value);
      return list ? ok(list) : { problem: 'must be a list of provider names, such as ["deepinfra", "together"]' };
    }
    case 'allow_fallbacks':
    case 'require_parameters':
    case 'zdr':
      return typeof value === 'boolean' ? ok(value) : { problem: 'must be true or false' };
    case 'data_collection':
      return value === 'allow' || value === 'deny' ? ok(value) : { problem: 'must be "allow" or "deny"' };
    case 'sort':
      return PROVIDER_SORTS.includes(value as ProviderSort) ? ok(value) : { problem: 'must be "price", "throughput" or "latency"' };
    case 'max_price': {
      const read = maxPrice(value);
      return read ? ok(read) : { problem: 'must be { "prompt": …, "completion": … }, USD per million tokens, 0 or more' };
    }
  }
}

function readPreferences(model: string, raw: unknown, problems: string[]): ProviderPreferences | undefined {
  const where = `${SETTING}["${model}"]`;
  if (!isJsonObject(raw)) {
    problems.push(`${where} must be an object of OpenRouter's provider preferences`);
    return undefined;
  }
  const preferences: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!FIELDS.includes(name as Field)) {
      problems.push(`${where} has no field "${name}" (it takes ${FIELDS.join(', ')})`);
      continue;
    }
    const read = readField(name as Field, value);
    if ('problem' in read) problems.push(`${where}.${name} ${read.problem}, so it was left out`);
    else preferences[name] = read.value;
  }
  return preferences as ProviderPreferences;
}

/** Reads the setting: entries keyed by model id, or "*" for every model. */
export function readProviderPreferences(raw: unknown): ProviderPreferenceSettings {
  if (raw === undefined || raw === null) return NO_PROVIDER_PREFERENCES;
  const problems: string[] = [];
  const byModel = new Map<string, ProviderPreferences>();
  if (!isJsonObject(raw)) return { byModel, problems: [`${SETTING} must be an object keyed by model id (or "*" for every model)`] };
  for (const [model, value] of Object.entries(raw)) {
    const preferences = readPreferences(model.trim(), value, problems);
    if (preferences && Object.keys(preferences).length > 0) byModel.set(model.trim(), preferences);
  }
  return { byModel, problems };
}

/**
 * The `provider` field of a request for `model`: the "*" preferences under the model's own, and
 * for a column pinned to one provider that provider alone (no fallback to another, and its own
 * lists of allowed providers set aside); undefined when there is nothing to ask.
 */
export function providerRouting(settings: ProviderPreferenceSettings, model: string, pinned: string | undefined): ProviderPreferences | undefined {
  const merged: ProviderPreferences = { ...settings.byModel.get(EVERY_MODEL), ...settings.byModel.get(model) };
  if (pinned === undefined) return Object.keys(merged).length > 0 ? merged : undefined;
  const { order, allow_fallbacks, only, ignore, sort, ...kept } = merged;
  return { ...kept, order: [pinned], allow_fallbacks: false };
}
