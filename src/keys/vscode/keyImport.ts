/**
 * Keys found in the environment (OPENROUTER_API_KEY, BIZROUTER_API_KEY) are offered for import into
 * secret storage, once per gateway, and never used without the user saying so.
 */
import * as vscode from 'vscode';
import { BUILT_IN_GATEWAYS } from '../../gateway/core/gateways';
import type { KeyCommands } from './keyCommands';
import type { KeyStore } from './keyStore';

const DECLINED_PREFIX = 'switchboard.envImportDeclined.';

export async function offerEnvironmentKeys(env: NodeJS.ProcessEnv, keys: KeyStore, commands: KeyCommands, state: vscode.Memento): Promise<void> {
  for (const gateway of BUILT_IN_GATEWAYS) {
    const variable = gateway.envVariable;
    const value = variable ? env[variable]?.trim() : undefined;
    if (!variable || !value || state.get<boolean>(DECLINED_PREFIX + gateway.id) || (await keys.get(gateway.id))) continue;
    const choice = await vscode.window.showInformationMessage(
      `${variable} is set in your environment. Import it as the ${gateway.label} key? Switchboard does not use it unless you do.`,
      'Import',
      'Not Now',
      "Don't Ask Again",
    );
    if (choice === 'Import') await commands.checkAndStore(gateway, value);
    if (choice === "Don't Ask Again") await state.update(DECLINED_PREFIX + gateway.id, true);
  }
}
