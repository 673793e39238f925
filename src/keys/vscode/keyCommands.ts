/**
 * "Set API Key" and "Clear API Key": the only ways a key enters or leaves SecretStorage. A new key
 * is checked with a cheap call first, and the user is told what the gateway said about it.
 */
import * as vscode from 'vscode';
import type { CatalogStore } from '../../gateway/vscode/catalogStore';
import { COMMANDS } from '../../config/core/contributions';
import { createGatewayClient } from '../../gateway/core/gatewayClient';
import type { GatewayProfile } from '../../gateway/core/gateways';
import { checkKey } from '../core/keyCheck';
import type { KeyStore } from './keyStore';
import * as settings from '../../config/vscode/settings';

async function pickGateway(title: string, preselect: unknown, candidates: readonly GatewayProfile[]): Promise<GatewayProfile | undefined> {
  const given = candidates.find((g) => g.id === preselect);
  if (given) return given;
  if (candidates.length === 0) return undefined;
  const active = settings.activeGatewayId();
  const items = candidates.map((g) => ({ label: g.label, description: g.id === active ? `${g.baseUrl} · active` : g.baseUrl, gateway: g }));
  // The first step of two: a notification or a panel taking the focus must not throw it away.
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Gateway', ignoreFocusOut: true });
  return picked?.gateway;
}

function askForKey(gateway: GatewayProfile): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `API key for ${gateway.label}`,
    prompt: 'Kept in VS Code secret storage; sent only to this gateway.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Enter a key, or press Escape to cancel.' : /\s/.test(value.trim()) ? 'A key has no spaces.' : undefined),
  });
}

export class KeyCommands {
  constructor(
    private readonly keys: KeyStore,
    private readonly catalog: CatalogStore,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.commands.registerCommand(COMMANDS.setApiKey, (gatewayId?: unknown, key?: unknown) => this.setKey(gatewayId, key)),
      vscode.commands.registerCommand(COMMANDS.clearApiKey, (gatewayId?: unknown) => this.clearKey(gatewayId)),
    );
  }

  /**
   * Asks for the gateway and the key, unless given (by the no-key prompt, or by automation), checks
   * the key and stores it. Resolves to whether a key was stored.
   */
  async setKey(gatewayId?: unknown, given?: unknown): Promise<boolean> {
    const gateway = await pickGateway('Switchboard: Set API Key', gatewayId, settings.gateways().gateways);
    if (!gateway) return false;
    const entered = typeof given === 'string' && given.trim() ? given : await askForKey(gateway);
    if (entered === undefined) return false;
    return this.checkAndStore(gateway, entered.trim());
  }

  /** Checks a key against its gateway, stores it if the gateway took it, and says what it found. */
  async checkAndStore(gateway: GatewayProfile, key: string): Promise<boolean> {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the key with ${gateway.label}…` },
      () => checkKey(createGatewayClient(gateway, { key }), gateway, key),
    );
    if (!result.ok && result.error.reason === 'auth') {
      void vscode.window.showErrorMessage(`${gateway.label} rejected this key; it was not saved.`, 'Enter Another Key').then((again) => {
        if (again) void this.setKey(gateway.id);
      });
      return false;
    }
    if (!result.ok) {
      // The gateway could not be asked (offline, proxy, outage): the key may well be right.
      const choice = await vscode.window.showWarningMessage(`Could not check the key: ${result.error.message}`, 'Save Anyway', 'Cancel');
      if (choice !== 'Save Anyway') return false;
    }
    await this.keys.set(gateway.id, key);
    await this.catalog.forget(gateway.id);
    void vscode.window.showInformationMessage(`Saved the API key for ${gateway.label}.${result.ok ? ` ${result.summary}` : ''}`);
    return true;
  }

  private async clearKey(gatewayId?: unknown): Promise<void> {
    const all = settings.gateways().gateways;
    const stored = (await Promise.all(all.map(async (g) => ((await this.keys.get(g.id)) ? g : undefined)))).filter((g) => g !== undefined);
    if (stored.length === 0) {
      void vscode.window.showInformationMessage('No API key is stored.');
      return;
    }
    const gateway = await pickGateway('Switchboard: Clear API Key', gatewayId, stored);
    if (!gateway) return;
    await this.keys.delete(gateway.id);
    await this.catalog.forget(gateway.id);
    void vscode.window.showInformationMessage(`Removed the API key for ${gateway.label}.`);
  }
}
