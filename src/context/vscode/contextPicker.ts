/**
 * Add Context: one quick pick, searched as you type, over the open editors, the selection, the files
 * with problems, the workspace's files and folders, and Browse… for a file outside the workspace.
 * The chosen item is read into an attachment; a secrets file asks first, and a binary or very large
 * file is refused with the reason.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { MAX_ATTACHMENT_BYTES, folderTree, makeAttachment, makeImageAttachment, problemsText, type Attachment, type Problem } from '../core/attachment';
import { readImage } from '../core/imageAttachment';
import { IMAGE_TYPES } from '../core/imageLimits';
import { decodeText, looksSecret } from '../core/fileRules';
import { workspaceFiles } from './workspaceFiles';

type Choice =
  | { readonly kind: 'file'; readonly uri: vscode.Uri }
  | { readonly kind: 'selection'; readonly document: vscode.TextDocument; readonly range: vscode.Range }
  | { readonly kind: 'problems'; readonly uri: vscode.Uri }
  | { readonly kind: 'folder'; readonly folder: string; readonly files: readonly string[] }
  | { readonly kind: 'browse' }
  | { readonly kind: 'image' };

interface Item extends vscode.QuickPickItem {
  readonly choice?: Choice;
}

const SEVERITY: Record<vscode.DiagnosticSeverity, Problem['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
const inWorkspace = (uri: vscode.Uri): boolean => vscode.workspace.getWorkspaceFolder(uri) !== undefined;
const where = (path: string): string => path.split('/').slice(0, -1).join('/');
const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

function openEditorUris(): vscode.Uri[] {
  const seen = new Map<string, vscode.Uri>();
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    if (tab.input instanceof vscode.TabInputText && !seen.has(tab.input.uri.toString())) seen.set(tab.input.uri.toString(), tab.input.uri);
  }
  return [...seen.values()];
}

function fixedItems(editor: vscode.TextEditor | undefined): Item[] {
  const items: Item[] = [];
  if (editor && !editor.selection.isEmpty) {
    const { start, end } = editor.selection;
    items.push({ label: `$(selection) Selection in ${relative(editor.document.uri).split('/').at(-1) ?? ''}`, description: `lines ${start.line + 1}–${end.line + 1}`, choice: { kind: 'selection', document: editor.document, range: editor.selection } });
  }
  const open = openEditorUris();
  if (open.length) items.push({ label: 'Open editors', kind: vscode.QuickPickItemKind.Separator });
  for (const uri of open) items.push({ label: `$(file) ${uri.path.split('/').at(-1) ?? ''}`, description: where(relative(uri)), choice: { kind: 'file', uri } });
  const problems = vscode.languages.getDiagnostics().filter(([, list]) => list.length > 0);
  if (problems.length) items.push({ label: 'Problems', kind: vscode.QuickPickItemKind.Separator });
  for (const [uri, list] of problems) {
    items.push({ label: `$(warning) Problems in ${uri.path.split('/').at(-1) ?? ''}`, description: `${list.length} · ${where(relative(uri))}`, choice: { kind: 'problems', uri } });
  }
  return items;
}

function workspaceItems(files: readonly vscode.Uri[], capped: boolean): Item[] {
  const paths = files.map(relative);
  const folders = new Map<string, string[]>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      const list = folders.get(folder) ?? [];
      list.push(parts.slice(depth).join('/'));
      folders.set(folder, list);
    }
  }
  const items: Item[] = [{ label: capped ? `Files (the first ${files.length.toLocaleString('en-US')}; type to narrow, or Browse…)` : 'Files', kind: vscode.QuickPickItemKind.Separator }];
  files.forEach((uri, i) => items.push({ label: `$(file) ${uri.path.split('/').at(-1) ?? ''}`, description: where(paths[i] ?? ''), choice: { kind: 'file', uri } }));
  if (folders.size) items.push({ label: 'Folders (a listing of their files)', kind: vscode.QuickPickItemKind.Separator });
  for (const [folder, inside] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    items.push({ label: `$(folder) ${folder.split('/').at(-1) ?? folder}/`, description: `${where(folder)} · ${inside.length} files`, choice: { kind: 'folder', folder, files: inside } });
  }
  return items;
}

const BROWSE: Item = { label: '$(folder-opened) Browse…', description: 'a file anywhere, inside the workspace or not', alwaysShow: true, choice: { kind: 'browse' } };
const IMAGE: Item = { label: '$(file-media) Image…', description: 'PNG, JPEG, GIF or WebP, for a model that takes images (or paste one in the prompt box)', alwaysShow: true, choice: { kind: 'image' } };

async function choose(editor: vscode.TextEditor | undefined): Promise<Choice | undefined> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Add Context to the Prompt';
  pick.placeholder = 'Search files, folders, open editors and problems';
  pick.matchOnDescription = true;
  const fixed = [...fixedItems(editor), BROWSE, IMAGE];
  pick.items = fixed;
  pick.busy = true;
  const listing = new vscode.CancellationTokenSource();
  void workspaceFiles(listing.token).then(
    ({ files, capped }) => {
      pick.items = [...fixed, ...workspaceItems(files, capped)];
      pick.busy = false;
    },
    () => (pick.busy = false),
  );
  const chosen = await new Promise<Choice | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems[0]?.choice));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  listing.cancel();
  listing.dispose();
  pick.dispose();
  return chosen;
}

/** Why a file cannot be attached, or its text and language. */
async function readText(uri: vscode.Uri): Promise<{ readonly text: string; readonly languageId: string } | { readonly refused: string }> {
  const name = relative(uri);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  // An editor with unsaved changes is attached as it reads now; otherwise the file on disk is the
  // truth (an open document may not have caught up with a change on disk yet).
  if (open && (open.isDirty || open.isUntitled)) return { text: open.getText(), languageId: open.languageId };
  const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
  if (!stat) return { refused: `Switchboard could not read ${name}: it may have been moved or deleted.` };
  if (stat.type & vscode.FileType.Directory) return { refused: `${name} is a folder: choose it under Folders to attach a listing of its files.` };
  if (stat.size > MAX_ATTACHMENT_BYTES) return { refused: `${name} is not attached: at ${(stat.size / 1024 / 1024).toFixed(1)} MB it is larger than the ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB Switchboard reads. Select the part you need and attach the selection.` };
  const bytes = await vscode.workspace.fs.readFile(uri);
  const decoded = decodeText(bytes);
  if ('notText' in decoded) return { refused: `${name} is not attached: ${decoded.notText}, and models take text.` };
  return { text: decoded.text, languageId: (open ?? (await vscode.workspace.openTextDocument(uri))).languageId };
}

async function confirmSecret(name: string): Promise<boolean> {
  const attach = 'Attach Anyway';
  const answer = await vscode.window.showWarningMessage(
    `${name} may hold secrets (keys, passwords, tokens).`,
    { modal: true, detail: 'What you attach is sent to the gateway and the model’s provider, and saved with the conversation.' },
    attach,
  );
  return answer === attach;
}

function readAttachment(uri: vscode.Uri, read: { readonly text: string; readonly languageId: string }): Attachment {
  return makeAttachment({ id: randomUUID(), kind: 'file', path: inWorkspace(uri) ? relative(uri) : uri.fsPath, languageId: read.languageId, text: read.text, digest: digest(read.text) });
}

async function fileAttachment(uri: vscode.Uri): Promise<Attachment | undefined> {
  if (looksSecret(uri.path) && !(await confirmSecret(relative(uri)))) return undefined;
  const read = await readText(uri);
  if ('refused' in read) {
    void vscode.window.showWarningMessage(read.refused);
    return undefined;
  }
  return readAttachment(uri, read);
}

/** A file as it reads now, for one already attached once: nothing is asked, and a file that cannot be read is undefined. */
export async function currentAttachment(uri: vscode.Uri): Promise<Attachment | undefined> {
  const read = await readText(uri).catch(() => undefined);
  return read && !('refused' in read) ? readAttachment(uri, read) : undefined;
}

async function toAttachment(choice: Choice): Promise<Attachment | undefined> {
  switch (choice.kind) {
    case 'file':
      return fileAttachment(choice.uri);
    case 'image': {
      const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Attach', title: 'Attach an Image to the Prompt', filters: { Images: Object.keys(IMAGE_TYPES).concat('jpeg') } })) ?? [];
      if (!uri) return undefined;
      const attached = imageAttachment(uri.path.split('/').at(-1) ?? 'image', await vscode.workspace.fs.readFile(uri));
      if ('refused' in attached) void vscode.window.showWarningMessage(attached.refused);
      return 'refused' in attached ? undefined : attached;
    }
    case 'browse': {
      const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Attach', title: 'Attach a File to the Prompt' })) ?? [];
      return uri && fileAttachment(uri);
    }
    case 'selection':
      return rangeAttachment(choice.document, choice.range);
    case 'problems': {
      const problems = vscode.languages.getDiagnostics(choice.uri).map((d): Problem => {
        const code = typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
        return { line: d.range.start.line, severity: SEVERITY[d.severity], message: d.message, ...(d.source ? { source: d.source } : {}), ...(code ? { code } : {}) };
      });
      return makeAttachment({ id: randomUUID(), kind: 'problems', path: relative(choice.uri), languageId: 'text', text: problemsText(problems) });
    }
    case 'folder':
      return makeAttachment({ id: randomUUID(), kind: 'folder', path: choice.folder, languageId: 'text', text: folderTree(choice.files) });
  }
}

/** An image's bytes as an attachment, or why they cannot be one. */
export function imageAttachment(name: string, bytes: Uint8Array): Attachment | { readonly refused: string } {
  const facts = readImage(bytes);
  if ('refused' in facts) return { refused: `${name} is not attached: ${facts.refused}.` };
  return makeImageAttachment(randomUUID(), name, facts, Buffer.from(bytes).toString('base64'), bytes.length);
}

/** Lines of a document as an attachment (a selection, or a location a chat reference names). */
export async function rangeAttachment(document: vscode.TextDocument, range: vscode.Range): Promise<Attachment | undefined> {
  const text = document.getText(range);
  const path = inWorkspace(document.uri) ? relative(document.uri) : document.uri.fsPath;
  if (looksSecret(path) && !(await confirmSecret(path))) return undefined;
  // A selection that ends at the start of a line does not take that line.
  const end = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  return makeAttachment({ id: randomUUID(), kind: 'selection', path, languageId: document.languageId, text, lines: { start: range.start.line, end }, digest: digest(text) });
}

/** A file, or a folder's listing, as an attachment; undefined when refused (the user is told why) or declined. */
export async function uriAttachment(uri: vscode.Uri): Promise<Attachment | undefined> {
  const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
  if (!stat || !(stat.type & vscode.FileType.Directory)) return fileAttachment(uri);
  const folder = relative(uri);
  const { files } = await workspaceFiles(new vscode.CancellationTokenSource().token);
  const inside = files.map(relative).flatMap((path) => (path.startsWith(`${folder}/`) ? [path.slice(folder.length + 1)] : []));
  return makeAttachment({ id: randomUUID(), kind: 'folder', path: folder, languageId: 'text', text: folderTree(inside) });
}

/** Lets the user choose context to attach, and reads it; undefined when they chose nothing, or it was refused. */
export async function pickContext(editor: vscode.TextEditor | undefined): Promise<Attachment | undefined> {
  const choice = await choose(editor);
  return choice && toAttachment(choice);
}
