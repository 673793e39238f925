import * as assert from 'node:assert/strict';
import { describeCredit } from '../../src/costs/core/credit';

describe('credit in the status bar', () => {
  it("shows a management key's account balance from /credits", () => {
    const view = describeCredit({ label: 'ops', usage_daily: 0.25, usage_monthly: 2.5 }, { total_credits: 20, total_usage: 12.5 });
    assert.equal(view.text, '$7.50 credit');
    assert.deepEqual(view.details, ['Account balance: $7.50 of $20.00 bought', 'Key: ops', 'Spent today: $0.25', 'Spent this month: $2.50']);
    assert.equal(view.low, false);
  });

  it("shows what is left of an ordinary key's limit, warning when little is", () => {
    assert.deepEqual(describeCredit({ limit: 10, limit_remaining: 7.5 }, undefined), { text: '$7.50 left', details: ['Key limit: $7.50 left of $10.00'], low: false });
    assert.equal(describeCredit({ limit: 10, limit_remaining: 0.8 }, undefined).low, true);
    assert.equal(describeCredit({ limit: 500, limit_remaining: 40 }, undefined).low, true);
  });

  it('falls back to spend today and this month for a key with no limit', () => {
    const view = describeCredit({ limit: null, limit_remaining: null, usage_daily: 0.1234, usage_monthly: 3, is_free_tier: true }, undefined);
    assert.equal(view.text, '$0.12 today · $3.00 this month');
    assert.deepEqual(view.details, ['This key has no spending limit.', 'Spent today: $0.12', 'Spent this month: $3.00', 'Free tier: free models are limited to 50 requests a day.']);
    assert.equal(view.low, false);
  });
});
