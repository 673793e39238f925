/**
 * Properties over inputs nobody wrote by hand: prices, usage and what it costs, ledger lines,
 * leaderboard lines, messages from the webview and conversation files. `npm test` runs them with a
 * fixed seed (test/unit/properties.test.ts); `npm run bench:properties` runs many more cases.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { shiftDecimal, toDecimal } from '../../src/base/core/decimal';
import { entryLine, parseLedger, type LedgerEntry } from '../../src/costs/core/ledger';
import { answerCost } from '../../src/costs/core/pricing';
import { parseCatalog } from '../../src/gateway/core/catalog';
import { streamChat, type StreamEvent, type Usage } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { OPENROUTER, type Dialect } from '../../src/gateway/core/gateways';
import { MAX_PICKS, pickLine, readPicks, type Pick } from '../../src/compare/core/leaderboard';
import { parseConversation, serializeConversation } from '../../src/conversations/core/conversationFile';
import type { Conversation } from '../../src/conversations/core/conversation';
import { parseWebviewMessage } from '../../src/protocol';

/** How a run is set: its seed, so a failure can be replayed, and how many cases each property sees. */
export interface PropertyRun {
  readonly seed: number;
  readonly numRuns: number;
}

export interface PropertyCheck {
  readonly name: string;
  readonly check: (run: PropertyRun) => void | Promise<void>;
}

const CANONICAL = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** Values a gateway may put where a number belongs. */
const anyNumberish = fc.oneof(fc.integer(), fc.nat(), fc.double(), fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String), fc.string({ maxLength: 12 }), fc.constantFrom(null, true, '', '0x10', '1e999', '-0', 'NaN', ' 12 '), fc.jsonValue());
const decimalString = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 14 })).map(([digits, places]) => shiftDecimal(digits.toString(), -places));

/** A fetch answering with one short OpenRouter stream whose last chunk carries `usage`. */
function answeringWith(usage: unknown): typeof fetch {
  const chunks = [
    { id: 'g1', model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] },
    { id: 'g1', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage },
  ];
  const body = `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`;
  return () => Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
}

async function streamed(usage: unknown): Promise<StreamEvent[]> {
  const client = createGatewayClient({ ...OPENROUTER, baseUrl: 'http://recorded.invalid/api/v1' }, { key: 'sk-or-v1-test', fetch: answeringWith(usage) });
  const events: StreamEvent[] = [];
  for await (const event of streamChat(client, 'openrouter', { model: 'm', messages: [{ role: 'user', content: 'x' }] }, new AbortController().signal)) events.push(event);
  return events;
}

const isCount = (n: number | undefined): boolean => n === undefined || (Number.isSafeInteger(n) && n >= 0);

/** Usage as the stream reader passes it on: counts, and details that may exceed them. */
const usage: fc.Arbitrary<Usage> = fc
  .record(
    {
      promptTokens: fc.nat({ max: 2_000_000 }),
      completionTokens: fc.nat({ max: 200_000 }),
      cachedTokens: fc.nat({ max: 3_000_000 }),
      cacheWriteTokens: fc.nat({ max: 3_000_000 }),
      reasoningTokens: fc.nat({ max: 300_000 }),
    },
    { requiredKeys: ['promptTokens', 'completionTokens'] },
  )
  .map((u) => ({ ...u }));

/** A price as a gateway lists it: mostly a decimal, sometimes anything at all. */
const listedPrice = fc.oneof({ weight: 4, arbitrary: decimalString }, { weight: 1, arbitrary: anyNumberish });

/** A model as a gateway of either dialect lists it, with prices of any shape. */
const listedModel = fc.tuple(fc.constantFrom<Dialect>('openrouter', 'bizrouter', 'openai'), fc.dictionary(fc.constantFrom('prompt', 'completion', 'input_cache_read', 'input_cache_write', 'internal_reasoning', 'request'), listedPrice), fc.dictionary(fc.constantFrom('input_price_per_1m_usd', 'output_price_per_1m_usd', 'input_price_per_1m_krw', 'output_price_per_1m_krw'), listedPrice)).map(([dialect, pricing, flat]) => parseCatalog(dialect, { data: [{ id: 'vendor/model', pricing, ...flat }] }).models[0]);

const rate = fc.constantFrom('1470', '1385.5', '0.0001', '100000');

export const PROPERTIES: readonly PropertyCheck[] = [
  {
    name: 'reads any non-negative number as the decimal it is, and any string as a canonical decimal or nothing',
    check: (run) => {
      fc.assert(
        fc.property(fc.double({ min: 0, max: 1e20, noNaN: true }), (value) => {
          const decimal = toDecimal(value);
          if (decimal !== undefined) assert.equal(Number(decimal), value);
        }),
        run,
      );
      fc.assert(
        fc.property(fc.string({ maxLength: 80 }), (text) => {
          const decimal = toDecimal(text);
          assert.ok(decimal === undefined || CANONICAL.test(decimal), `${JSON.stringify(text)} → ${decimal}`);
        }),
        run,
      );
    },
  },
  {
    name: 'shifts a decimal and back to what it was',
    check: (run) => {
      const decimals = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 12 })).map(([digits, places]) => shiftDecimal(digits.toString(), -places));
      fc.assert(
        fc.property(decimals, fc.integer({ min: -12, max: 12 }), (decimal, places) => {
          assert.equal(shiftDecimal(shiftDecimal(decimal, places), -places), decimal);
        }),
        run,
      );
    },
  },
  {
    name: 'reads usage of any shape without throwing: counts only when they are counts, a billed cost only when it is an amount, and the answer ends done',
    check: (run) =>
      fc.assert(
        fc.asyncProperty(fc.record({ prompt_tokens: anyNumberish, completion_tokens: anyNumberish, cost: anyNumberish, prompt_tokens_details: fc.oneof(fc.record({ cached_tokens: anyNumberish, cache_write_tokens: anyNumberish }), anyNumberish), completion_tokens_details: fc.oneof(fc.record({ reasoning_tokens: anyNumberish }), anyNumberish) }, { requiredKeys: [] }), async (sent) => {
          const events = await streamed(sent);
          assert.deepEqual(events.at(-1), { kind: 'done', finishReason: 'stop' });
          const read = events.find((e) => e.kind === 'usage');
          if (read?.kind !== 'usage') return;
          const { promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens, billedUsd } = read.usage;
          assert.ok([promptTokens, completionTokens, cachedTokens, cacheWriteTokens, reasoningTokens].every(isCount), JSON.stringify(read.usage));
          assert.ok(billedUsd === undefined || (Number.isFinite(billedUsd) && billedUsd >= 0), JSON.stringify(read.usage));
        }),
        run,
      ),
  },
  {
    name: 'prices any usage at any listed prices without throwing, never below zero, and more tokens never cost less',
    check: (run) =>
      fc.assert(
        fc.property(listedModel, usage, fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }), rate, (model, used, morePrompt, moreCompletion, krwPerUsd) => {
          const cost = answerCost(used, model, krwPerUsd);
          if (cost === undefined) return;
          assert.ok(cost.usdNano >= 0n && cost.krwNano >= 0n);
          const more = answerCost({ ...used, promptTokens: used.promptTokens + morePrompt, completionTokens: used.completionTokens + moreCompletion }, model, krwPerUsd);
          assert.ok(more !== undefined && more.usdNano >= cost.usdNano && more.krwNano >= cost.krwNano, `${cost.usdNano} → ${more?.usdNano}`);
        }),
        run,
      ),
  },
  {
    name: 'takes a billed cost as billed, to the nano-dollar, and converts it to won at the rate given',
    check: (run) =>
      fc.assert(
        fc.property(decimalString, usage, rate, (billed, used, krwPerUsd) => {
          const cost = answerCost({ ...used, billedUsd: Number(billed) }, undefined, krwPerUsd);
          const exact = toDecimal(Number(billed));
          assert.ok(cost !== undefined && exact !== undefined);
          assert.equal(cost.source, 'billed');
          const nano = BigInt(shiftDecimal(exact, 9).split('.')[0] ?? '0');
          assert.ok(cost.usdNano === nano || cost.usdNano === nano + 1n, `${billed} → ${cost.usdNano}`);
          const places = krwPerUsd.split('.')[1]?.length ?? 0;
          const won = (cost.usdNano * BigInt(shiftDecimal(krwPerUsd, places))) / 10n ** BigInt(places);
          assert.ok(cost.krwNano === won || cost.krwNano === won + 1n, `${cost.usdNano} at ${krwPerUsd} → ${cost.krwNano}`);
        }),
        run,
      ),
  },
  {
    name: 'reads back every ledger entry it wrote, exactly, and skips what is not one',
    check: (run) => {
      const entry: fc.Arbitrary<LedgerEntry> = fc
        .record({
          at: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
          gatewayId: fc.string({ minLength: 1, maxLength: 20 }),
          model: fc.string({ maxLength: 60 }),
          usdNano: fc.bigInt({ min: 0n, max: 10n ** 15n }),
          krwNano: fc.bigInt({ min: 0n, max: 10n ** 18n }),
          source: fc.constantFrom('billed' as const, 'computed' as const),
          krwPerUsd: fc.constantFrom('1470', '1385.5'),
        })
        .map((e) => ({ ...e }));
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 20 }), fc.string({ maxLength: 40 }), (entries, junk) => {
          const text = entries.map(entryLine).join('') + junk.replace(/\n/g, ' ');
          const parsed = parseLedger(text);
          assert.deepEqual(parsed.entries.slice(0, entries.length), entries);
        }),
        run,
      );
    },
  },
  {
    name: 'reads back the latest leaderboard picks in time order, past junk lines, however the windows interleaved them',
    check: (run) => {
      const pick: fc.Arbitrary<Pick> = fc
        .record({
          at: fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
          task: fc.constantFrom('code', 'korean', 'general'),
          winner: fc.string({ maxLength: 30 }),
          others: fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }),
          blind: fc.boolean(),
        })
        .map((p) => ({ ...p }));
      fc.assert(
        fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: pick }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }), { maxLength: 40 }), (lines) => {
          const text = lines.map((line) => (typeof line === 'string' ? `${line.replace(/\n/g, ' ')}\n` : pickLine(line))).join('');
          const picks = lines.filter((line): line is Pick => typeof line !== 'string');
          const read = readPicks(text).picks;
          assert.equal(read.length, Math.min(picks.length, MAX_PICKS));
          assert.deepEqual([...read].sort((a, b) => a.at.localeCompare(b.at)), read);
          assert.deepEqual(new Set(read.map((p) => JSON.stringify(p))), new Set(picks.map((p) => JSON.stringify(p))));
        }),
        run,
      );
    },
  },
  {
    name: 'lets no message from the webview through unless its type and payload are known',
    check: (run) =>
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), fc.record({ type: fc.string(), payload: fc.jsonValue() }), fc.record({ type: fc.constantFrom('send', 'stop', 'request', 'openLink', 'updateSettings'), payload: fc.jsonValue() })), (raw) => {
          const message = parseWebviewMessage(raw);
          if (message === undefined) return;
          assert.equal(typeof message.type, 'string');
          assert.equal(typeof message.payload, 'object');
        }),
        run,
      ),
  },
  {
    name: 'reads back every conversation it saved, and never throws on a damaged file',
    check: (run) => {
      const text = fc.string({ maxLength: 200 });
      const message = fc
        .record({
          id: fc.uuid(),
          role: fc.constantFrom('user' as const, 'assistant' as const),
          text,
          status: fc.constantFrom('done' as const, 'stopped' as const, 'error' as const),
        })
        .map((m) => ({ ...m }));
      const conversation: fc.Arbitrary<Conversation> = fc
        .record({
          id: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
          title: text,
          createdAt: fc.constant('2026-12-01T00:00:00.000Z'),
          updatedAt: fc.constant('2026-12-02T00:00:00.000Z'),
          messages: fc.array(message, { maxLength: 8 }),
        })
        .map((c) => ({ ...c }));
      fc.assert(
        fc.property(conversation, fc.nat(), (saved, cut) => {
          const file = serializeConversation(saved);
          const parsed = parseConversation(file);
          assert.ok(parsed.ok);
          assert.deepEqual(parsed.conversation, saved);
          const damaged = parseConversation(file.slice(0, cut % file.length));
          assert.ok(damaged.ok === false || damaged.conversation.id === saved.id);
        }),
        run,
      );
    },
  },
];
