import * as assert from 'node:assert/strict';
import { WriteQueue } from '../../src/base/core/writeQueue';

describe('write queue', () => {
  it('lands writes in the order they were asked for, past a failed one', async () => {
    const queue = new WriteQueue();
    const landed: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      landed.push('first');
    });
    const failing = queue.run(async () => {
      throw new Error('disk full');
    });
    const fast = queue.run(async () => {
      landed.push('third');
    });
    await slow;
    await assert.rejects(failing, /disk full/);
    await fast;
    await queue.done();
    assert.deepEqual(landed, ['first', 'third']);
  });

  it('lets no failed write poison the waits and writes after it', async () => {
    const queue = new WriteQueue();
    await assert.rejects(queue.run(async () => { throw new Error('disk full'); }), /disk full/);
    await queue.done();
    let landed = false;
    await queue.run(async () => { landed = true; });
    await queue.done();
    assert.equal(landed, true);
  });
});
