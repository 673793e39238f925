/**
 * `npm run bench:soak`: a chaos soak of the request path. Comparisons of six columns go through the
 * real pipeline (budgets set, free slots, retries) to the gateway simulator, each request meeting a
 * random fault: failures before the answer, errors, drops and unreadable data in the middle, byte
 * splits, keep-alives, silence. It prints what it saw and checks that no promise was left
 * unhandled, no answer ended without an outcome, and every priced answer went into the ledger once.
 */
import { ChatSession } from '../src/chat/core/chatSession';
import { BudgetGuard } from '../src/costs/core/budgetGuard';
import { limitFromSetting } from '../src/costs/core/budget';
import { FreeSlots } from '../src/costs/core/freeSlots';
import { entryOf, type LedgerEntry } from '../src/costs/core/ledger';
import { fetchCatalog } from '../src/gateway/core/catalogFetch';
import { streamChat } from '../src/gateway/core/chatStream';
import { createGatewayClient } from '../src/gateway/core/gatewayClient';
import { OPENROUTER, secretsOf } from '../src/gateway/core/gateways';
import { requestPipeline, type Served } from '../src/request/core/requestPipeline';
import { DEFAULT_RETRY_POLICY, abortableSleep } from '../src/request/core/retry';
import { DEFAULT_RULES } from '../src/router/core/rules';
import { FAILURE_NAMES, type Scenario } from '../test/fixtures/simulator/scenario';
import { GatewaySimulator, SIM_KEYS } from '../test/fixtures/simulator/server';

const REQUESTS = Number(process.env['SOAK_REQUESTS'] ?? 1000);
const COLUMNS = 6;
const MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'qwen/qwen3-coder', 'qwen/qwen3-235b-a22b-2507', 'google/gemini-2.5-pro', 'meta-llama/llama-3.3-70b-instruct:free'];

/** A seeded random, so that a run can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function scenarioFor(next: () => number): Scenario {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const text = 'word '.repeat(20 + Math.floor(next() * 200));
  const faults: ReadonlyArray<() => Scenario> = [
    () => ({ text }),
    () => ({ text, chunkChars: 3, splitBytes: 7 }),
    () => ({ text, keepAlives: 3, delayMs: 5 }),
    () => ({ fail: pick(FAILURE_NAMES), retryAfter: 0 }),
    () => ({ text, failAfterChunks: 2, midStreamFailure: pick(FAILURE_NAMES) }),
    () => ({ text, dropAfterChunks: 3 }),
    () => ({ text, malformedAfterChunks: 2 }),
    () => ({ text, stallAfterChunks: 2 }),
    () => ({ text, omitUsage: true }),
  ];
  return pick(faults)();
}

async function main(): Promise<void> {
  const simulator = new GatewaySimulator();
  const url = await simulator.listen();
  const profile = { ...OPENROUTER, baseUrl: `${url}/openrouter/api/v1` };
  const catalog = await fetchCatalog(createGatewayClient(profile, { key: SIM_KEYS.openrouter }), profile, SIM_KEYS.openrouter);
  const ledger: LedgerEntry[] = [];
  const freeTimes: number[] = [];
  let unhandled = 0;
  process.on('unhandledRejection', () => void (unhandled += 1));
  let served = 0;
  let priced = 0;
  const open = requestPipeline({
    settings: () => ({
      activeGatewayId: 'openrouter',
      model: MODELS[0] ?? '',
      gateways: [profile],
      exchangeRate: '1470',
      freeModelsOnly: false,
      budget: { currency: 'USD', daily: limitFromSetting(1000), monthly: limitFromSetting(10_000), perRequest: limitFromSetting(50), warnAtPercent: 80 },
      routerRules: DEFAULT_RULES,
      longInputTokens: 20_000,
    }),
    key: async () => SIM_KEYS.openrouter,
    catalog: async () => catalog,
    budget: new BudgetGuard({ entries: async () => ledger, now: () => new Date(), warn: () => undefined, askToSend: async () => true }),
    // The per-minute limit of free models would make the soak wait minutes: the slots are soaked too, but roomy.
    freeSlots: new FreeSlots({ times: () => freeTimes.slice(-10), record: async (at) => void freeTimes.push(at) }),
    stream: (gateway, key, request, _conversationId, signal) => streamChat(createGatewayClient(gateway, { key }), gateway.dialect, request, signal, secretsOf(gateway, key), { firstDataMs: 1000, idleMs: 500, totalMs: 10_000 }),
    served: (entry: Served) => {
      served += 1;
      if (entry.cost) {
        priced += 1;
        ledger.push(entryOf({ ...entry, cost: entry.cost }));
      }
    },
    noKey: () => undefined,
    now: () => new Date(),
    retry: { policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxWaitSeconds: 1 }, sleep: abortableSleep },
  });

  const next = random(20261202);
  const outcomes = new Map<string, number>();
  const session = new ChatSession({ event() {}, changed() {} }, { flushMs: 16, newId: () => Math.random().toString(36).slice(2) });
  const targets = MODELS.slice(0, COLUMNS).map((model) => ({ gateway: 'openrouter', gatewayLabel: 'Simulator', model }));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let answers = 0;
  for (let sent = 0; sent < REQUESTS; sent += COLUMNS) {
    for (let i = 0; i < COLUMNS; i++) simulator.enqueue(scenarioFor(next));
    await session.compare(`Question ${sent}`, targets, { blind: false, withHistory: false, task: 'general' }, open);
    for (const column of session.view.messages.at(-1)?.comparison?.columns ?? []) {
      answers += 1;
      outcomes.set(column.answer.status, (outcomes.get(column.answer.status) ?? 0) + 1);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  await simulator.close();

  console.log(`Chaos soak: ${answers} answers in comparisons of ${COLUMNS} columns, random faults (seed 20261202), budgets set, in ${seconds.toFixed(1)} s`);
  console.log('');
  console.log('| outcome | answers |');
  console.log('|---|---:|');
  for (const [status, count] of [...outcomes].sort()) console.log(`| ${status} | ${count} |`);
  console.log('');
  console.log(`Requests reported served: ${served}; priced: ${priced}; ledger entries: ${ledger.length}.`);
  console.log(`Unhandled rejections: ${unhandled}. Answers still streaming: ${outcomes.get('streaming') ?? 0}.`);
  console.log(`Heap: ${(heapBefore / 1e6).toFixed(1)} MB before, ${(heapAfter / 1e6).toFixed(1)} MB after (${global.gc ? 'after a collection' : 'run with --expose-gc for collected figures'}).`);
  const problems = [unhandled > 0 && 'unhandled rejections', (outcomes.get('streaming') ?? 0) > 0 && 'answers left streaming', ledger.length !== priced && 'ledger entries differ from priced answers', answers !== Math.ceil(REQUESTS / COLUMNS) * COLUMNS && 'answers missing'].filter(Boolean);
  if (problems.length > 0) {
    console.log(`Problems: ${problems.join(', ')}.`);
    process.exitCode = 1;
  }
}

void main();
