/** "Set API Key" and "Clear API Key": the only ways a key enters or leaves SecretStorage. */
import * as vscode from 'vscode';
import type { GatewayProfile } from './core/gateways';
import { COMMANDS } from './contributions';
import type { KeyStore } from './keys';
import * as settings from './settings';

async function pickGateway(title: string, preselect: unknown, candidates: readonly GatewayProfile[]): Promise<GatewayProfile | undefined> {
  const given = candidates.find((g) => g.id === preselect);
  if (given) return given;
  if (candidates.length === 0) return undefined;
  const active = settings.activeGatewayId();
  const items = candidates.map((g) => ({ label: g.label, description: g.id === active ? `${g.baseUrl} · active` : g.baseUrl, gateway: g }));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Gateway' });
  return picked?.gateway;
}

export function registerKeyCommands(keys: KeyStore): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.setApiKey, async (gatewayId?: unknown) => {
      const gateway = await pickGateway('Switchboard: Set API Key', gatewayId, settings.gateways().gateways);
      if (!gateway) return;
      const key = await vscode.window.showInputBox({
        title: `API key for ${gateway.label}`,
        prompt: 'Kept in VS Code secret storage; sent only to this gateway.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Enter a key, or press Escape to cancel.' : /\s/.test(value.trim()) ? 'A key has no spaces.' : undefined),
      });
      if (key === undefined) return;
      await keys.set(gateway.id, key.trim());
      void vscode.window.showInformationMessage(`Saved the API key for ${gateway.label}.`);
    }),
    vscode.commands.registerCommand(COMMANDS.clearApiKey, async (gatewayId?: unknown) => {
      const all = settings.gateways().gateways;
      const stored = (await Promise.all(all.map(async (g) => ((await keys.get(g.id)) ? g : undefined)))).filter((g) => g !== undefined);
      if (stored.length === 0) {
        void vscode.window.showInformationMessage('No API key is stored.');
        return;
      }
      const gateway = await pickGateway('Switchboard: Clear API Key', gatewayId, stored);
      if (!gateway) return;
      await keys.delete(gateway.id);
      void vscode.window.showInformationMessage(`Removed the API key for ${gateway.label}.`);
    }),
  );
}
