/** Opens an answer stream on the active gateway, with its key, as the settings say now. */
import * as vscode from 'vscode';
import type { CatalogService } from '../catalogService';
import { COMMANDS } from '../contributions';
import type { StreamOpener, StreamRequest } from '../core/chatSession';
import { streamChat, type ChatEvent } from '../core/chatStream';
import { GatewayError } from '../core/errors';
import { createGatewayClient } from '../core/gatewayClient';
import { withRetries } from '../core/retry';
import type { KeyStore } from '../keys';
import * as settings from '../settings';

export function gatewayStreamOpener(keys: KeyStore, catalog: CatalogService): StreamOpener {
  return (request, signal) => openGatewayStream(keys, catalog, request, signal);
}

async function* openGatewayStream(keys: KeyStore, catalog: CatalogService, { messages, params, conversationId }: StreamRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
  const profile = settings.activeGateway();
  if (!profile) {
    yield { kind: 'error', error: new GatewayError({ reason: 'notConfigured', detail: `no gateway "${settings.activeGatewayId()}"` }) };
    return;
  }
  const key = await keys.get(profile.id);
  if (!key && profile.keyRequired) {
    const error = new GatewayError({ reason: 'noKey' });
    void vscode.window.showErrorMessage(error.message, 'Set API Key').then((choice) => {
      if (choice) void vscode.commands.executeCommand(COMMANDS.setApiKey, profile.id);
    });
    yield { kind: 'error', error };
    return;
  }
  const model = settings.chatModel();
  // The catalog only decides which optional parameters go along; without it the request still goes.
  const modelInfo = await catalog.get(profile).then(
    (c) => c.models.find((m) => m.id === model),
    () => undefined,
  );
  const client = createGatewayClient(profile, { key, sessionId: conversationId });
  const request = { model, messages, params, ...(modelInfo ? { modelInfo } : {}) };
  yield* withRetries(() => streamChat(client, profile.dialect, request, signal), signal);
}
