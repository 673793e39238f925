import type * as vscode from 'vscode';
import { CatalogService } from './catalogService';
import { registerChat } from './chat/chatPanel';
import { KeyCommands } from './keyCommands';
import { offerEnvironmentKeys } from './keyImport';
import { KeyStore } from './keys';
import { watchSettingsProblems } from './settingsProblems';

export function activate(context: vscode.ExtensionContext): void {
  const keys = new KeyStore(context.secrets);
  const catalog = new CatalogService(context.globalState, keys);
  const keyCommands = new KeyCommands(keys, catalog);
  context.subscriptions.push(keyCommands.register(), registerChat({ extensionUri: context.extensionUri, keys, catalog }), watchSettingsProblems());
  // Not awaited: a question about keys must never hold up activation.
  void offerEnvironmentKeys(process.env, keys, keyCommands, context.globalState);
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
