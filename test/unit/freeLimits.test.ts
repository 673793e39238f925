import * as assert from 'node:assert/strict';
import { FREE_TIMES_PREFIX, describeFreeUsage, freeUsage, keepTimes, mergeFreeTimes, readFreeCount } from '../../src/costs/core/freeLimits';

const now = Date.parse('2026-11-22T10:00:00Z');
const ago = (seconds: number): number => now - seconds * 1000;

describe('free-model request limits', () => {
  it('counts the requests of the last minute and of the UTC day', () => {
    const times = [ago(5), ago(30), ago(59), ago(61), ago(3600), ago(11 * 3600)];
    const usage = freeUsage(times, now, true);
    assert.deepEqual(usage, { lastMinute: 3, today: 5, perMinute: 20, perDay: 50, near: false, counted: 'here', resetsInMs: 14 * 3_600_000 });
    assert.deepEqual(describeFreeUsage(usage), {
      text: 'free 3/20 a min · 5/50 today',
      details: ['Free models: 5 of 50 requests today (counted here), 3 of 20 this minute.', "The day's count resets at midnight UTC, in 14 h 0 min."],
    });
  });

  it("takes the gateway's count and limit for the day where /key gives them, or this machine's count when higher", () => {
    const fromKey = readFreeCount({ limit: 1000, remaining: 988, used: 12 });
    assert.deepEqual(fromKey, { limit: 1000, used: 12 });
    const usage = freeUsage([ago(5)], now + 20 * 60_000 + 30_000, undefined, fromKey);
    assert.deepEqual([usage.today, usage.perDay, usage.counted], [12, 1000, 'gateway']);
    assert.deepEqual(describeFreeUsage(usage).details, ['Free models: 12 of 1000 requests today (the gateway’s count), 0 of 20 this minute.', "The day's count resets at midnight UTC, in 13 h 40 min."]);
    assert.equal(freeUsage(Array.from({ length: 15 }, (_, i) => ago(i * 60)), now, undefined, fromKey).today, 15);
    assert.deepEqual(readFreeCount({ limit: 50, remaining: 20 }), { limit: 50, used: 30 });
    for (const junk of [undefined, null, 'x', { limit: 0, used: 0 }, { limit: -1, used: 2 }, { limit: 50 }, { limit: 50, used: 1.5 }]) assert.equal(readFreeCount(junk), undefined, JSON.stringify(junk));
  });

  it('allows 1,000 a day to an account that bought credits, and the smaller allowance when unsure', () => {
    assert.equal(freeUsage([], now, false).perDay, 1000);
    assert.equal(freeUsage([], now, undefined).perDay, 50);
  });

  it('warns from 80% of either limit', () => {
    assert.equal(freeUsage(Array.from({ length: 16 }, (_, i) => ago(i)), now, false).near, true);
    assert.equal(freeUsage(Array.from({ length: 40 }, (_, i) => ago(120 + i * 60)), now, true).near, true);
    assert.equal(freeUsage(Array.from({ length: 39 }, (_, i) => ago(120 + i * 60)), now, true).near, false);
  });

  it('forgets yesterday, but not the minute that straddles midnight', () => {
    const midnight = Date.parse('2026-11-22T00:00:10Z');
    const times = [midnight - 20_000, midnight - 3_600_000, midnight - 1000];
    assert.deepEqual(keepTimes(times, midnight), [midnight - 20_000, midnight - 1000]);
    assert.deepEqual(freeUsage(times, midnight, true).lastMinute, 2);
    assert.deepEqual(freeUsage(times, midnight, true).today, 1);
  });

  it('counts every window’s requests, each window keeping its own, and finds windows with none left', () => {
    const yesterday = now - 86_400_000;
    const entries = [
      [`${FREE_TIMES_PREFIX}window-a`, [ago(5), ago(30)]],
      [`${FREE_TIMES_PREFIX}window-b`, [ago(10), 'junk', yesterday]],
      [`${FREE_TIMES_PREFIX}closed-long-ago`, [yesterday]],
      [`${FREE_TIMES_PREFIX}broken`, 'not a list'],
    ] as const;
    const { times, stale } = mergeFreeTimes(entries, now);
    assert.deepEqual([...times].sort((a, b) => a - b), [ago(30), ago(10), ago(5)]);
    assert.deepEqual(stale, [`${FREE_TIMES_PREFIX}closed-long-ago`, `${FREE_TIMES_PREFIX}broken`]);
    assert.equal(freeUsage(times, now, true).lastMinute, 3, 'two windows’ requests both count against the one limit');
  });
});
