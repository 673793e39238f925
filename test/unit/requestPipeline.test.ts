import * as assert from 'node:assert/strict';
import { NO_PROVIDER_PREFERENCES } from '../../src/gateway/core/providerPreferences';
import { limitFromSetting, type Budget } from '../../src/costs/core/budget';
import { BudgetGuard, type BudgetPorts } from '../../src/costs/core/budgetGuard';
import { FreeSlots } from '../../src/costs/core/freeSlots';
import type { LedgerEntry } from '../../src/costs/core/ledger';
import { parseCatalog, type Catalog } from '../../src/gateway/core/catalog';
import type { StreamEvent, Usage } from '../../src/gateway/core/chatStream';
import { GatewayError } from '../../src/gateway/core/errors';
import { BIZROUTER, BUILT_IN_GATEWAYS, OPENROUTER, type GatewayProfile } from '../../src/gateway/core/gateways';
import type { ChatRequest } from '../../src/gateway/core/requestParams';
import { AUTO_MODEL } from '../../src/router/core/rules';
import { requestPipeline, type RequestPorts, type RequestSettings, type Served, type StreamRequest } from '../../src/request/core/requestPipeline';
import type { RunEvent } from '../../src/request/core/runEvent';
import { DEFAULT_RULES } from '../../src/router/core/rules';
import { bizRouterListing, openRouterListing } from '../fixtures/simulator/catalog';

const NO_LIMITS: Budget = { currency: 'USD', warnAtPercent: 80 };

const SETTINGS: RequestSettings = {
  activeGatewayId: 'openrouter',
  model: 'openai/gpt-4o-mini',
  gateways: BUILT_IN_GATEWAYS,
  exchangeRate: '1470',
  exchangeRateSource: 'default',
  freeModelsOnly: false,
  budget: NO_LIMITS,
  routerRules: DEFAULT_RULES,
  longInputTokens: 20_000,
  providerPreferences: NO_PROVIDER_PREFERENCES,
};

const CATALOGS: Record<string, Catalog> = {
  openrouter: parseCatalog('openrouter', openRouterListing()),
  bizrouter: parseCatalog('bizrouter', bizRouterListing()),
};

const answer = (text: string, usage: Usage = { promptTokens: 1000, completionTokens: 500 }): StreamEvent[] => [
  { kind: 'delta', text },
  { kind: 'usage', usage },
  { kind: 'done', finishReason: 'stop' },
];

interface Sent {
  readonly gateway: string;
  readonly key: string | undefined;
  readonly model: string;
  readonly conversationId: string;
}

interface Harness {
  readonly open: ReturnType<typeof requestPipeline>;
  readonly sent: Sent[];
  readonly served: Served[];
  readonly noKey: string[];
  readonly asked: string[];
  readonly warned: string[];
  readonly freeTimes: number[];
  readonly slept: number[];
}

interface Options {
  readonly settings?: Partial<RequestSettings>;
  /** One list of stream events per attempt, in order; the last repeats. */
  readonly attempts?: ReadonlyArray<readonly StreamEvent[]>;
  readonly keys?: Record<string, string>;
  readonly catalogFails?: boolean;
  readonly spent?: readonly LedgerEntry[];
  readonly sendAnyway?: boolean;
  readonly freeTimes?: readonly number[];
  /** What recording a served answer waits for (the ledger's write). */
  readonly recording?: () => Promise<void>;
}

const NOW = new Date('2026-12-02T09:00:00Z');

function harness(options: Options = {}): Harness {
  const sent: Sent[] = [];
  const served: Served[] = [];
  const noKey: string[] = [];
  const asked: string[] = [];
  const warned: string[] = [];
  const slept: number[] = [];
  const freeTimes = [...(options.freeTimes ?? [])];
  let clock = NOW.getTime();
  const attempts = options.attempts ?? [answer('Hello')];
  const budgetPorts: BudgetPorts = {
    entries: async () => options.spent ?? [],
    now: () => NOW,
    warn: (message) => void warned.push(message),
    askToSend: async (message) => {
      asked.push(message);
      return options.sendAnyway ?? false;
    },
  };
  const sleep = async (ms: number): Promise<void> => {
    slept.push(ms);
    clock += ms;
  };
  const ports: RequestPorts = {
    settings: () => ({ ...SETTINGS, ...options.settings }),
    key: async (gatewayId) => (options.keys ?? { openrouter: 'sk-or-test', bizrouter: 'sk-br-test' })[gatewayId],
    catalog: async (profile: GatewayProfile) => {
      if (options.catalogFails) throw new GatewayError({ reason: 'network' });
      const catalog = CATALOGS[profile.id];
      if (!catalog) throw new GatewayError({ reason: 'network' });
      return catalog;
    },
    budget: new BudgetGuard(budgetPorts),
    freeSlots: new FreeSlots({ times: () => freeTimes, record: async (at) => void freeTimes.push(at) }, () => clock, sleep),
    stream: async function* (profile, key, request: ChatRequest, conversationId) {
      sent.push({ gateway: profile.id, key, model: request.model, conversationId });
      yield* attempts[Math.min(sent.length - 1, attempts.length - 1)] ?? [];
    },
    served: (entry) => {
      served.push(entry);
      return options.recording?.();
    },
    noKey: (profile) => void noKey.push(profile.id),
    now: () => NOW,
    retry: { policy: { maxRetries: 2, baseDelayMs: 1000, maxWaitSeconds: 60, spread: 0 }, sleep },
  };
  return { open: requestPipeline(ports), sent, served, noKey, asked, warned, freeTimes, slept };
}

const request = (prompt: string, extra: Partial<StreamRequest> = {}): StreamRequest => ({
  messages: [{ role: 'user', content: prompt }],
  params: {},
  conversationId: 'c1',
  ...extra,
});

async function run(h: Harness, req: StreamRequest): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for await (const event of h.open(req, new AbortController().signal)) events.push(event);
  return events;
}

const kinds = (events: readonly RunEvent[]): string[] => events.map((e) => (e.kind === 'error' ? `error:${e.error.reason}` : e.kind));

describe('request pipeline', () => {
  it('sends to the active gateway with its key and model, prices the answer and records what was served', async () => {
    const h = harness();
    const events = await run(h, request('Hi'));
    assert.deepEqual(kinds(events), ['delta', 'usage', 'cost', 'done']);
    assert.deepEqual(h.sent, [{ gateway: 'openrouter', key: 'sk-or-test', model: 'openai/gpt-4o-mini', conversationId: 'c1' }]);
    const cost = events.find((e) => e.kind === 'cost');
    // 1,000 prompt tokens at $0.15/M and 500 answer tokens at $0.60/M: $0.00045, converted at 1470.
    assert.ok(cost?.kind === 'cost');
    assert.equal(cost.cost.usdNano, 450_000n);
    assert.equal(cost.cost.krwNano, 661_500_000n);
    assert.deepEqual(h.served, [{ at: NOW.toISOString(), gatewayId: 'openrouter', model: 'openai/gpt-4o-mini', cost: cost.cost }]);
  });

  it('records a comparison column under its own gateway and the model that answered, not the active ones', async () => {
    const h = harness({ attempts: [[{ kind: 'model', model: 'upstage/solar-pro-2-250909' }, ...answer('안녕하세요')]] });
    await run(h, request('안녕', { gateway: 'bizrouter', model: 'upstage/solar-pro-2' }));
    assert.deepEqual(h.sent.map((s) => [s.gateway, s.key, s.model]), [['bizrouter', 'sk-br-test', 'upstage/solar-pro-2']]);
    assert.equal(h.served.length, 1);
    assert.equal(h.served[0]?.gatewayId, 'bizrouter');
    assert.equal(h.served[0]?.model, 'upstage/solar-pro-2-250909');
    assert.equal(h.served[0]?.cost?.source, 'computed');
  });

  it('reports an answer with no usage as served at an unknown cost', async () => {
    const h = harness({ attempts: [[{ kind: 'delta', text: 'cut' }, { kind: 'error', error: new GatewayError({ reason: 'network', midStream: true }) }]] });
    const events = await run(h, request('Hi'));
    assert.deepEqual(kinds(events), ['delta', 'error:network']);
    assert.deepEqual(h.served, [{ at: NOW.toISOString(), gatewayId: 'openrouter', model: 'openai/gpt-4o-mini', cost: undefined }]);
  });

  it('routes Auto: the route comes first, then the request goes to the chosen model', async () => {
    const h = harness({ settings: { model: AUTO_MODEL } });
    const events = await run(h, request('```python\nprint(1)\n```\nWhy does this print 1?'));
    assert.equal(events[0]?.kind, 'route');
    assert.ok(events[0]?.kind === 'route');
    assert.equal(events[0].route.task, 'code');
    assert.equal(h.sent[0]?.model, events[0].route.model);
    assert.equal(h.served[0]?.model, events[0].route.model, 'recorded under the model, never under "auto"');
  });

  it("tells Auto's choice without sending anything when only the route is asked for", async () => {
    const h = harness({ settings: { model: AUTO_MODEL } });
    const events = await run(h, request('```python\nprint(1)\n```\nWhy?', { routeOnly: true }));
    assert.deepEqual(kinds(events), ['route']);
    assert.deepEqual([h.sent, h.served], [[], []]);
  });

  it('refuses Auto with its reasons when no candidate can take the request', async () => {
    const h = harness({ settings: { model: AUTO_MODEL, routerRules: { openrouter: { general: ['nobody/listed'], code: ['nobody/listed'] } } } });
    const events = await run(h, request('Hello there'));
    assert.deepEqual(kinds(events), ['error:noRoute']);
    assert.deepEqual(h.sent, []);
  });

  it('refuses to send an image to a model the list says sees only text, and sends it to one that takes images', async () => {
    const image = { mimeType: 'image/png', base64: 'iVBORw0KGgo=' };
    const withImage = (model: string): StreamRequest => request('What is in this screenshot?', { model, messages: [{ role: 'user', content: 'What is in this screenshot?', images: [image] }] });
    const text = harness();
    const events = await run(text, withImage('qwen/qwen3-coder'));
    assert.deepEqual(kinds(events), ['error:noImageInput']);
    assert.match(events[0]?.kind === 'error' ? events[0].error.message : '', /this model takes no images, and the prompt carries one.*\(qwen\/qwen3-coder\)/);
    assert.deepEqual(text.sent, []);
    const vision = harness();
    await run(vision, withImage('openai/gpt-4o-mini'));
    assert.equal(vision.sent.length, 1);
  });

  it('refuses a paid model when only free ones may be used, and sends a free one', async () => {
    const paid = harness({ settings: { freeModelsOnly: true } });
    assert.deepEqual(kinds(await run(paid, request('Hi'))), ['error:notFree']);
    assert.deepEqual(paid.sent, []);
    const free = harness({ settings: { freeModelsOnly: true, model: 'qwen/qwen3-coder:free' } });
    assert.deepEqual(kinds(await run(free, request('Hi'))), ['delta', 'usage', 'cost', 'done']);
    assert.equal(free.sent.length, 1);
  });

  it('refuses a request nobody can be asked about (VS Code\'s Chat) over a limit, with the limit\'s reason, asking nothing', async () => {
    const tight = harness({ settings: { budget: { ...NO_LIMITS, perRequest: limitFromSetting(0.001) } }, sendAnyway: true });
    const events = await run(tight, request('Hi', { interactive: false }));
    assert.deepEqual(kinds(events), ['error:overBudget']);
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.match(last.error.detail ?? '', /more than your per-request maximum of \$0\.001/);
    assert.deepEqual([tight.asked, tight.sent], [[], []]);
  });

  it('holds back a request over the per-request budget until the user chooses to send it anyway', async () => {
    const tight: Partial<RequestSettings> = { budget: { ...NO_LIMITS, perRequest: limitFromSetting(0.001) } };
    const declined = harness({ settings: tight });
    assert.deepEqual(kinds(await run(declined, request('Hi'))), ['error:overBudget']);
    assert.equal(declined.asked.length, 1);
    assert.match(declined.asked[0] ?? '', /more than your per-request maximum of \$0\.001/);
    assert.deepEqual(declined.sent, [], 'nothing left');
    const accepted = harness({ settings: tight, sendAnyway: true });
    assert.deepEqual(kinds(await run(accepted, request('Hi'))), ['delta', 'usage', 'cost', 'done']);
    assert.equal(accepted.sent.length, 1);
  });

  it('warns once a day past the threshold of a daily limit, and still sends', async () => {
    const spent: LedgerEntry = { at: NOW.toISOString(), gatewayId: 'openrouter', model: 'x', usdNano: 900_000_000n, krwNano: 0n, source: 'billed', krwPerUsd: '1470' };
    const h = harness({ settings: { budget: { ...NO_LIMITS, daily: limitFromSetting(1) } }, spent: [spent] });
    await run(h, request('Hi'));
    await run(h, request('Hi again'));
    assert.equal(h.sent.length, 2);
    assert.equal(h.warned.length, 1);
    assert.match(h.warned[0] ?? '', /Today you have spent \$0\.90, 90% of your daily budget/);
  });

  it('queues a free model’s request for a slot, counting it as it leaves', async () => {
    const lastMinute = Array.from({ length: 20 }, (_, i) => NOW.getTime() - 58_000 + i * 10);
    const h = harness({ settings: { model: 'qwen/qwen3-coder:free' }, freeTimes: lastMinute });
    const events = await run(h, request('Hi'));
    assert.deepEqual(kinds(events), ['queued', 'queued', 'delta', 'usage', 'cost', 'done']);
    assert.equal(h.freeTimes.length, 21, 'the request counts against the limit');
    const paid = harness({ freeTimes: lastMinute });
    assert.deepEqual(kinds(await run(paid, request('Hi'))), ['delta', 'usage', 'cost', 'done'], 'a paid model does not wait');
  });

  it('retries a rate limit before the first token, saying how long it waits, and records the answer once', async () => {
    const limited: StreamEvent[] = [{ kind: 'error', error: new GatewayError({ reason: 'rateLimited', status: 429, retryAfterSeconds: 3 }) }];
    const h = harness({ attempts: [limited, answer('Finally')] });
    const events = await run(h, request('Hi'));
    assert.deepEqual(kinds(events), ['retrying', 'delta', 'usage', 'cost', 'done']);
    const retrying = events[0];
    assert.ok(retrying?.kind === 'retrying');
    assert.deepEqual([retrying.attempt, retrying.maxAttempts, retrying.waitSeconds], [2, 3, 3]);
    assert.deepEqual(h.slept, [3000]);
    assert.equal(h.sent.length, 2);
    assert.equal(h.served.length, 1);
  });

  it('never retries once text has arrived, nor a bad key', async () => {
    const cut = harness({ attempts: [[{ kind: 'delta', text: 'Half' }, { kind: 'error', error: new GatewayError({ reason: 'server', status: 502, midStream: true }) }]] });
    assert.deepEqual(kinds(await run(cut, request('Hi'))), ['delta', 'error:server']);
    assert.equal(cut.sent.length, 1);
    const badKey = harness({ attempts: [[{ kind: 'error', error: new GatewayError({ reason: 'auth', status: 401 }) }]] });
    assert.deepEqual(kinds(await run(badKey, request('Hi'))), ['error:auth']);
    assert.equal(badKey.sent.length, 1);
  });

  it('asks for a key when the gateway needs one, and sends nothing', async () => {
    const h = harness({ keys: {} });
    assert.deepEqual(kinds(await run(h, request('Hi'))), ['error:noKey']);
    assert.deepEqual(h.noKey, ['openrouter']);
    assert.deepEqual(h.sent, []);
    assert.deepEqual(h.served, []);
  });

  it('names a gateway that is not configured', async () => {
    const h = harness({ settings: { activeGatewayId: 'gone' } });
    const events = await run(h, request('Hi'));
    assert.deepEqual(kinds(events), ['error:notConfigured']);
    assert.ok(events[0]?.kind === 'error');
    assert.match(events[0].error.message, /gone/);
  });

  it('still sends without the catalog, and then prices only what the gateway billed', async () => {
    const h = harness({ catalogFails: true, attempts: [answer('Hi', { promptTokens: 10, completionTokens: 5 }), answer('Billed')] });
    const unpriced = await run(h, request('Hi'));
    assert.deepEqual(kinds(unpriced), ['delta', 'usage', 'done'], 'no prices, no cost');
    const billed = harness({ catalogFails: true, attempts: [[{ kind: 'delta', text: 'x' }, { kind: 'usage', usage: { promptTokens: 10, completionTokens: 5, billedUsd: 0.0002 } }, { kind: 'done', finishReason: 'stop' }]] });
    const events = await run(billed, request('Hi'));
    const cost = events.find((e) => e.kind === 'cost');
    assert.ok(cost?.kind === 'cost');
    assert.equal(cost.cost.source, 'billed');
    assert.equal(cost.cost.usdNano, 200_000n);
  });

  it('converts won at the gateway’s own exchange rate where it names one', async () => {
    const h = harness({ settings: { activeGatewayId: 'bizrouter', model: 'upstage/solar-pro-2' } });
    const events = await run(h, request('Hi'));
    const cost = events.find((e) => e.kind === 'cost');
    assert.ok(cost?.kind === 'cost');
    assert.equal(cost.cost.krwPerUsd, String(CATALOGS['bizrouter']?.exchangeRate));
    assert.equal(cost.cost.rateSource, 'gateway');
    const own = harness({ settings: { exchangeRate: '1390', exchangeRateSource: 'setting' } });
    const converted = (await run(own, request('Hi'))).find((e) => e.kind === 'cost');
    assert.deepEqual(converted?.kind === 'cost' && [converted.cost.krwPerUsd, converted.cost.rateSource], ['1390', 'setting'], 'OpenRouter names no rate: the setting’s, said to be the setting’s');
    assert.equal(h.sent[0]?.gateway, BIZROUTER.id);
    assert.notEqual(h.sent[0]?.gateway, OPENROUTER.id);
  });

  it('holds a request’s budget reservation until what it served is recorded, so that no moment counts it nowhere', async () => {
    let recorded = (): void => undefined;
    const written = new Promise<void>((resolve) => (recorded = resolve));
    // At most $0.0098 a request (16,384 answer tokens of GPT-4o-mini): one fits in $0.015 a day, not two.
    const h = harness({ settings: { budget: { currency: 'USD', daily: limitFromSetting(0.015), warnAtPercent: 100 } }, recording: () => written });
    const first = run(h, request('Hi'));
    while (h.served.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const meanwhile = await run(h, { ...request('Again'), interactive: false });
    assert.deepEqual(kinds(meanwhile), ['error:overBudget'], 'the first is being recorded: its reservation still counts');
    recorded();
    await first;
    assert.deepEqual(kinds(await run(h, { ...request('Later'), interactive: false })).at(-1), 'done', 'recorded, it counts as spent (here: the harness spends nothing)');
  });

  describe("an answer whose bill the gateway keeps (OpenRouter's generations)", () => {
    const generation: StreamEvent = { kind: 'generation', id: 'gen-42' };

    it('is an estimate until the bill is read, and says which generation to read', async () => {
      const h = harness({ attempts: [[generation, ...answer('Hi', { promptTokens: 10, completionTokens: 5, billedUsd: 0.0002 })]] });
      const events = await run(h, request('Hi'));
      const cost = events.find((e) => e.kind === 'cost');
      assert.ok(cost?.kind === 'cost');
      assert.deepEqual([cost.cost.source, cost.cost.usdNano], ['estimated', 200_000n]);
      assert.equal(h.served[0]?.generationId, 'gen-42');
    });

    it('counts with the user’s own provider key what that provider charged, not $0', async () => {
      const byok = { promptTokens: 10, completionTokens: 5, billedUsd: 0, upstreamUsd: 0.0003 };
      const h = harness({ attempts: [[generation, ...answer('Hi', byok)]] });
      const cost = (await run(h, request('Hi'))).find((e) => e.kind === 'cost');
      assert.ok(cost?.kind === 'cost');
      assert.equal(cost.cost.usdNano, 300_000n);
    });

    it('is estimated from its text when it stopped before its usage came, since it may be billed all the same', async () => {
      const h = harness({ attempts: [[generation, { kind: 'delta', text: 'Half an answer, then' }, { kind: 'error', error: new GatewayError({ reason: 'cancelled', midStream: true }) }]] });
      const events = await run(h, request('Hi'));
      assert.deepEqual(kinds(events), ['generation', 'delta', 'error:cancelled', 'cost']);
      const served = h.served[0];
      assert.ok(served?.cost);
      assert.equal(served.cost.source, 'estimated');
      assert.ok(served.cost.usdNano > 0n, 'gpt-4o-mini has prices: the prompt and the text so far cost something');
      assert.equal(served.generationId, 'gen-42');
    });

    it('records what was served even when its reader stops reading at the first error', async () => {
      const h = harness({ attempts: [[generation, { kind: 'delta', text: 'Half' }, { kind: 'error', error: new GatewayError({ reason: 'cancelled', midStream: true }) }]] });
      for await (const event of h.open(request('Hi'), new AbortController().signal)) if (event.kind === 'error') break;
      assert.deepEqual([h.served.length, h.served[0]?.cost?.source, h.served[0]?.generationId], [1, 'estimated', 'gen-42']);
    });

    it('has nothing to read on a gateway that keeps no bills: a stopped answer without usage records no cost', async () => {
      const h = harness({ settings: { activeGatewayId: 'bizrouter', model: 'upstage/solar-pro-2' }, attempts: [[generation, { kind: 'delta', text: 'Stopped' }, { kind: 'error', error: new GatewayError({ reason: 'cancelled', midStream: true }) }]] });
      await run(h, request('Hi'));
      assert.deepEqual([h.served[0]?.cost, h.served[0]?.generationId], [undefined, undefined]);
    });
  });
});
