import * as assert from 'node:assert/strict';
import type { RunEvent } from '../../src/request/core/runEvent';
import { waitForSlot } from '../../src/costs/core/freeLimits';
import { FreeSlots, type FreeTimes } from '../../src/costs/core/freeSlots';

function store(initial: number[] = []): FreeTimes & { saved: number[] } {
  const saved = [...initial];
  return { saved, times: () => saved, record: async (at) => void saved.push(at) };
}

async function drain(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('free-model slots', () => {
  it('waits until the oldest of the last minute’s 20 requests is a minute old', () => {
    const now = 100_000;
    assert.equal(waitForSlot(Array.from({ length: 19 }, (_, i) => now - i * 1000), now), 0);
    const twenty = Array.from({ length: 20 }, (_, i) => now - 50_000 + i * 100);
    assert.equal(waitForSlot(twenty, now), 10_000);
    assert.equal(waitForSlot([...twenty, now - 70_000], now), 10_000, 'older requests do not count');
  });

  it('lets 20 requests leaving together go and queues the 21st, saying how long it waits', async () => {
    let now = 1_000_000;
    const times = store();
    const waits: number[] = [];
    const slots = new FreeSlots(times, () => now, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    const signal = new AbortController().signal;
    const first = await Promise.all(Array.from({ length: 20 }, () => drain(slots.take(signal))));
    assert.ok(first.every((events) => events.length === 0));
    now += 45_000;
    const queued = await drain(slots.take(signal));
    assert.deepEqual(queued.map((e) => (e.kind === 'queued' ? [Math.round(e.waitSeconds), e.perMinute] : e.kind)), Array.from({ length: 15 }, (_, i) => [15 - i, 20]));
    assert.equal(times.saved.length, 21);
  });

  it('stops waiting when the answer is stopped', async () => {
    const times = store(Array.from({ length: 20 }, () => 500));
    const controller = new AbortController();
    const slots = new FreeSlots(times, () => 1000, async () => controller.abort());
    const events = await drain(slots.take(controller.signal));
    assert.deepEqual(events.map((e) => (e.kind === 'error' ? e.error.reason : e.kind)), ['queued', 'cancelled']);
    assert.equal(times.saved.length, 20, 'nothing was recorded');
  });
});
