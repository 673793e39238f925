/** Every setting Switchboard reads, through typed getters; the keys are listed in contributions.ts. */
import * as vscode from 'vscode';
import { RESTRICTED_SETTINGS, SETTINGS_SECTION, type SettingKey } from '../core/contributions';
import { limitFromSetting, type Budget } from '../../costs/core/budget';
import { toDecimal } from '../../base/core/decimal';
import type { Currency } from '../../costs/core/money';
import { resolveGateways, type GatewayProfile, type ResolvedGateways } from '../../gateway/core/gateways';
import { resolveRules, type ResolvedRules } from '../../router/core/rules';
import { MAX_COMPARED } from '../../compare/core/compare';
import type { CompareTarget } from '../../protocol';

function read<T>(key: SettingKey): T | undefined {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  if (RESTRICTED_SETTINGS.includes(key) && !vscode.workspace.isTrusted) {
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  }
  return config.get<T>(key);
}

export function activeGatewayId(): string {
  return read<string>('gateway') ?? 'openrouter';
}

export function chatModel(): string {
  return read<string>('model') ?? 'openai/gpt-4o-mini';
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

/** A currency setting: won only when it says so, else dollars (the default). */
function currency(key: SettingKey): Currency {
  return read<string>(key) === 'KRW' ? 'KRW' : 'USD';
}

export function leadCurrency(): Currency {
  return currency('currency');
}

/** KRW per USD as an exact decimal string; the documented default when the setting is unusable. */
export function exchangeRate(): string {
  const rate = read<number>('exchangeRate');
  return (typeof rate === 'number' && Number.isFinite(rate) && rate >= 1 ? toDecimal(rate) : undefined) ?? '1470';
}

export function budget(): Budget {
  const percent = read<number>('budget.warnAtPercent');
  return {
    currency: currency('budget.currency'),
    daily: limitFromSetting(read<unknown>('budget.daily')),
    monthly: limitFromSetting(read<unknown>('budget.monthly')),
    perRequest: limitFromSetting(read<unknown>('budget.perRequest')),
    warnAtPercent: typeof percent === 'number' && percent >= 1 && percent <= 100 ? percent : 80,
  };
}

/** The language answers about code are asked in; undefined means VS Code's display language. */
export function answerLanguage(): string | undefined {
  const language = read<string>('answerLanguage');
  return typeof language === 'string' && language.trim() ? language.trim() : undefined;
}

/** Lines above and below a piece of code sent along with it. */
export function contextLines(): number {
  const lines = read<number>('explain.contextLines');
  return typeof lines === 'number' && Number.isInteger(lines) && lines >= 0 ? Math.min(lines, 50) : 5;
}

export function freeModelsOnly(): boolean {
  return read<boolean>('freeModelsOnly') === true;
}

export function gateways(): ResolvedGateways {
  return resolveGateways({ custom: read<unknown>('gateways'), baseUrls: read<unknown>('baseUrls') });
}

/** Auto's rules: the defaults with `switchboard.router.rules` laid over them. */
export function routerRules(): ResolvedRules {
  return resolveRules(read<unknown>('router.rules'), gateways().gateways);
}

/** From this many estimated tokens a request counts as a long input. */
export function longInputTokens(): number {
  const tokens = read<number>('router.longInputTokens');
  return typeof tokens === 'number' && Number.isInteger(tokens) && tokens >= 1000 ? tokens : 20_000;
}

/** The models a comparison asks; an entry without a gateway is on the active one. At most six. */
export function compareTargets(): CompareTarget[] {
  const raw = read<unknown>('compare.models');
  if (!Array.isArray(raw)) return [];
  const targets = raw.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { gateway, model } = entry as { gateway?: unknown; model?: unknown };
    if (typeof model !== 'string' || !model.trim()) return [];
    return [{ gateway: typeof gateway === 'string' && gateway ? gateway : activeGatewayId(), model: model.trim() }];
  });
  return targets.slice(0, MAX_COMPARED);
}

export function setCompareTargets(targets: readonly CompareTarget[]): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).update('compare.models', targets.map(({ gateway, model }) => ({ gateway, model })), vscode.ConfigurationTarget.Global);
}

/** Makes `id` the active gateway (continuing a comparison's answer on its gateway). */
export function setActiveGateway(id: string): Thenable<void> {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).update('gateway', id, vscode.ConfigurationTarget.Global);
}

export function affectsSwitchboard(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}
