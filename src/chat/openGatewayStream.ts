/** Opens an answer stream on the active gateway, with its key, as the settings say now. */
import * as vscode from 'vscode';
import { streamChat, type ChatEvent } from '../core/chatStream';
import { GatewayError } from '../core/errors';
import { createGatewayClient } from '../core/gatewayClient';
import { withRetries } from '../core/retry';
import type { ChatMessage } from '../core/requestParams';
import type { KeyStore } from '../keys';
import * as settings from '../settings';
import { COMMANDS } from '../contributions';

export async function* openGatewayStream(
  keys: KeyStore,
  history: readonly ChatMessage[],
  signal: AbortSignal,
): AsyncGenerator<ChatEvent> {
  const gatewayId = settings.activeGatewayId();
  const profile = settings.gateways().gateways.find((g) => g.id === gatewayId);
  if (!profile) {
    yield { kind: 'error', error: new GatewayError({ reason: 'notConfigured', detail: `no gateway "${gatewayId}"` }) };
    return;
  }
  const key = await keys.get(profile.id);
  if (!key && profile.keyRequired) {
    const error = new GatewayError({ reason: 'noKey', detail: profile.label });
    void vscode.window.showErrorMessage(error.message, 'Set API Key').then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.setApiKey, profile.id);
    });
    yield { kind: 'error', error };
    return;
  }
  const client = createGatewayClient(profile, { key });
  const request = { model: settings.chatModel(), messages: history };
  yield* withRetries(() => streamChat(client, profile.dialect, request, signal), signal);
}
