import * as assert from 'node:assert/strict';
import { dateOf } from '../../webview/savedTime';

describe('the history list', () => {
  it('shows a saved time as a date, and one a damaged file holds as unknown instead of failing the whole list', () => {
    assert.match(dateOf('2026-12-02T09:30:00.000Z'), /2026/);
    for (const damaged of ['garbage', '', '2026-13-45T99:00:00Z']) assert.equal(dateOf(damaged), 'unknown date');
  });
});
