/**
 * The picks behind the local leaderboard, kept in global state (every window adds to one board),
 * and the command that shows the board as a Markdown document.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../config/core/contributions';
import { isPick, leaderboardMarkdown, withPick, type Pick } from '../core/leaderboard';
import { WriteQueue } from '../../base/core/writeQueue';

const KEY = 'switchboard.leaderboard.picks';

const TASK_NAMES: Readonly<Record<string, string>> = {
  code: 'Code',
  chinese: 'Chinese',
  japanese: 'Japanese',
  korean: 'Korean',
  long: 'Long input',
  general: 'General',
};

export class LeaderboardStore implements vscode.Disposable {
  private readonly writes = new WriteQueue();
  private readonly command = vscode.commands.registerCommand(COMMANDS.showLeaderboard, () => this.show());

  constructor(private readonly state: vscode.Memento) {}

  picks(): Pick[] {
    const raw = this.state.get<unknown>(KEY);
    return Array.isArray(raw) ? raw.filter(isPick) : [];
  }

  record(pick: Pick): Promise<void> {
    return this.writes.run(() => Promise.resolve(this.state.update(KEY, withPick(this.picks(), pick))));
  }

  async show(): Promise<void> {
    const content = leaderboardMarkdown(this.picks(), (task) => TASK_NAMES[task] ?? task);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.command.dispose();
  }
}
