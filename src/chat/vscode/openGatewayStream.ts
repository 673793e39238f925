/**
 * Opens an answer stream on the active gateway (or the request's own, for a comparison's column),
 * with its key, as the settings say now. With the model set to Auto, the router chooses the model
 * first and the stream starts with its reasons. Requests to free models wait for a free slot.
 */
import * as vscode from 'vscode';
import type { CatalogStore } from '../../gateway/vscode/catalogStore';
import type { BudgetGuard } from '../../costs/vscode/budgetGuard';
import { COMMANDS } from '../../config/core/contributions';
import type { StreamOpener, StreamRequest } from '../core/chatSession';
import { streamChat, type ChatEvent } from '../../gateway/core/chatStream';
import type { Catalog } from '../../gateway/core/catalog';
import { toDecimal } from '../../base/core/decimal';
import { GatewayError } from '../../gateway/core/errors';
import type { FreeSlots } from '../../costs/core/freeSlots';
import { createGatewayClient } from '../../gateway/core/gatewayClient';
import { answerCost } from '../../costs/core/pricing';
import { withRetries } from '../../gateway/core/retry';
import { detectTask } from '../../router/core/detect';
import { isFreeModel, route, type RouteResult } from '../../router/core/route';
import type { GatewayProfile } from '../../gateway/core/gateways';
import { AUTO_MODEL } from '../../protocol';
import type { KeyStore } from '../../keys/vscode/keyStore';
import * as settings from '../../config/vscode/settings';

export interface StreamServices {
  readonly keys: KeyStore;
  readonly catalog: CatalogStore;
  readonly budget: BudgetGuard;
  readonly freeSlots: FreeSlots;
}

export function gatewayStreamOpener(services: StreamServices): StreamOpener {
  return (request, signal) => openGatewayStream(services, request, signal);
}

/** Auto's choice: the task read from the prompt, the rules from settings, each candidate checked. */
async function routeRequest(budget: BudgetGuard, profile: GatewayProfile, known: Catalog | undefined, { messages, params }: StreamRequest, krwPerUsd: string): Promise<RouteResult> {
  const prompt = messages.findLast((m) => m.role === 'user')?.content ?? '';
  const detection = detectTask(prompt, messages, { longInputTokens: settings.longInputTokens() });
  // The prompt was counted while detecting; every candidate's budget check reuses that count.
  const withinBudget = await budget.fitsFor({ promptTokens: detection.estimatedTokens, maxTokens: params.maxTokens, krwPerUsd });
  return route(detection, {
    gateway: profile,
    rules: settings.routerRules().rules,
    catalog: known?.models,
    freeOnly: settings.freeModelsOnly(),
    maxTokens: params.maxTokens,
    withinBudget,
  });
}

async function* openGatewayStream({ keys, catalog, budget, freeSlots }: StreamServices, request: StreamRequest, signal: AbortSignal): AsyncGenerator<ChatEvent> {
  const { messages, params, conversationId } = request;
  const gatewayId = request.gateway ?? settings.activeGatewayId();
  const profile = settings.gateway(gatewayId);
  if (!profile) {
    yield { kind: 'error', error: new GatewayError({ reason: 'notConfigured', detail: `no gateway "${gatewayId}"` }) };
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
  // The catalog decides which optional parameters go along and prices the answer; without it the
  // request still goes, and a gateway that bills (OpenRouter) still gives the cost.
  const known = await catalog.get(profile).catch(() => undefined);
  const krwPerUsd = (known?.exchangeRate === undefined ? undefined : toDecimal(known.exchangeRate)) ?? settings.exchangeRate();
  let model = request.model ?? settings.chatModel();
  if (model === AUTO_MODEL) {
    const routed = await routeRequest(budget, profile, known, request, krwPerUsd);
    if (routed.kind === 'none') {
      yield { kind: 'error', error: new GatewayError({ reason: 'noRoute', detail: routed.message }) };
      return;
    }
    yield { kind: 'route', route: routed.route };
    model = routed.route.model;
  }
  const modelInfo = known?.models.find((m) => m.id === model);
  // Checked before anything leaves: an id marked `:free`, zero prices in the catalog, or a router of free models.
  if (settings.freeModelsOnly() && !isFreeModel(model, modelInfo)) {
    yield { kind: 'error', error: new GatewayError({ reason: 'notFree', detail: model }) };
    return;
  }
  if (!(await budget.clears({ messages, maxTokens: params.maxTokens, model: modelInfo, krwPerUsd }))) {
    yield { kind: 'error', error: new GatewayError({ reason: 'overBudget' }) };
    return;
  }
  const client = createGatewayClient(profile, { key, sessionId: conversationId });
  const body = { model, messages, params, ...(modelInfo ? { modelInfo } : {}) };
  // OpenRouter limits requests to `:free` models, each attempt counting; the status bar shows how many went.
  const countsAsFree = profile.dialect === 'openrouter' && isFreeModel(model, modelInfo);
  const { dialect } = profile;
  async function* attempt(): AsyncGenerator<ChatEvent> {
    if (countsAsFree) {
      for await (const event of freeSlots.take(signal)) {
        yield event;
        if (event.kind === 'error') return;
      }
    }
    yield* streamChat(client, dialect, body, signal);
  }
  for await (const event of withRetries(attempt, signal)) {
    yield event;
    if (event.kind === 'usage') {
      const cost = answerCost(event.usage, modelInfo, krwPerUsd);
      if (cost) yield { kind: 'cost', cost };
    }
  }
}
