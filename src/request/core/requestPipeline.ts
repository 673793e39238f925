/**
 * The one path every answer takes, from a request to the events of its run: the gateway and its
 * key, the catalog, Auto's choice, the free-only and budget checks, a free slot, the stream with
 * its retries, and the cost, recorded as what was served. Chat answers, comparison columns,
 * Explain Selection and VS Code's own Chat all come through here. Pure: the adapter supplies the
 * settings as they are now and the ports, and shows what must be shown.
 */
import { estimatePromptTokens, type Budget } from '../../costs/core/budget';
import { StreamingTokenCount } from '../../base/core/tokenEstimate';
import type { BudgetGuard } from '../../costs/core/budgetGuard';
import type { FreeSlots } from '../../costs/core/freeSlots';
import { answerCost, type Cost, type RateSource } from '../../costs/core/pricing';
import { toDecimal } from '../../base/core/decimal';
import type { Catalog } from '../../gateway/core/catalog';
import type { StreamEvent } from '../../gateway/core/chatStream';
import { GatewayError, type GatewayErrorReason } from '../../gateway/core/errors';
import type { GatewayProfile } from '../../gateway/core/gateways';
import type { ChatMessage, ChatParams, ChatRequest, ToolOffer } from '../../gateway/core/requestParams';
import { definedFields } from '../../base/core/definedFields';
import { providerRouting, type ProviderPreferenceSettings } from '../../gateway/core/providerPreferences';
import { AUTO_MODEL } from '../../router/core/rules';
import { detectTask } from '../../router/core/detect';
import { isFreeModel, route, type RouteResult } from '../../router/core/route';
import type { Rules } from '../../router/core/rules';
import { withRetries, type RetryPolicy, type Sleep } from './retry';
import type { RunEvent } from './runEvent';

export interface StreamRequest {
  /** The conversation so far, the system prompt first if there is one. */
  readonly messages: readonly ChatMessage[];
  readonly params: ChatParams;
  readonly conversationId: string;
  /** A model for this request only, instead of the one in settings (an answer re-sent elsewhere, a comparison). */
  readonly model?: string;
  /** A gateway for this request only, instead of the active one (a comparison's column). */
  readonly gateway?: string;
  /**
   * False when nobody can be asked about this request (VS Code's Chat asked it): a request over a
   * spending limit is refused with the limit's reason instead of asking whether to send it anyway.
   */
  readonly interactive?: boolean;
  /** Tools offered to the model (VS Code's Chat in agent mode); its calls come back as `toolCall` events. */
  readonly tools?: ToolOffer;
  /** Only Auto's choice is wanted (`@switchboard /route`): it is told as a `route` event, and nothing is sent. */
  readonly routeOnly?: boolean;
  /** Requests asked together (a comparison's columns): their budget is checked together, the user asked once. */
  readonly budgetGroup?: string;
  /** On OpenRouter, the one provider to serve this request (a comparison column pinned to it). */
  readonly provider?: string;
}

/** Opens the run of one answer. */
export type StreamOpener = (request: StreamRequest, signal: AbortSignal) => AsyncIterable<RunEvent>;

/** What a request that left was served: by which gateway and model, at what cost if it is known. */
export interface Served {
  /** ISO 8601 time the answer ended. */
  readonly at: string;
  readonly gatewayId: string;
  /** The model that answered, as the gateway reported it (Auto's choice, or a server router's). */
  readonly model: string;
  readonly cost: Cost | undefined;
  /** Where the cost is an estimate, the gateway's id of the answer, by which its bill is read. */
  readonly generationId?: string;
}

/** The settings a request is made under, read once as it starts. */
export interface RequestSettings {
  readonly activeGatewayId: string;
  readonly model: string;
  /** Every configured gateway, built in and custom. */
  readonly gateways: readonly GatewayProfile[];
  /** KRW per USD where the gateway names no rate of its own. */
  readonly exchangeRate: string;
  /** Whether that rate is the user's setting or the default. */
  readonly exchangeRateSource: 'setting' | 'default';
  readonly freeModelsOnly: boolean;
  readonly budget: Budget;
  readonly routerRules: Rules;
  readonly longInputTokens: number;
  /** OpenRouter's provider preferences, per model. */
  readonly providerPreferences: ProviderPreferenceSettings;
}

/** What the pipeline needs from outside. */
export interface RequestPorts {
  readonly settings: () => RequestSettings;
  readonly key: (gatewayId: string) => Promise<string | undefined>;
  /** The gateway's catalog; throws when it cannot be had (the request then goes without it). */
  readonly catalog: (profile: GatewayProfile) => Promise<Catalog>;
  readonly budget: BudgetGuard;
  readonly freeSlots: FreeSlots;
  /** One attempt at the answer's stream on the gateway. */
  readonly stream: (profile: GatewayProfile, key: string | undefined, request: ChatRequest, conversationId: string, signal: AbortSignal) => AsyncIterable<StreamEvent>;
  /**
   * A request that went to the gateway ended, however it ended: what was served, for the ledger.
   * The request's budget reservation is held until what this returns settles, so that its cost is
   * counted as reserved or as spent at every moment.
   */
  readonly served: (served: Served) => void | Promise<void>;
  /** The gateway needs a key and has none: the user is offered to set one. */
  readonly noKey: (profile: GatewayProfile) => void;
  readonly now: () => Date;
  readonly retry?: { readonly policy: RetryPolicy; readonly sleep: Sleep };
}

export function requestPipeline(ports: RequestPorts): StreamOpener {
  return (request, signal) => runRequest(ports, request, signal);
}

/** The request does not leave: the answer ends with why. */
const refused = (reason: GatewayErrorReason, detail?: string): RunEvent => ({ kind: 'error', error: new GatewayError({ reason, detail }) });

const carriesImages = (messages: readonly ChatMessage[]): boolean => messages.some((m) => (m.images?.length ?? 0) > 0);

/** Auto's choice: the task read from the prompt, the rules from settings, each candidate checked. */
async function routeRequest(ports: RequestPorts, settings: RequestSettings, profile: GatewayProfile, known: Catalog | undefined, { messages, params }: StreamRequest, krwPerUsd: string): Promise<RouteResult> {
  const prompt = messages.findLast((m) => m.role === 'user')?.content ?? '';
  const detection = detectTask(prompt, messages, { longInputTokens: settings.longInputTokens });
  // The prompt was counted while detecting; every candidate's budget check reuses that count.
  const withinBudget = await ports.budget.fitsFor(settings.budget, { promptTokens: detection.estimatedTokens, maxTokens: params.maxTokens, krwPerUsd });
  return route(detection, {
    gateway: profile,
    rules: settings.routerRules,
    catalog: known?.models,
    freeOnly: settings.freeModelsOnly,
    maxTokens: params.maxTokens,
    withinBudget,
    images: carriesImages(messages),
  });
}

async function* runRequest(ports: RequestPorts, request: StreamRequest, signal: AbortSignal): AsyncGenerator<RunEvent> {
  const settings = ports.settings();
  const { messages, params, conversationId } = request;
  const gatewayId = request.gateway ?? settings.activeGatewayId;
  const found = settings.gateways.find((g) => g.id === gatewayId);
  if (!found) {
    yield refused('notConfigured', `no gateway "${gatewayId}"`);
    return;
  }
  const profile: GatewayProfile = found;
  const key = await ports.key(profile.id);
  if (!key && profile.keyRequired) {
    ports.noKey(profile);
    yield refused('noKey');
    return;
  }
  // The catalog decides which optional parameters go along and prices the answer; without it the
  // request still goes, and a gateway that bills (OpenRouter) still gives the cost.
  const known = await ports.catalog(profile).catch(() => undefined);
  const gatewayRate = known?.exchangeRate === undefined ? undefined : toDecimal(known.exchangeRate);
  const krwPerUsd = gatewayRate ?? settings.exchangeRate;
  // Each cost keeps whose rate it was converted at, so that a later change of the setting rewrites nothing.
  const rateSource: RateSource = gatewayRate !== undefined ? 'gateway' : settings.exchangeRateSource;
  let model = request.model ?? settings.model;
  if (model === AUTO_MODEL) {
    const routed = await routeRequest(ports, settings, profile, known, request, krwPerUsd);
    if (routed.kind === 'none') {
      yield refused('noRoute', routed.message);
      return;
    }
    yield { kind: 'route', route: routed.route };
    model = routed.route.model;
  }
  if (request.routeOnly) return;
  const modelInfo = known?.models.find((m) => m.id === model);
  // Checked before anything leaves: an id marked `:free`, zero prices in the catalog, or a router of free models.
  if (settings.freeModelsOnly && !isFreeModel(model, modelInfo)) {
    yield refused('notFree', model);
    return;
  }
  // A model the list says sees only text is not sent an image it would ignore or refuse.
  if (modelInfo && !modelInfo.inputModalities.includes('image') && carriesImages(messages)) {
    yield refused('noImageInput', model);
    return;
  }
  const planned = { messages, maxTokens: params.maxTokens, model: modelInfo, krwPerUsd, ...(request.budgetGroup === undefined ? {} : { group: request.budgetGroup }) };
  const admission = await ports.budget.admit(settings.budget, planned, request.interactive !== false);
  if (!admission.admitted) {
    // Asked, the user chose not to send; not asked (VS Code's Chat), the reason is the answer.
    yield request.interactive === false ? refused('overBudget', admission.reason) : refused('overBudget');
    return;
  }
  const provider = profile.dialect === 'openrouter' ? providerRouting(settings.providerPreferences, model, request.provider) : undefined;
  const body: ChatRequest = { model, messages, params, ...definedFields({ modelInfo, tools: request.tools, provider }) };
  // OpenRouter limits requests to `:free` models, each attempt counting; the status bar shows how many went.
  const countsAsFree = profile.dialect === 'openrouter' && isFreeModel(model, modelInfo);
  async function* attempt(): AsyncGenerator<RunEvent> {
    if (countsAsFree) {
      for await (const event of ports.freeSlots.take(signal)) {
        yield event;
        if (event.kind === 'error') return;
      }
    }
    yield* ports.stream(profile, key, body, conversationId, signal);
  }
  let answeredBy = model;
  let cost: Cost | undefined;
  let generationId: string | undefined;
  const answerTokens = new StreamingTokenCount();
  // OpenRouter keeps a bill for each answer, read once it ends: until then its cost is an estimate.
  const billed = profile.dialect === 'openrouter';
  // Stopped or failed before its usage came, the answer may still be billed: estimated from its text until the bill says.
  const estimate = (): Cost | undefined => {
    if (!billed || generationId === undefined || cost !== undefined) return undefined;
    const counted = answerCost({ promptTokens: estimatePromptTokens(messages), completionTokens: answerTokens.tokens }, modelInfo, krwPerUsd);
    return { ...(counted ?? { usdNano: 0n, krwNano: 0n, krwPerUsd }), source: 'estimated', rateSource };
  };
  const { policy, sleep } = ports.retry ?? {};
  try {
    for await (const event of withRetries(attempt, signal, policy, sleep)) {
      yield event;
      if (event.kind === 'model') answeredBy = event.model;
      if (event.kind === 'generation') generationId = event.id;
      if (event.kind === 'delta') answerTokens.push(event.text);
      if (event.kind === 'usage') {
        const counted = answerCost(event.usage, modelInfo, krwPerUsd);
        cost = counted && { ...counted, rateSource, ...(billed && generationId !== undefined ? { source: 'estimated' as const } : {}) };
        if (cost) yield { kind: 'cost', cost };
      }
    }
    const unpriced = estimate();
    if (unpriced) {
      cost = unpriced;
      yield { kind: 'cost', cost };
    }
  } finally {
    // Recorded however the run ended, even when its reader stopped reading before the end.
    cost ??= estimate();
    const reconcilable = cost?.source === 'estimated' && generationId !== undefined ? { generationId } : {};
    try {
      // Under the gateway that served the answer and the model that gave it, as it ended.
      await ports.served({ at: ports.now().toISOString(), gatewayId: profile.id, model: answeredBy, cost, ...reconcilable });
    } finally {
      admission.release();
    }
  }
}
