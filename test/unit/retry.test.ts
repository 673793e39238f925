import * as assert from 'node:assert/strict';
import type { RunEvent } from '../../src/request/core/runEvent';
import { GatewayError, type GatewayErrorReason } from '../../src/gateway/core/errors';
import { withRetries, type RetryPolicy } from '../../src/request/core/retry';

const policy: RetryPolicy = { maxRetries: 2, baseDelayMs: 1000, maxWaitSeconds: 60, spread: 0 };
const fail = (reason: GatewayErrorReason, retryAfterSeconds?: number, status?: number): RunEvent => ({ kind: 'error', error: new GatewayError({ reason, retryAfterSeconds, status }) });
const delta = (text: string): RunEvent => ({ kind: 'delta', text });
const done: RunEvent = { kind: 'done', finishReason: 'stop' };

/** Runs withRetries over scripted attempts, recording the waits instead of sleeping them. */
async function run(attempts: ReadonlyArray<readonly RunEvent[]>, options: { abortOnWait?: boolean } = {}) {
  const controller = new AbortController();
  const waits: number[] = [];
  let opened = 0;
  const events: RunEvent[] = [];
  const open = async function* () {
    const script = attempts[opened++] ?? [];
    yield* script;
  };
  const sleep = async (ms: number) => {
    waits.push(ms);
    if (options.abortOnWait) controller.abort();
  };
  for await (const event of withRetries(open, controller.signal, policy, sleep)) events.push(event);
  return { events, waits, opened };
}

describe('automatic retries', () => {
  it('retries a rate limit, waiting what Retry-After says, and tells the user each wait', async () => {
    const { events, waits, opened } = await run([[fail('rateLimited', 5)], [delta('hello'), done]]);
    assert.equal(opened, 2);
    assert.deepEqual(waits, [5000]);
    assert.deepEqual(events, [{ kind: 'retrying', reason: 'rateLimited', attempt: 2, maxAttempts: 3, waitSeconds: 5 }, delta('hello'), done]);
  });

  it('backs off 1 s then 2 s when no wait is named, then gives up with the last error', async () => {
    const { events, waits, opened } = await run([[fail('server')], [fail('network')], [fail('timeout', undefined, 408)]]);
    assert.equal(opened, 3);
    assert.deepEqual(waits, [1000, 2000]);
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.equal(last.error.reason, 'timeout');
  });

  it('does not try again after a timeout it measured itself, which has cost minutes already, but does after a gateway\'s 408', async () => {
    const watched = await run([[{ kind: 'error', error: new GatewayError({ reason: 'timeout', detail: 'no data for 180 s' }) }], [delta('should not be asked'), done]]);
    assert.equal(watched.opened, 1);
    assert.deepEqual(watched.events.map((e) => e.kind), ['error']);
    const said = await run([[fail('timeout', undefined, 408)], [delta('hello'), done]]);
    assert.equal(said.opened, 2);
  });

  it('never retries what retrying cannot fix', async () => {
    for (const reason of ['auth', 'outOfCredits', 'forbiddenContent', 'moderation', 'modelNotFound', 'contextTooLong', 'dailyCap', 'badRequest', 'malformedStream', 'noKey'] as const) {
      const { events, opened } = await run([[fail(reason)], [delta('should not be asked'), done]]);
      assert.equal(opened, 1, reason);
      assert.equal(events.length, 1, reason);
    }
  });

  it('never retries once text has arrived: the partial answer stays and the error is shown', async () => {
    const { events, opened } = await run([[delta('half an'), fail('network')], [delta('again'), done]]);
    assert.equal(opened, 1);
    assert.deepEqual(events.map((e) => e.kind), ['delta', 'error']);
  });

  it('reports a wait longer than a minute instead of waiting it out', async () => {
    const { events, waits, opened } = await run([[fail('rateLimited', 3600)], [done]]);
    assert.equal(opened, 1);
    assert.deepEqual(waits, []);
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.match(last.error.message, /Try again in 3600 s/);
  });

  it('stops waiting when the user presses Stop', async () => {
    const { events, opened } = await run([[fail('server')], [done]], { abortOnWait: true });
    assert.equal(opened, 1);
    const last = events.at(-1);
    assert.ok(last?.kind === 'error');
    assert.equal(last.error.reason, 'cancelled');
  });

  it('spreads the waits of requests refused together, never waiting less than the gateway asked', async () => {
    const waitsOf = async (random: () => number): Promise<number[]> => {
      const waits: number[] = [];
      const open = (() => {
        let opened = 0;
        return async function* (): AsyncGenerator<RunEvent> {
          yield* opened++ === 0 ? [fail('rateLimited', 4)] : [delta('ok'), done];
        };
      })();
      const events = withRetries(open, new AbortController().signal, { ...policy, spread: 0.25 }, async (ms) => void waits.push(ms), random);
      for await (const event of events) if (event.kind === 'error') assert.fail(event.error.message);
      return waits;
    };
    const columns = await Promise.all([0, 0.4, 0.99].map((r) => waitsOf(() => r)));
    assert.deepEqual(columns.map(([ms]) => Math.round(ms ?? 0)), [4000, 4400, 4990]);
    assert.equal(new Set(columns.map(([ms]) => ms)).size, 3, 'no two columns come back together');
  });
});
