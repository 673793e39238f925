/**
 * Writes that must land in the order they were asked for: each starts once the one before has
 * settled, whether it succeeded or failed.
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Queues the write; resolves or rejects with it. */
  run(write: () => Promise<void>): Promise<void> {
    this.tail = this.tail.then(write, write);
    return this.tail;
  }

  /** Waits for every write queued so far to settle; a failed one does not make this fail. */
  done(): Promise<void> {
    return this.tail.then(
      () => undefined,
      () => undefined,
    );
  }
}
