/**
 * What each setting means, read from whatever its raw value is: the default where it is unset or
 * unusable. Pure, so a unit test holds each reader's fallback to the default package.json
 * declares; the adapter only fetches raw values and chooses which scopes count.
 */
import { toDecimal } from '../../base/core/decimal';
import { limitFromSetting } from '../../costs/core/budget';
import { DEFAULT_RATE, type Currency } from '../../costs/core/money';
import type { SettingKey } from './contributions';
import type { ChatModelsShown } from '../../lm/core/lmModels';
import { readProviderPreferences, type ProviderPreferenceSettings } from '../../gateway/core/providerPreferences';

export interface SettingValues {
  readonly gateway: string;
  readonly model: string;
  /** Interpreted with the base URLs by resolveGateways. */
  readonly gateways: unknown;
  readonly baseUrls: unknown;
  readonly currency: Currency;
  /** KRW per USD as an exact decimal string. */
  readonly exchangeRate: string;
  readonly freeModelsOnly: boolean;
  readonly 'budget.currency': Currency;
  /** Limits in nano-units of the budget's currency; undefined means no limit. */
  readonly 'budget.daily': bigint | undefined;
  readonly 'budget.monthly': bigint | undefined;
  readonly 'budget.perRequest': bigint | undefined;
  readonly 'budget.warnAtPercent': number;
  /** Undefined means VS Code's display language. */
  readonly answerLanguage: string | undefined;
  readonly 'explain.contextLines': number;
  /** Interpreted with the gateways by resolveRules. */
  readonly 'router.rules': unknown;
  readonly 'router.longInputTokens': number;
  /** Interpreted with the active gateway by compareTargets. */
  readonly 'compare.models': unknown;
  readonly providerPreferences: ProviderPreferenceSettings;
  readonly 'vscodeChat.models': ChatModelsShown;
}

/** A currency setting: won only when it says so, else dollars (the default). */
const currency = (raw: unknown): Currency => (raw === 'KRW' ? 'KRW' : 'USD');
const text = (fallback: string) => (raw: unknown): string => (typeof raw === 'string' && raw.trim() ? raw.trim() : fallback);
const integer = (fallback: number, min: number, max: number = Number.MAX_SAFE_INTEGER) => (raw: unknown): number =>
  typeof raw === 'number' && Number.isInteger(raw) && raw >= min ? Math.min(raw, max) : fallback;
const orElse = <T>(fallback: T) => (raw: unknown): unknown => raw ?? fallback;

export const SETTING_READERS: { readonly [K in SettingKey]: (raw: unknown) => SettingValues[K] } = {
  gateway: text('openrouter'),
  model: text('openai/gpt-4o-mini'),
  gateways: orElse([]),
  baseUrls: orElse({}),
  currency,
  exchangeRate: (raw) => (typeof raw === 'number' && Number.isFinite(raw) && raw >= 1 ? toDecimal(raw) : undefined) ?? DEFAULT_RATE.krwPerUsd,
  freeModelsOnly: (raw) => raw === true,
  'budget.currency': currency,
  'budget.daily': limitFromSetting,
  'budget.monthly': limitFromSetting,
  'budget.perRequest': limitFromSetting,
  'budget.warnAtPercent': (raw) => (typeof raw === 'number' && raw >= 1 && raw <= 100 ? raw : 80),
  answerLanguage: (raw) => (typeof raw === 'string' && raw.trim() ? raw.trim() : undefined),
  'explain.contextLines': integer(5, 0, 50),
  'router.rules': orElse({}),
  'router.longInputTokens': integer(8000, 1000),
  'compare.models': orElse([]),
  providerPreferences: readProviderPreferences,
  'vscodeChat.models': (raw) => (raw === 'usedAndChosen' ? 'usedAndChosen' : 'all'),
};
