/**
 * When requests to `:free` models left, kept in global state (all windows count against the same
 * limits) and trimmed to the current day, so the status bar can say how much of the limits is used.
 */
import * as vscode from 'vscode';
import { keepTimes } from '../core/freeLimits';
import { WriteQueue } from '../core/writeQueue';

const KEY = 'switchboard.freeRequests';

export class FreeRequestLog implements vscode.Disposable {
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changedEmitter.event;
  private readonly writes = new WriteQueue();

  constructor(private readonly state: vscode.Memento) {}

  times(): number[] {
    const raw = this.state.get<unknown>(KEY);
    return Array.isArray(raw) ? raw.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [];
  }

  /** Records run one after another, so requests that leave together are all counted. */
  record(now = Date.now()): Promise<void> {
    const write = async (): Promise<void> => {
      await this.state.update(KEY, [...keepTimes(this.times(), now), now]);
      this.changedEmitter.fire();
    };
    return this.writes.run(write);
  }

  dispose(): void {
    this.changedEmitter.dispose();
  }
}
