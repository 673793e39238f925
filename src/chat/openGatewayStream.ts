/** Opens an answer stream on the active gateway, with its key, as the settings say now. */
import * as vscode from 'vscode';
import type { CatalogService } from '../catalogService';
import type { BudgetGuard } from '../costs/budgetGuard';
import type { FreeRequestLog } from '../costs/freeRequestLog';
import { COMMANDS } from '../contributions';
import type { StreamOpener, StreamRequest } from '../core/chatSession';
import { streamChat, type ChatEvent } from '../core/chatStream';
import { toDecimal } from '../core/decimal';
import { GatewayError } from '../core/errors';
import { createGatewayClient } from '../core/gatewayClient';
import { answerCost } from '../core/pricing';
import { withRetries } from '../core/retry';
import type { KeyStore } from '../keys';
import * as settings from '../settings';

export interface StreamServices {
  readonly keys: KeyStore;
  readonly catalog: CatalogService;
  readonly budget: BudgetGuard;
  readonly freeRequests: FreeRequestLog;
}

export function gatewayStreamOpener(services: StreamServices): StreamOpener {
  return (request, signal) => openGatewayStream(services, request, signal);
}

async function* openGatewayStream({ keys, catalog, budget, freeRequests }: StreamServices, { messages, params, conversationId }: StreamRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
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
  // The catalog decides which optional parameters go along and prices the answer; without it the
  // request still goes, and a gateway that bills (OpenRouter) still gives the cost.
  const known = await catalog.get(profile).catch(() => undefined);
  const modelInfo = known?.models.find((m) => m.id === model);
  const krwPerUsd = (known?.exchangeRate === undefined ? undefined : toDecimal(known.exchangeRate)) ?? settings.exchangeRate();
  // Checked before anything leaves: an id marked `:free`, or zero prices in the catalog.
  if (settings.freeModelsOnly() && !model.endsWith(':free') && modelInfo?.free !== true) {
    yield { kind: 'error', error: new GatewayError({ reason: 'notFree', detail: model }) };
    return;
  }
  if (!(await budget.clears({ messages, maxTokens: params.maxTokens, model: modelInfo, krwPerUsd }))) {
    yield { kind: 'error', error: new GatewayError({ reason: 'overBudget' }) };
    return;
  }
  const client = createGatewayClient(profile, { key, sessionId: conversationId });
  const request = { model, messages, params, ...(modelInfo ? { modelInfo } : {}) };
  // OpenRouter limits requests to `:free` models, each attempt counting; the status bar shows how many went.
  const countsAsFree = profile.dialect === 'openrouter' && model.endsWith(':free');
  const attempt = (): AsyncIterable<ChatEvent> => {
    if (countsAsFree) void freeRequests.record();
    return streamChat(client, profile.dialect, request, signal);
  };
  for await (const event of withRetries(attempt, signal)) {
    yield event;
    if (event.kind === 'usage') {
      const cost = answerCost(event.usage, modelInfo, krwPerUsd);
      if (cost) yield { kind: 'cost', cost };
    }
  }
}
