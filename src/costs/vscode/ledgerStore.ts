/**
 * The spend ledger on disk: `spend.jsonl` in global storage, one line appended per priced answer
 * (appends are serialised; a line cut short by a crash is skipped when read).
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { entryLine, parseLedger, toCsv, type LedgerEntry } from '../core/ledger';
import type { Currency } from '../core/money';
import { spendingReport } from '../core/spendingReport';
import { WriteQueue } from '../../base/core/writeQueue';

export class LedgerStore {
  private readonly file: vscode.Uri;
  private readonly writes = new WriteQueue();
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changedEmitter.event;

  constructor(private readonly storage: vscode.Uri) {
    this.file = vscode.Uri.joinPath(storage, 'spend.jsonl');
  }

  record(entry: LedgerEntry): Promise<void> {
    const write = async (): Promise<void> => {
      await mkdir(this.storage.fsPath, { recursive: true });
      await appendFile(this.file.fsPath, entryLine(entry), 'utf8');
      this.changedEmitter.fire();
    };
    return this.writes.run(write);
  }

  async entries(): Promise<LedgerEntry[]> {
    await this.writes.done();
    const text = await readFile(this.file.fsPath, 'utf8').catch(() => '');
    return parseLedger(text).entries;
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
