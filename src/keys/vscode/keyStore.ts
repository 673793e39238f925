/** API keys in SecretStorage, one entry per gateway. Nothing else in the extension stores a key. */
import type * as vscode from 'vscode';

const PREFIX = 'switchboard.apiKey.';

export class KeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(gatewayId: string): Thenable<string | undefined> {
    return this.secrets.get(PREFIX + gatewayId);
  }

  set(gatewayId: string, key: string): Thenable<void> {
    return this.secrets.store(PREFIX + gatewayId, key);
  }

  delete(gatewayId: string): Thenable<void> {
    return this.secrets.delete(PREFIX + gatewayId);
  }

  /** Fires with the gateway id whose key changed. */
  onDidChange(listener: (gatewayId: string) => void): vscode.Disposable {
    return this.secrets.onDidChange((event) => {
      if (event.key.startsWith(PREFIX)) listener(event.key.slice(PREFIX.length));
    });
  }
}
