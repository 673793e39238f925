import * as vscode from 'vscode';
import { CatalogService } from './catalogService';
import { registerChat } from './chat/chatPanel';
import { ConversationStore } from './conversations/conversationStore';
import { CreditStatus } from './creditStatus';
import { KeyCommands } from './keyCommands';
import { offerEnvironmentKeys } from './keyImport';
import { KeyStore } from './keys';
import { watchSettingsProblems } from './settingsProblems';

export function activate(context: vscode.ExtensionContext): void {
  const keys = new KeyStore(context.secrets);
  const catalog = new CatalogService(context.globalState, keys);
  const keyCommands = new KeyCommands(keys, catalog);
  const store = new ConversationStore(context.globalStorageUri);
  const credit = new CreditStatus(keys);
  context.subscriptions.push(
    store,
    store.onDidSetAside(({ file, detail }) => {
      void vscode.window.showWarningMessage(`Switchboard could not read a saved conversation (${detail}). It was moved aside, unchanged, to ${file}.`);
    }),
    keyCommands.register(),
    credit,
    registerChat({ extensionUri: context.extensionUri, keys, catalog, store, answered: () => void credit.refresh() }),
    watchSettingsProblems(),
  );
  // Not awaited: a question about keys must never hold up activation.
  void offerEnvironmentKeys(process.env, keys, keyCommands, context.globalState);
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
