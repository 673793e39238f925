/**
 * Every setting Switchboard reads, through typed getters. A unit test keeps this list and the
 * contributions in package.json in step.
 */
import * as vscode from 'vscode';
import { resolveGateways, type ResolvedGateways } from './core/gateways';

export const SECTION = 'switchboard';

/** Settings that could send a key elsewhere: in an untrusted workspace only user settings count. */
export const RESTRICTED_SETTINGS = ['gateways', 'baseUrls'] as const;

export const SETTING_KEYS = ['gateway', 'gateways', 'baseUrls', 'model'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

function read<T>(key: SettingKey): T | undefined {
  const config = vscode.workspace.getConfiguration(SECTION);
  if ((RESTRICTED_SETTINGS as readonly string[]).includes(key) && !vscode.workspace.isTrusted) {
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

export function gateways(): ResolvedGateways {
  return resolveGateways({ custom: read<unknown>('gateways'), baseUrls: read<unknown>('baseUrls') });
}

export function affectsSwitchboard(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}
