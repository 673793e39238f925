/**
 * `npm run bench:soak`: a chaos soak of the request path. Comparisons of six columns go through the
 * real pipeline (budgets set, free slots, retries) to the gateway simulator, each request meeting a
 * random fault: failures before the answer, errors, drops and unreadable data in the middle, byte
 * splits, keep-alives, silence. The ledger and the conversations are real files in a temporary
 * folder, written as the extension writes them (appended lines; whole files renamed into place, on
 * every change), and a new conversation starts every `PER_CONVERSATION` comparisons. It prints what
 * it saw and checks that no promise was left unhandled, no answer ended without an outcome, every
 * priced answer is in the ledger file exactly once, every conversation file reads back as it was
 * left, and the heap does not grow from one conversation to the next.
 */
import { NO_PROVIDER_PREFERENCES } from '../src/gateway/core/providerPreferences';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ChatSession } from '../src/chat/core/chatSession';
import { BudgetGuard } from '../src/costs/core/budgetGuard';
import { limitFromSetting } from '../src/costs/core/budget';
import { FreeSlots } from '../src/costs/core/freeSlots';
import { entryLine, entryOf, parseLedger } from '../src/costs/core/ledger';
import { parseConversation, serializeConversation } from '../src/conversations/core/conversationFile';
import { WriteQueue } from '../src/base/core/writeQueue';
import { writeFileAtomically } from '../src/base/vscode/atomicWrite';
import { appendLines, readLines } from '../src/base/vscode/lineFile';
import { fetchCatalog } from '../src/gateway/core/catalogFetch';
import { streamChat } from '../src/gateway/core/chatStream';
import { createGatewayClient } from '../src/gateway/core/gatewayClient';
import { OPENROUTER, secretsOf } from '../src/gateway/core/gateways';
import { requestPipeline, type Served } from '../src/request/core/requestPipeline';
import { DEFAULT_RETRY_POLICY, abortableSleep } from '../src/request/core/retry';
import { DEFAULT_RULES } from '../src/router/core/rules';
import { FAILURE_NAMES, type Scenario } from '../test/fixtures/simulator/scenario';
import { GatewaySimulator, SIM_KEYS } from '../test/fixtures/simulator/server';
import { SIX_MODELS, seededRandom } from './seeded';

const REQUESTS = Number(process.env['SOAK_REQUESTS'] ?? 1000);
const COLUMNS = 6;
const PER_CONVERSATION = 10;
/** How much the heap may grow between the second conversation and the last before it counts as a leak. */
const HEAP_SLACK_MB = 10;

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
  const folder = await mkdtemp(join(tmpdir(), 'switchboard-soak-'));
  const ledgerFile = join(folder, 'spend.jsonl');
  const ledgerWrites = new WriteQueue();
  /** The ledger lines of every answer reported priced, to find each in the file. */
  const pricedLines: string[] = [];
  const ledger = async (): Promise<ReturnType<typeof parseLedger>['entries']> => {
    await ledgerWrites.done();
    return parseLedger(await readLines(ledgerFile)).entries;
  };
  const freeTimes: number[] = [];
  let unhandled = 0;
  process.on('unhandledRejection', () => void (unhandled += 1));
  let served = 0;
  let priced = 0;
  const open = requestPipeline({
    settings: () => ({
      activeGatewayId: 'openrouter',
      model: SIX_MODELS[0] ?? '',
      gateways: [profile],
      exchangeRate: '1470', exchangeRateSource: 'default',
      freeModelsOnly: false,
      budget: { currency: 'USD', daily: limitFromSetting(1000), monthly: limitFromSetting(10_000), perRequest: limitFromSetting(50), warnAtPercent: 80 },
      routerRules: DEFAULT_RULES,
      longInputTokens: 20_000,
      providerPreferences: NO_PROVIDER_PREFERENCES,
    }),
    key: async () => SIM_KEYS.openrouter,
    catalog: async () => catalog,
    budget: new BudgetGuard({ entries: ledger, now: () => new Date(), warn: () => undefined, askToSend: async () => true }),
    // The per-minute limit of free models would make the soak wait minutes: the slots are soaked too, but roomy.
    freeSlots: new FreeSlots({ times: () => freeTimes.slice(-10), record: async (at) => void freeTimes.push(at) }),
    stream: (gateway, key, request, _conversationId, signal) => streamChat(createGatewayClient(gateway, { key }), gateway.dialect, request, signal, secretsOf(gateway, key), { firstDataMs: 1000, idleMs: 500, totalMs: 10_000 }),
    served: (entry: Served) => {
      served += 1;
      if (entry.cost) {
        priced += 1;
        const line = entryLine(entryOf({ ...entry, cost: entry.cost }));
        pricedLines.push(line);
        void ledgerWrites.run(() => appendLines(ledgerFile, line));
      }
    },
    noKey: () => undefined,
    now: () => new Date(),
    retry: { policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxWaitSeconds: 1 }, sleep: abortableSleep },
  });

  const next = seededRandom(20261202);
  const outcomes = new Map<string, number>();
  const targets = SIX_MODELS.slice(0, COLUMNS).map((model) => ({ gateway: 'openrouter', gatewayLabel: 'Simulator', model }));
  let conversations = 0;
  let setAside = 0;
  const heaps: number[] = [];
  const started = performance.now();
  let answers = 0;
  let saves = new WriteQueue();
  /** Leaves the conversation of `session` (saved as it is now), and starts a new one. */
  const startConversation = async (session?: ChatSession): Promise<ChatSession> => {
    await saves.done();
    if (session) {
      // Its file, once the last save has landed, must read back as the conversation was left.
      conversations += 1;
      const leftAs = session.conversation;
      const parsed = parseConversation(await readFile(join(folder, `${leftAs.id}.json`), 'utf8').catch(() => ''));
      if (!parsed.ok || !isDeepStrictEqual(parsed.conversation, leftAs)) setAside += 1;
    }
    simulator.reset(); // It records every request it was sent: that is the simulator's memory, not ours.
    global.gc?.();
    heaps.push(process.memoryUsage().heapUsed);
    const writes = new WriteQueue();
    saves = writes;
    const started: ChatSession = new ChatSession(
      {
        event() {},
        changed() {
          const conversation = started.conversation;
          void writes.run(() => writeFileAtomically(join(folder, `${conversation.id}.json`), serializeConversation(conversation)));
        },
      },
      { flushMs: 16, newId: () => Math.random().toString(36).slice(2) },
    );
    return started;
  };
  let session = await startConversation();
  for (let sent = 0; sent < REQUESTS; sent += COLUMNS) {
    if (sent > 0 && sent % (PER_CONVERSATION * COLUMNS) === 0) session = await startConversation(session);
    for (let i = 0; i < COLUMNS; i++) simulator.enqueue(scenarioFor(next));
    await session.compare(`Question ${sent}`, targets, { blind: false, withHistory: false, task: 'general' }, open);
    for (const column of session.view.messages.at(-1)?.comparison?.columns ?? []) {
      answers += 1;
      outcomes.set(column.answer.status, (outcomes.get(column.answer.status) ?? 0) + 1);
    }
  }
  await startConversation(session);
  const seconds = (performance.now() - started) / 1000;
  await simulator.close();

  const written = parseLedger(await readLines(ledgerFile)).entries.map(entryLine).sort();
  const expected = [...pricedLines].sort();
  const ledgerMatches = written.length === expected.length && written.every((line, i) => line === expected[i]);
  const files = (await readdir(folder)).filter((n) => n.endsWith('.json')).length;
  await rm(folder, { recursive: true, force: true });
  const heapMb = heaps.map((h) => h / 1e6);
  const growth = (heapMb.at(-1) ?? 0) - (heapMb[1] ?? heapMb[0] ?? 0);

  console.log(`Chaos soak: ${answers} answers in comparisons of ${COLUMNS} columns, random faults (seed 20261202), budgets set, in ${seconds.toFixed(1)} s`);
  console.log('');
  console.log('| outcome | answers |');
  console.log('|---|---:|');
  for (const [status, count] of [...outcomes].sort()) console.log(`| ${status} | ${count} |`);
  console.log('');
  console.log(`Requests reported served: ${served}; priced: ${priced}; ledger file: ${written.length} entries, ${ledgerMatches ? 'each priced answer once' : 'NOT the priced answers'}.`);
  console.log(`Conversations: ${conversations} of ${PER_CONVERSATION} comparisons each, ${files} files, ${setAside} that did not read back as left.`);
  console.log(`Unhandled rejections: ${unhandled}. Answers still streaming: ${outcomes.get('streaming') ?? 0}.`);
  console.log(`Heap at each new conversation (MB${global.gc ? ', after a collection' : '; run with --expose-gc for collected figures'}): ${heapMb.map((h) => h.toFixed(1)).join(', ')}; from the second to the last: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB.`);
  const problems = [unhandled > 0 && 'unhandled rejections', (outcomes.get('streaming') ?? 0) > 0 && 'answers left streaming', !ledgerMatches && 'ledger entries lost or doubled', setAside > 0 && 'conversation files that did not read back', files !== conversations && 'conversation files missing', growth > HEAP_SLACK_MB && 'the heap grew from one conversation to the next', answers !== Math.ceil(REQUESTS / COLUMNS) * COLUMNS && 'answers missing'].filter(Boolean);
  if (problems.length > 0) {
    console.log(`Problems: ${problems.join(', ')}.`);
    process.exitCode = 1;
  }
}

void main();
