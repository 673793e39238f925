/**
 * The spend ledger on disk: `spend.jsonl` in global storage, one line appended per priced answer
 * (appends are serialised; a line cut short by a crash is skipped when read). A ledger that cannot
 * be written says so once; answers go on.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { entryLine, parseLedger, toCsv, type LedgerEntry } from '../core/ledger';
import type { Currency } from '../core/money';
import { spendingReport } from '../core/spendingReport';
import { WriteQueue } from '../../base/core/writeQueue';
import { appendLines, readLines } from '../../base/vscode/lineFile';

export class LedgerStore {
  private readonly file: vscode.Uri;
  private readonly writes = new WriteQueue();
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  private toldOfFailure = false;
  readonly onDidChange = this.changedEmitter.event;

  constructor(private readonly storage: vscode.Uri) {
    this.file = vscode.Uri.joinPath(storage, 'spend.jsonl');
  }

  /** Appends the entry; a failure is reported once, never thrown at the answer that caused it. */
  async record(entry: LedgerEntry): Promise<void> {
    try {
      await this.writes.run(() => appendLines(this.file.fsPath, entryLine(entry)));
      this.changedEmitter.fire();
    } catch (error) {
      if (this.toldOfFailure) return;
      this.toldOfFailure = true;
      const why = error instanceof Error ? error.message : String(error);
      void vscode.window.showWarningMessage(`Switchboard could not write its spending ledger (${why}). Costs are still shown on each answer, but what could not be written does not count toward your budgets or totals.`);
    }
  }

  async entries(): Promise<LedgerEntry[]> {
    await this.writes.done();
    return parseLedger(await readLines(this.file.fsPath)).entries;
  }

  /** Asks where to save and writes every entry as CSV. */
  async exportCsv(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export Spending as CSV',
      filters: { CSV: ['csv'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'switchboard-spending.csv') } : {}),
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(toCsv(await this.entries())));
    void vscode.window.showInformationMessage(`Exported spending to ${vscode.workspace.asRelativePath(target)}.`);
  }

  /**
   * Shows the spending breakdown, rendered: written afresh to a file beside the ledger and opened
   * in the Markdown preview, so there is no unsaved document left to ask about.
   */
  async showReport(lead: Currency): Promise<void> {
    const report = vscode.Uri.joinPath(this.storage, 'spending.md');
    await mkdir(this.storage.fsPath, { recursive: true });
    await writeFile(report.fsPath, spendingReport(await this.entries(), new Date(), lead), 'utf8');
    await vscode.commands.executeCommand('markdown.showPreview', report);
  }

  dispose(): void {
    this.changedEmitter.dispose();
  }
}
