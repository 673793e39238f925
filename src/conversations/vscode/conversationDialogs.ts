/** The VS Code dialogs behind the history list's rename, delete and export. */
import * as vscode from 'vscode';
import { toMarkdown, type Conversation } from '../core/conversation';

export function askTitle(current: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Rename Conversation',
    value: current,
    valueSelection: [0, current.length],
    validateInput: (value) => (value.trim() ? undefined : 'A title cannot be empty.'),
  });
}

export async function confirmDelete(title: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`Delete the conversation "${title}"?`, { modal: true, detail: 'It cannot be restored.' }, 'Delete');
  return choice === 'Delete';
}

function fileName(title: string): string {
  const printable = Array.from(title, (c) => (c.charCodeAt(0) < 32 ? ' ' : c)).join('');
  const safe = printable.replace(/[\\/:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
  return `${safe || 'conversation'}.md`;
}

/** Asks where to save, writes the Markdown, offers to open it. Resolves to the file, if saved. */
export async function exportMarkdown(conversation: Conversation): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: 'Export Conversation as Markdown',
    filters: { Markdown: ['md'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, fileName(conversation.title)) } : {}),
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(toMarkdown(conversation)));
  void vscode.window.showInformationMessage(`Exported "${conversation.title}".`, 'Open').then(async (choice) => {
    if (choice) await vscode.window.showTextDocument(target);
  });
  return target;
}
