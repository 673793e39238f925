/** Every setting Switchboard reads, through typed getters; the keys are listed in contributions.ts. */
import * as vscode from 'vscode';
import { RESTRICTED_SETTINGS, SETTINGS_SECTION, USER_ONLY_SETTINGS, type SettingKey } from '../core/contributions';
import { SETTING_READERS, type SettingValues } from '../core/settingValues';
import type { Budget } from '../../costs/core/budget';
import type { Currency } from '../../costs/core/money';
import { resolveGateways, type GatewayProfile, type ResolvedGateways } from '../../gateway/core/gateways';
import { resolveRules, type ResolvedRules } from '../../router/core/rules';
import { MAX_COMPARED } from '../../compare/core/compare';
import type { CompareTarget } from '../../compare/core/compare';
import type { ChatModelsShown } from '../../lm/core/lmModels';
import type { ProviderPreferenceSettings } from '../../gateway/core/providerPreferences';

function read(key: SettingKey): unknown {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  // Money settings come from the user alone (their scope says so too); the ones that decide where
  // a key and a prompt go, from the user alone while the workspace is not trusted.
  if (USER_ONLY_SETTINGS.includes(key) || (RESTRICTED_SETTINGS.includes(key) && !vscode.workspace.isTrusted)) {
    const inspected = config.inspect(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  }
  return config.get(key);
}

/** A setting's value as its reader interprets it: the only way settings are read. */
function value<K extends SettingKey>(key: K): SettingValues[K] {
  return SETTING_READERS[key](read(key));
}

export function activeGatewayId(): string {
  return value('gateway');
}

export function chatModel(): string {
  return value('model');
}

/** The active gateway's profile, or undefined when `switchboard.gateway` names none. */
export function activeGateway(): GatewayProfile | undefined {
  return gateway(activeGatewayId());
}

/** A configured gateway's profile (built in, or from `switchboard.gateways`), by id. */
export function gateway(id: string): GatewayProfile | undefined {
  return gateways().gateways.find((g) => g.id === id);
}

export function setChatModel(model: string): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).update('model', model, vscode.ConfigurationTarget.Global);
}

export function leadCurrency(): Currency {
  return value('currency');
}

/** KRW per USD as an exact decimal string; the documented default when the setting is unusable. */
export function exchangeRate(): string {
  return value('exchangeRate');
}

/** Whether that rate is one the user set (and its reader took), not the default. */
export function exchangeRateSetByUser(): boolean {
  const set = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect('exchangeRate')?.globalValue;
  return set !== undefined && SETTING_READERS.exchangeRate(set) === String(set);
}

export function budget(): Budget {
  return {
    currency: value('budget.currency'),
    daily: value('budget.daily'),
    monthly: value('budget.monthly'),
    perRequest: value('budget.perRequest'),
    warnAtPercent: value('budget.warnAtPercent'),
  };
}

/** The language answers about code are asked in; undefined means VS Code's display language. */
export function answerLanguage(): string | undefined {
  return value('answerLanguage');
}

/** Lines above and below a piece of code sent along with it. */
export function contextLines(): number {
  return value('explain.contextLines');
}

export function freeModelsOnly(): boolean {
  return value('freeModelsOnly');
}

export function gateways(): ResolvedGateways {
  return resolveGateways({ custom: value('gateways'), baseUrls: value('baseUrls') });
}

/** OpenRouter's provider preferences per model, with what was left out of them and why. */
export function providerPreferences(): ProviderPreferenceSettings {
  return value('providerPreferences');
}

/** Auto's rules: the defaults with `switchboard.router.rules` laid over them. */
export function routerRules(): ResolvedRules {
  return resolveRules(value('router.rules'), gateways().gateways);
}

/** From this many estimated tokens a request counts as a long input. */
export function longInputTokens(): number {
  return value('router.longInputTokens');
}

/** The models a comparison asks; an entry without a gateway is on the active one. At most six. */
export function compareTargets(): CompareTarget[] {
  const raw = value('compare.models');
  if (!Array.isArray(raw)) return [];
  const targets = raw.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { gateway, model, provider } = entry as { gateway?: unknown; model?: unknown; provider?: unknown };
    if (typeof model !== 'string' || !model.trim()) return [];
    const pinned = typeof provider === 'string' && provider.trim() ? { provider: provider.trim() } : {};
    return [{ gateway: typeof gateway === 'string' && gateway ? gateway : activeGatewayId(), model: model.trim(), ...pinned }];
  });
  return targets.slice(0, MAX_COMPARED);
}

/** Which of a gateway's models VS Code's Chat lists. */
export function vscodeChatModels(): ChatModelsShown {
  return value('vscodeChat.models');
}

export function setCompareTargets(targets: readonly CompareTarget[]): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).update('compare.models', targets.map(({ gateway, model, provider }) => ({ gateway, model, ...(provider === undefined ? {} : { provider }) })), vscode.ConfigurationTarget.Global);
}

/** Makes `id` the active gateway (continuing a comparison's answer on its gateway). */
export function setActiveGateway(id: string): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).update('gateway', id, vscode.ConfigurationTarget.Global);
}

export function affectsSwitchboard(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}
