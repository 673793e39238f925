/**
 * When requests to `:free` models left, kept in global state (all windows count against the same
 * limits) and trimmed to the current day, so the status bar can say how much of the limits is used.
 */
import * as vscode from 'vscode';
import { keepTimes } from '../core/freeLimits';
import type { FreeTimes } from '../core/freeSlots';
import { WriteQueue } from '../../base/core/writeQueue';

const KEY = 'switchboard.freeRequests';

export class FreeLimitsStore implements vscode.Disposable, FreeTimes {
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changedEmitter.event;
  private readonly writes = new WriteQueue();
  /** Recorded but not yet written: they count already. */
  private readonly unwritten: number[] = [];

  constructor(private readonly state: vscode.Memento) {}

  times(): number[] {
    return [...this.written(), ...this.unwritten];
  }

  private written(): number[] {
    const raw = this.state.get<unknown>(KEY);
    return Array.isArray(raw) ? raw.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [];
  }

  /** Counts at once; writes run one after another, so requests that leave together are all kept. */
  record(now = Date.now()): Promise<void> {
    this.unwritten.push(now);
    const write = async (): Promise<void> => {
      const kept = [...keepTimes(this.written(), now), now];
      this.unwritten.splice(this.unwritten.indexOf(now), 1);
      await this.state.update(KEY, kept);
      this.changedEmitter.fire();
    };
    return this.writes.run(write);
  }

  dispose(): void {
    this.changedEmitter.dispose();
  }
}
