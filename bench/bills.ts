/**
 * `npm run bench:bills`: does the ledger end equal to what the gateway billed? 1,000 answers (chat
 * answers, comparisons of six models, and comparisons of six columns pinned to providers, each
 * billed at its provider's prices) go through the real pipeline to the simulated OpenRouter,
 * each meeting a scenario: plain, prompts read from the provider's cache, the user's own provider
 * key (BYOK), failed in the middle, dropped, cut off by silence, unreadable data, no usage, refused
 * before the answer, and providers that bill a stopped answer whole. Each answer's estimate goes
 * into a real ledger file as the extension writes it, and its bill is read from `/generation` and
 * recorded in the estimate's place. It prints the ledger's total against the simulator's billed
 * total, to the nano-dollar, and what the estimates alone would have said.
 */
import { NO_PROVIDER_PREFERENCES } from '../src/gateway/core/providerPreferences';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatSession } from '../src/chat/core/chatSession';
import { BudgetGuard } from '../src/costs/core/budgetGuard';
import { FreeSlots } from '../src/costs/core/freeSlots';
import { entryLine, entryOf, parseLedger, type LedgerEntry } from '../src/costs/core/ledger';
import { Reconciler } from '../src/costs/core/reconciler';
import { WriteQueue } from '../src/base/core/writeQueue';
import { appendLines, readLines } from '../src/base/vscode/lineFile';
import { fetchCatalog } from '../src/gateway/core/catalogFetch';
import { streamChat } from '../src/gateway/core/chatStream';
import { createGatewayClient } from '../src/gateway/core/gatewayClient';
import { fetchGeneration } from '../src/gateway/core/generation';
import { OPENROUTER, secretsOf } from '../src/gateway/core/gateways';
import { requestPipeline } from '../src/request/core/requestPipeline';
import { DEFAULT_RETRY_POLICY, abortableSleep } from '../src/request/core/retry';
import { DEFAULT_RULES } from '../src/router/core/rules';
import type { Scenario } from '../test/fixtures/simulator/scenario';
import { GatewaySimulator, SIM_KEYS } from '../test/fixtures/simulator/server';
import { SIX_MODELS, seededRandom } from './seeded';

const ANSWERS = Number(process.env['BILL_ANSWERS'] ?? 1000);
const COLUMNS = 6;
const SEED = 20261202;

/** Six columns of two models, each pinned to one of the providers the simulator lists for it. */
const PROVIDER_COLUMNS = [
  ['qwen/qwen3-coder', 'deepinfra/fp8'],
  ['qwen/qwen3-coder', 'together/fp8'],
  ['qwen/qwen3-coder', 'alibaba'],
  ['qwen/qwen3-coder', 'chutes/bf16'],
  ['openai/gpt-4o-mini', 'openai'],
  ['openai/gpt-4o-mini', 'azure'],
] as const;

const KINDS = ['plain', 'cached', 'byok', 'failed mid-stream', 'dropped', 'silent', 'unreadable', 'no usage', 'refused', 'billed whole when stopped'] as const;
type Kind = (typeof KINDS)[number];

function scenario(kind: Kind, next: () => number): Scenario {
  const text = 'word '.repeat(20 + Math.floor(next() * 200));
  const cachedTokens = 1 + Math.floor(next() * 8);
  switch (kind) {
    case 'plain':
      return { text };
    case 'cached':
      return { text, cachedTokens };
    case 'byok':
      return { text, byok: true, cachedTokens: next() < 0.5 ? cachedTokens : 0 };
    case 'failed mid-stream':
      return { text, failAfterChunks: 2, midStreamFailure: 'server' };
    case 'dropped':
      return { text, dropAfterChunks: 3 };
    case 'silent':
      return { text, stallAfterChunks: 2 };
    case 'unreadable':
      return { text, malformedAfterChunks: 2 };
    case 'no usage':
      return { text, omitUsage: true };
    case 'refused':
      return { fail: 'server', retryAfter: 0 };
    case 'billed whole when stopped':
      return { text, stallAfterChunks: 2, billsWhole: true };
  }
}

function dollars(nano: bigint): string {
  return `$${nano / 1_000_000_000n}.${(nano % 1_000_000_000n).toString().padStart(9, '0')}`;
}

async function main(): Promise<void> {
  const simulator = new GatewaySimulator({ generationDelayMs: 150 });
  const url = await simulator.listen();
  const profile = { ...OPENROUTER, baseUrl: `${url}/openrouter/api/v1` };
  const client = createGatewayClient(profile, { key: SIM_KEYS.openrouter });
  const catalog = await fetchCatalog(client, profile, SIM_KEYS.openrouter);
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-bills-'));
  const ledgerFile = join(folder, 'spend.jsonl');
  const writes = new WriteQueue();
  const record = (entry: LedgerEntry): Promise<void> => writes.run(() => appendLines(ledgerFile, entryLine(entry)));
  const ledger = async (): Promise<LedgerEntry[]> => {
    await writes.done();
    return parseLedger(await readLines(ledgerFile)).entries;
  };
  let billedReads = 0;
  const reconciler = new Reconciler({
    lookup: (entry) => fetchGeneration(client, entry.generationId ?? ''),
    record,
    sleep: abortableSleep,
    billed: () => void (billedReads += 1),
    // The simulator's records appear after 150 ms, not seconds: the same schedule, shorter.
    waits: [200, 300, 500, 800, 1200, 1500, 1500],
  });
  let estimatesNano = 0n;
  let estimates = 0;
  const freeTimes: number[] = [];
  const open = requestPipeline({
    settings: () => ({ activeGatewayId: 'openrouter', model: SIX_MODELS[0] ?? '', gateways: [profile], exchangeRate: '1470', exchangeRateSource: 'default', freeModelsOnly: false, budget: { currency: 'USD', warnAtPercent: 80 }, routerRules: DEFAULT_RULES, longInputTokens: 20_000, providerPreferences: NO_PROVIDER_PREFERENCES }),
    key: async () => SIM_KEYS.openrouter,
    catalog: async () => catalog,
    budget: new BudgetGuard({ entries: ledger, now: () => new Date(), warn: () => undefined, askToSend: async () => true }),
    freeSlots: new FreeSlots({ times: () => freeTimes.slice(-10), record: async (at) => void freeTimes.push(at) }),
    stream: (gateway, key, request, _conversationId, signal) => streamChat(createGatewayClient(gateway, { key }), gateway.dialect, request, signal, secretsOf(gateway, key), { firstDataMs: 1000, idleMs: 300, totalMs: 10_000 }),
    served: (served) => {
      if (!served.cost) return;
      const entry = entryOf({ ...served, cost: served.cost });
      estimates += 1;
      estimatesNano += entry.usdNano;
      void record(entry).then(() => reconciler.track(entry));
    },
    noKey: () => undefined,
    now: () => new Date(),
    retry: { policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 0 }, sleep: abortableSleep },
  });

  const next = seededRandom(SEED);
  const kinds = new Map<Kind, number>();
  const pick = (): Kind => {
    const kind = KINDS[Math.floor(next() * KINDS.length)] ?? 'plain';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    return kind;
  };
  // A conversation each time, so that prompts do not grow with the run.
  const session = (): ChatSession => new ChatSession({ event() {}, changed() {} }, { flushMs: 16, newId: () => Math.random().toString(36).slice(2) });
  const targets = SIX_MODELS.map((model) => ({ gateway: 'openrouter', gatewayLabel: 'Simulator', model }));
  // One model on each of its providers: columns of one model, billed at different prices.
  const pinned = PROVIDER_COLUMNS.map(([model, provider]) => ({ gateway: 'openrouter', gatewayLabel: 'Simulator', model, provider }));
  const started = performance.now();
  let answers = 0;
  let chats = 0;
  let comparisons = 0;
  let providerComparisons = 0;
  while (answers < ANSWERS) {
    if (next() < 0.3 || ANSWERS - answers < COLUMNS) {
      simulator.enqueue(scenario(pick(), next));
      const model = SIX_MODELS[Math.floor(next() * SIX_MODELS.length)] ?? '';
      await session().send(`Question ${answers}`, open, { override: { model, route: { chosenBy: 'user', model, task: 'general', label: model, reasons: [], candidates: [model] } } });
      answers += 1;
      chats += 1;
    } else {
      const columns = next() < 0.5 ? targets : pinned;
      // Each column's scenario waits for its own model's request.
      for (const { model } of columns) simulator.enqueue({ ...scenario(pick(), next), model });
      await session().compare(`Question ${answers}`, columns, { blind: false, withHistory: false, task: 'general' }, open);
      answers += COLUMNS;
      comparisons += 1;
      if (columns === pinned) providerComparisons += 1;
    }
  }
  const streamed = (performance.now() - started) / 1000;
  await writes.done();
  await reconciler.idle();
  const settled = (performance.now() - started) / 1000;
  const entries = await ledger();
  const ledgerNano = entries.reduce((sum, e) => sum + e.usdNano, 0n);
  const bill = simulator.generations.total();
  const billNano = BigInt(bill.usdNano);
  const stillEstimated = entries.filter((e) => e.source === 'estimated').length;
  await simulator.close();
  await rm(folder, { recursive: true, force: true });

  console.log(`Bills: ${answers} answers (${chats} chat answers, ${comparisons} comparisons of ${COLUMNS}, ${providerComparisons} of them one model's providers), seed ${SEED}; streamed in ${streamed.toFixed(1)} s, every bill read by ${settled.toFixed(1)} s`);
  console.log('');
  console.log('| scenario | answers |');
  console.log('|---|---:|');
  for (const kind of KINDS) console.log(`| ${kind} | ${kinds.get(kind) ?? 0} |`);
  console.log('');
  console.log('| | generations | USD |');
  console.log('|---|---:|---:|');
  console.log(`| billed by the simulator | ${bill.generations} | ${dollars(billNano)} |`);
  console.log(`| the estimates as the answers ended | ${estimates} | ${dollars(estimatesNano)} |`);
  console.log(`| the ledger, bills read | ${entries.length} (${billedReads} billed, ${stillEstimated} still estimated) | ${dollars(ledgerNano)} |`);
  console.log('');
  const off = ledgerNano - billNano;
  console.log(`Ledger − bill: ${off} nano-dollars${off === 0n ? ' (equal)' : ''}; estimates alone were off by ${estimatesNano - billNano} nano-dollars.`);
  if (off !== 0n || stillEstimated > 0 || entries.length !== bill.generations) process.exitCode = 1;
}

void main();
