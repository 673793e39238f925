/** The lines a non-empty selection covers: one that ends at the start of a line does not take that line. */
import type * as vscode from 'vscode';

export function selectedLineSpan(selection: vscode.Selection): { startLine: number; endLine: number } {
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { startLine: selection.start.line, endLine };
}
