/**
 * The text editor the user was last in: once they click in the chat panel (or the palette) there
 * is no active one, yet "the editor" still means the one they came from.
 */
import * as vscode from 'vscode';

export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
    if (editor) this.last = editor;
  });

  get editor(): vscode.TextEditor | undefined {
    const last = this.last;
    // A closed editor's document is disposed; fall back to any visible one.
    if (last && !last.document.isClosed && vscode.window.visibleTextEditors.includes(last)) return last;
    return vscode.window.visibleTextEditors[0];
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

