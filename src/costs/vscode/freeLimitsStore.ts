/**
 * When requests to `:free` models left, kept in global state (all windows count against the same
 * limits) and trimmed to the current day, so the status bar can say how much of the limits is used.
 * Each window writes only its own entry, and reads every window's.
 */
import * as vscode from 'vscode';
import { FREE_TIMES_PREFIX, mergeFreeTimes } from '../core/freeLimits';
import type { FreeTimes } from '../core/freeSlots';
import { WriteQueue } from '../../base/core/writeQueue';

export class FreeLimitsStore implements vscode.Disposable, FreeTimes {
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changedEmitter.event;
  private readonly writes = new WriteQueue();
  /** Recorded but not yet written: they count already. */
  private readonly unwritten: number[] = [];
  private readonly ownKey: string;

  constructor(
    private readonly state: vscode.Memento,
    windowId: string = vscode.env.sessionId,
  ) {
    this.ownKey = FREE_TIMES_PREFIX + windowId;
  }

  times(now = Date.now()): number[] {
    return [...this.written(now).times, ...this.unwritten];
  }

  private written(now: number): { times: number[]; stale: string[] } {
    const entries = this.state.keys().filter((key) => key.startsWith(FREE_TIMES_PREFIX)).map((key) => [key, this.state.get<unknown>(key)] as const);
    return mergeFreeTimes(entries, now);
  }

  /** Counts at once; writes run one after another, so requests that leave together are all kept. */
  record(now = Date.now()): Promise<void> {
    this.unwritten.push(now);
    const write = async (): Promise<void> => {
      const kept = [...mergeFreeTimes([[this.ownKey, this.state.get<unknown>(this.ownKey)]], now).times, now];
      this.unwritten.splice(this.unwritten.indexOf(now), 1);
      await this.state.update(this.ownKey, kept);
      // Windows long closed leave entries with nothing left to count.
      for (const key of this.written(now).stale) if (key !== this.ownKey) await this.state.update(key, undefined);
      this.changedEmitter.fire();
    };
    return this.writes.run(write);
  }

  dispose(): void {
    this.changedEmitter.dispose();
  }
}
