/**
 * What the user can do with an answer from the host side: copy, insert code into the editor they
 * were in, open code in a new editor, follow a link, load a remote image. Everything here came
 * from the webview and was already shape-checked; URLs are checked again before use.
 */
import * as vscode from 'vscode';
import type { EditorTracker } from '../../editor/vscode/editorTracker';
import { fetchImage } from './imageFetch';

export async function copyText(text: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage('$(check) Copied', 2000);
}

export async function insertCode(tracker: EditorTracker, code: string): Promise<void> {
  const editor = tracker.editor;
  if (!editor) {
    void vscode.window.showWarningMessage('Open a file first: the code is inserted at its cursor.');
    return;
  }
  const applied = await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, code);
  });
  if (!applied) void vscode.window.showWarningMessage(`Could not insert into ${vscode.workspace.asRelativePath(editor.document.uri)}: it is read-only or changed meanwhile.`);
  else await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** Markdown fence names that differ from VS Code's language ids. */
const LANGUAGE_IDS: Record<string, string> = { js: 'javascript', ts: 'typescript', py: 'python', sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', yml: 'yaml', 'c++': 'cpp', cs: 'csharp', rs: 'rust', golang: 'go', md: 'markdown', html: 'html', xml: 'xml' };

/** Opens the code as a new untitled document, in the group the user edits in (not over the chat). */
export async function openCode(tracker: EditorTracker, code: string, language: string): Promise<void> {
  const known = await vscode.languages.getLanguages();
  const id = LANGUAGE_IDS[language.toLowerCase()] ?? language.toLowerCase();
  const document = await vscode.workspace.openTextDocument({ content: code, language: known.includes(id) ? id : 'plaintext' });
  await vscode.window.showTextDocument(document, { viewColumn: tracker.editor?.viewColumn ?? vscode.ViewColumn.Beside, preview: false });
}

function webUrl(value: string): vscode.Uri | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? vscode.Uri.parse(url.href, true) : undefined;
  } catch {
    return undefined;
  }
}

export async function openLink(url: string): Promise<void> {
  const uri = webUrl(url);
  // VS Code asks before opening a domain the user has not trusted.
  if (uri) await vscode.env.openExternal(uri);
}

/** Fetches an image the user asked for, as a data: URL the panel's CSP allows. */
export async function loadImage(url: string): Promise<{ dataUrl?: string; error?: string }> {
  if (!webUrl(url)) return { error: 'Only http and https images can be loaded.' };
  return fetchImage(url).catch(() => ({ error: 'Could not load the image.' }));
}
