import type * as vscode from 'vscode';
import { registerChat } from './chat/chatPanel';
import { registerKeyCommands } from './keyCommands';
import { KeyStore } from './keys';

export function activate(context: vscode.ExtensionContext): void {
  const keys = new KeyStore(context.secrets);
  context.subscriptions.push(registerKeyCommands(keys), registerChat(context, keys));
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
