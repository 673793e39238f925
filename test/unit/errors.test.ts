import * as assert from 'node:assert/strict';
import { GatewayError, classifyErrorBody, describeRetry } from '../../src/gateway/core/errors';

const NOW = Date.parse('2026-11-22T09:00:00Z');

describe('gateway error wording', () => {
  it("says when OpenRouter's daily free-model cap resets", () => {
    const headers = new Headers({ 'X-RateLimit-Limit': '50', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(NOW + 3 * 3600 * 1000) });
    const body = { code: 429, message: 'Rate limit exceeded: free-models-per-day.' };
    const classified = classifyErrorBody(429, body, headers, 'openrouter', NOW);
    assert.equal(classified.reason, 'dailyCap');
    assert.equal(classified.retryAfterSeconds, 10_800);
    assert.equal(
      new GatewayError({ ...classified, status: 429 }).message,
      'The daily limit for free models is used up. It resets in about 3 h. (Rate limit exceeded: free-models-per-day.)',
    );
  });

  it('reads the wait from Retry-After in seconds or as a date, else from the body', () => {
    const rate = { error_type: 'rate_limit_exceeded' };
    assert.equal(classifyErrorBody(429, { metadata: rate }, new Headers({ 'Retry-After': '12' }), 'openrouter', NOW).retryAfterSeconds, 12);
    assert.equal(classifyErrorBody(429, {}, new Headers({ 'Retry-After': new Date(NOW + 30_000).toUTCString() }), 'openrouter', NOW).retryAfterSeconds, 30);
    assert.equal(classifyErrorBody(429, { code: 'rate_limit_exceeded', details: { retry_after: 9 } }, undefined, 'bizrouter', NOW).retryAfterSeconds, 9);
    assert.equal(classifyErrorBody(429, {}, undefined, 'bizrouter', NOW).retryAfterSeconds, undefined);
  });

  it("tells BizRouter's 403 (credit limit) from OpenRouter's 403 (moderation) by dialect", () => {
    assert.equal(classifyErrorBody(403, { message: 'x' }, undefined, 'bizrouter', NOW).reason, 'outOfCredits');
    assert.equal(classifyErrorBody(403, { message: 'x' }, undefined, 'openrouter', NOW).reason, 'moderation');
  });

  it('words a rate-limit wait, a retry and a mid-stream failure for the user', () => {
    assert.equal(new GatewayError({ reason: 'rateLimited', retryAfterSeconds: 4.2 }).message, 'The gateway is rate limiting requests. Try again in 5 s.');
    assert.equal(describeRetry('network', 2, 3, 3), 'Could not reach the gateway; trying again in 2 s (attempt 3 of 3).');
    assert.equal(new GatewayError({ reason: 'server', midStream: true }).message, 'The gateway or the model provider failed. The partial answer was kept.');
    assert.equal(new GatewayError({ reason: 'cancelled', midStream: true, detail: 'x' }).message, 'Stopped.');
  });
});
