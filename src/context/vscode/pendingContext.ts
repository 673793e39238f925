/**
 * The context waiting to go with the next prompt: added through Add Context, removed from its chip,
 * taken whole when the prompt is sent. Also opens the source of an attachment already sent.
 */
import * as vscode from 'vscode';
import { attachmentChip, type Attachment, type AttachmentChip } from '../core/attachment';
import type { Message } from '../../chat/core/message';
import { currentAttachment, pickContext } from './contextPicker';

export class PendingContext {
  private items: Attachment[] = [];

  constructor(private readonly changed: (chips: readonly AttachmentChip[]) => void) {}

  get attachments(): readonly Attachment[] {
    return this.items;
  }

  get chips(): readonly AttachmentChip[] {
    return this.items.map(attachmentChip);
  }

  /** Lets the user choose context; true when something was attached. */
  async pick(editor: vscode.TextEditor | undefined): Promise<boolean> {
    const added = await pickContext(editor);
    if (added) this.add(added);
    return added !== undefined;
  }

  /** The same source twice is attached once, as it reads now. */
  add(added: Attachment): void {
    const same = (a: Attachment): boolean => a.kind === added.kind && a.path === added.path && a.lines?.start === added.lines?.start && a.lines?.end === added.lines?.end;
    this.items = [...this.items.filter((a) => !same(a)), added];
    this.changed(this.chips);
  }

  remove(id: string): void {
    this.items = this.items.filter((a) => a.id !== id);
    this.changed(this.chips);
  }

  /** The attachments for the prompt being sent; none wait after it. */
  take(): readonly Attachment[] {
    const taken = this.items;
    if (taken.length === 0) return taken;
    this.items = [];
    this.changed(this.chips);
    return taken;
  }
}

/** The file an attachment came from: a workspace-relative path in the folder that has it, else a path on disk. */
async function sourceOf(attachment: Attachment): Promise<vscode.Uri | undefined> {
  if (attachment.kind === 'folder' || attachment.kind === 'image') return undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const inside = multi && attachment.path.startsWith(`${folder.name}/`) ? attachment.path.slice(folder.name.length + 1) : attachment.path;
    const uri = vscode.Uri.joinPath(folder.uri, inside);
    if (await vscode.workspace.fs.stat(uri).then(() => true, () => false)) return uri;
  }
  const onDisk = vscode.Uri.file(attachment.path);
  return (await vscode.workspace.fs.stat(onDisk).then(() => true, () => false)) ? onDisk : undefined;
}

/** Opens the source of a sent attachment, at its lines for a selection. */
export async function openAttachmentSource(attachment: Attachment): Promise<void> {
  const uri = await sourceOf(attachment);
  if (!uri) {
    void vscode.window.showWarningMessage(`Switchboard could not find ${attachment.path}: it may have been moved or deleted. The text sent is kept in the conversation.`);
    return;
  }
  const { lines } = attachment;
  const selection = lines ? new vscode.Range(lines.start, 0, lines.end, 0) : undefined;
  await vscode.window.showTextDocument(uri, { preview: true, ...(selection ? { selection } : {}) });
}

/** The files a conversation sent whose text is not what it sent any more, as they read now (the latest sending of each). */
export async function changedSources(messages: readonly Message[]): Promise<Attachment[]> {
  const latest = new Map<string, Attachment>();
  for (const attachment of messages.flatMap((m) => m.attachments ?? [])) if (attachment.kind === 'file' && attachment.digest !== undefined) latest.set(attachment.path, attachment);
  const changed: Attachment[] = [];
  for (const sent of latest.values()) {
    const uri = await sourceOf(sent);
    const now = uri && (await currentAttachment(uri));
    if (now && now.digest !== sent.digest) changed.push(now);
  }
  return changed;
}
