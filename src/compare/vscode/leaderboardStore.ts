/**
 * The picks behind the local leaderboard, in `leaderboard.jsonl` in global storage: every window
 * appends its picks to the one file (one write each, so windows never overwrite each other's), and
 * the file is compacted to the latest picks once it holds `COMPACT_AT` lines. The command shows
 * the board as a Markdown document.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../config/core/contributions';
import { COMPACT_AT, leaderboardMarkdown, pickLine, readPicks, type Pick } from '../core/leaderboard';
import { WriteQueue } from '../../base/core/writeQueue';
import { appendLines, compactLines, readLines } from '../../base/vscode/lineFile';

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
  private readonly file: string;

  constructor(storage: vscode.Uri) {
    this.file = vscode.Uri.joinPath(storage, 'leaderboard.jsonl').fsPath;
  }

  async picks(): Promise<Pick[]> {
    await this.writes.done();
    return readPicks(await readLines(this.file)).picks;
  }

  record(pick: Pick): Promise<void> {
    return this.writes.run(async () => {
      await appendLines(this.file, pickLine(pick));
      if (readPicks(await readLines(this.file)).lines < COMPACT_AT) return;
      await compactLines(this.file, (text) => readPicks(text).picks.map(pickLine).join(''));
    });
  }

  async show(): Promise<void> {
    const content = leaderboardMarkdown(await this.picks(), (task) => TASK_NAMES[task] ?? task);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.command.dispose();
  }
}
