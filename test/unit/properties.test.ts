/**
 * Properties over inputs nobody wrote by hand: prices, ledger lines, messages from the webview and
 * conversation files. A fixed seed keeps `npm test` repeatable; a failure prints the case.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { shiftDecimal, toDecimal } from '../../src/base/core/decimal';
import { entryLine, parseLedger, type LedgerEntry } from '../../src/costs/core/ledger';
import { parseConversation, serializeConversation } from '../../src/conversations/core/conversationFile';
import type { Conversation } from '../../src/conversations/core/conversation';
import { parseWebviewMessage } from '../../src/protocol';

const SETTINGS = { seed: 20261202, numRuns: 300 } as const;
const CANONICAL = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

describe('properties', () => {
  it('reads any non-negative number as the decimal it is, and any string as a canonical decimal or nothing', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e20, noNaN: true }), (value) => {
        const decimal = toDecimal(value);
        if (decimal !== undefined) assert.equal(Number(decimal), value);
      }),
      SETTINGS,
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const decimal = toDecimal(text);
        assert.ok(decimal === undefined || CANONICAL.test(decimal), `${JSON.stringify(text)} → ${decimal}`);
      }),
      SETTINGS,
    );
  });

  it('shifts a decimal and back to what it was', () => {
    const decimals = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 12 })).map(([digits, places]) => shiftDecimal(digits.toString(), -places));
    fc.assert(
      fc.property(decimals, fc.integer({ min: -12, max: 12 }), (decimal, places) => {
        assert.equal(shiftDecimal(shiftDecimal(decimal, places), -places), decimal);
      }),
      SETTINGS,
    );
  });

  it('reads back every ledger entry it wrote, exactly, and skips what is not one', () => {
    const entry: fc.Arbitrary<LedgerEntry> = fc.record({
      at: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
      gatewayId: fc.string({ minLength: 1, maxLength: 20 }),
      model: fc.string({ maxLength: 60 }),
      usdNano: fc.bigInt({ min: 0n, max: 10n ** 15n }),
      krwNano: fc.bigInt({ min: 0n, max: 10n ** 18n }),
      source: fc.constantFrom('billed' as const, 'computed' as const),
      krwPerUsd: fc.constantFrom('1470', '1385.5'),
    }).map((e) => ({ ...e }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), fc.string({ maxLength: 40 }), (entries, junk) => {
        const text = entries.map(entryLine).join('') + junk.replace(/\n/g, ' ');
        const parsed = parseLedger(text);
        assert.deepEqual(parsed.entries.slice(0, entries.length), entries);
      }),
      SETTINGS,
    );
  });

  it('lets no message from the webview through unless its type and payload are known', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.record({ type: fc.string(), payload: fc.jsonValue() }), fc.record({ type: fc.constantFrom('send', 'stop', 'request', 'openLink', 'updateSettings'), payload: fc.jsonValue() })), (raw) => {
        const message = parseWebviewMessage(raw);
        if (message === undefined) return;
        assert.equal(typeof message.type, 'string');
        assert.equal(typeof message.payload, 'object');
      }),
      SETTINGS,
    );
  });

  it('reads back every conversation it saved, and never throws on a damaged file', () => {
    const text = fc.string({ maxLength: 200 });
    const message = fc.record({
      id: fc.uuid(),
      role: fc.constantFrom('user' as const, 'assistant' as const),
      text,
      status: fc.constantFrom('done' as const, 'stopped' as const, 'error' as const),
    }).map((m) => ({ ...m }));
    const conversation: fc.Arbitrary<Conversation> = fc.record({
      id: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
      title: text,
      createdAt: fc.constant('2026-12-01T00:00:00.000Z'),
      updatedAt: fc.constant('2026-12-02T00:00:00.000Z'),
      messages: fc.array(message, { maxLength: 8 }),
    }).map((c) => ({ ...c }));
    fc.assert(
      fc.property(conversation, fc.nat(), (saved, cut) => {
        const file = serializeConversation(saved);
        const parsed = parseConversation(file);
        assert.ok(parsed.ok);
        assert.deepEqual(parsed.conversation, saved);
        const damaged = parseConversation(file.slice(0, cut % file.length));
        assert.ok(damaged.ok === false || damaged.conversation.id === saved.id);
      }),
      SETTINGS,
    );
  });
});
