/**
 * "Diff with…": two answers of a comparison side by side in VS Code's diff editor, as read-only
 * Markdown documents named after their columns.
 */
import * as vscode from 'vscode';
import { columnName, namesHidden } from '../core/compareSummary';
import type { Message } from '../../chat/core/message';

export const ANSWER_SCHEME = 'switchboard-answer';

interface ColumnItem extends vscode.QuickPickItem {
  readonly columnId: string;
}

export class AnswerDiff implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private next = 1;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? '';
  }

  /**
   * Diffs one column with another: the only other one, or the one the user picks. The diff opens
   * in another editor group than the chat's, so the comparison stays in view.
   */
  async show(message: Message, columnId: string, chatColumn: vscode.ViewColumn | undefined): Promise<void> {
    const comparison = message.comparison;
    const column = comparison?.columns.find((c) => c.id === columnId);
    if (!comparison || !column) return;
    const others = comparison.columns.filter((c) => c.id !== columnId && c.answer.text.length > 0);
    if (others.length === 0) {
      void vscode.window.showInformationMessage('No other answer has any text to compare with yet.');
      return;
    }
    const items: ColumnItem[] = others.map((c) => ({ label: columnName(comparison, c), ...(namesHidden(comparison) ? {} : { description: c.gatewayLabel }), columnId: c.id }));
    const chosen = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: `Diff ${columnName(comparison, column)} with…` });
    const other = others.find((c) => c.id === chosen?.columnId);
    if (!other) return;
    const left = this.document(columnName(comparison, column), column.answer.text);
    const right = this.document(columnName(comparison, other), other.answer.text);
    const viewColumn = chatColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    const options: vscode.TextDocumentShowOptions = { preview: false, viewColumn };
    await vscode.commands.executeCommand('vscode.diff', left, right, `${columnName(comparison, column)} ↔ ${columnName(comparison, other)}`, options);
  }

  private document(name: string, text: string): vscode.Uri {
    const id = String(this.next++);
    this.texts.set(id, text);
    // The name is the tab's; characters a path cannot hold become dashes.
    return vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${name.replace(/[/\\:*?"<>|]/g, '-')}.md`, query: id });
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}

