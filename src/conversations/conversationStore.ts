/**
 * Conversations in the extension's global storage: one JSON file each, written whole to a
 * temporary file and renamed over the old one, so a crash never leaves half a file. Files this
 * version cannot read are moved to `set-aside/` and reported, never overwritten.
 */
import * as vscode from 'vscode';
import { parseConversation, serializeConversation, summarize, type Conversation } from '../core/conversation';
import type { ConversationSummary } from '../protocol';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface SetAside {
  readonly file: string;
  readonly detail: string;
}

export class ConversationStore {
  private readonly dir: vscode.Uri;
  private readonly setAsideDir: vscode.Uri;
  /** Summaries by file name, with the modification time they were read at. */
  private summaries = new Map<string, { mtime: number; summary: ConversationSummary }>();
  /** Writes run one after another, so an older state never lands after a newer one. */
  private writing: Promise<void> = Promise.resolve();
  private readonly setAsideEmitter = new vscode.EventEmitter<SetAside>();
  /** Fires for each file moved aside because it could not be read. */
  readonly onDidSetAside = this.setAsideEmitter.event;

  constructor(storage: vscode.Uri) {
    this.dir = vscode.Uri.joinPath(storage, 'conversations');
    this.setAsideDir = vscode.Uri.joinPath(this.dir, 'set-aside');
  }

  private file(id: string): vscode.Uri {
    if (!ID.test(id)) throw new Error(`not a conversation id: ${id}`);
    return vscode.Uri.joinPath(this.dir, `${id}.json`);
  }

  /**
   * Every readable conversation, newest first. The folder is read each time (another window may
   * have saved meanwhile); a file is parsed again only when its modification time changed.
   */
  async list(): Promise<ConversationSummary[]> {
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.dir);
    } catch {
      // No folder yet: no conversations yet.
    }
    const seen = new Map<string, { mtime: number; summary: ConversationSummary }>();
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File || !name.endsWith('.json')) continue;
      const uri = vscode.Uri.joinPath(this.dir, name);
      const mtime = await vscode.workspace.fs.stat(uri).then((s) => s.mtime, () => -1);
      const known = this.summaries.get(name);
      if (known && known.mtime === mtime) {
        seen.set(name, known);
        continue;
      }
      const conversation = await this.read(uri);
      if (conversation) seen.set(name, { mtime, summary: summarize(conversation) });
    }
    this.summaries = seen;
    return [...seen.values()].map((entry) => entry.summary).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async load(id: string): Promise<Conversation | undefined> {
    return this.read(this.file(id));
  }

  save(conversation: Conversation): Promise<void> {
    const write = async (): Promise<void> => {
      await vscode.workspace.fs.createDirectory(this.dir);
      const target = this.file(conversation.id);
      const temporary = vscode.Uri.joinPath(this.dir, `.${conversation.id}.json.tmp`);
      await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(serializeConversation(conversation)));
      await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
    };
    this.writing = this.writing.then(write, write);
    return this.writing;
  }

  async delete(id: string): Promise<void> {
    await this.writing;
    await vscode.workspace.fs.delete(this.file(id), { useTrash: false });
  }

  private async read(uri: vscode.Uri): Promise<Conversation | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      return undefined;
    }
    const parsed = parseConversation(new TextDecoder().decode(bytes));
    if (parsed.ok) return parsed.conversation;
    await this.setAside(uri, parsed.detail);
    return undefined;
  }

  private async setAside(uri: vscode.Uri, detail: string): Promise<void> {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = vscode.Uri.joinPath(this.setAsideDir, `${stamp}-${name}`);
    await vscode.workspace.fs.createDirectory(this.setAsideDir);
    await vscode.workspace.fs.rename(uri, target, { overwrite: false });
    this.setAsideEmitter.fire({ file: target.fsPath, detail });
  }

  dispose(): void {
    this.setAsideEmitter.dispose();
  }
}
