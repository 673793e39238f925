/**
 * Paces saving a changing document: the first change schedules a save within `intervalMs`, later
 * changes ride along, so a stream that changes the conversation 30 times a second is written at
 * most about twice a second and never loses more than `intervalMs` of it.
 */
export class SavePacer {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly save: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.save().catch(this.onError);
    }, this.intervalMs);
  }

  /** Saves now if anything is waiting. */
  async flush(): Promise<void> {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save().catch(this.onError);
  }
}
