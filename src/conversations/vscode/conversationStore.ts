/**
 * Conversations in the extension's global storage: one JSON file each, written whole to a
 * temporary file of its own (flushed to disk first) and renamed over the old one, so neither a
 * crash nor another window saving at the same moment leaves half a file. Files this version cannot
 * read are moved to `set-aside/` and reported, never overwritten; files a newer version wrote are
 * left where they are, for it, and skipped.
 *
 * Files are written with Node's own file system, where the extension host runs, not through
 * `vscode.workspace.fs`: in VS Code for the Web that goes by way of the browser page, and a save
 * still on its way is lost when the page reloads.
 */
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { summarize, type Conversation } from '../core/conversation';
import { parseConversation, serializeConversation } from '../core/conversationFile';
import type { ConversationSummary } from '../core/conversation';
import { WriteQueue } from '../../base/core/writeQueue';
import { imageFileName } from '../../context/core/imageAttachment';
import type { Message } from '../../chat/core/message';
import { writeFileAtomically } from '../../base/vscode/atomicWrite';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface SetAside {
  readonly file: string;
  readonly detail: string;
}

export class ConversationStore {
  private readonly dir: string;
  private readonly setAsideDir: string;
  /** Summaries by file name, with the modification time they were read at. */
  private summaries = new Map<string, { mtime: number; summary: ConversationSummary }>();
  /** Image files known to be on disk. */
  private readonly writtenImages = new Set<string>();
  /** Writes run one after another, so an older state never lands after a newer one. */
  private readonly writes = new WriteQueue();
  private readonly setAsideEmitter = new vscode.EventEmitter<SetAside>();
  /** Fires for each file moved aside because it could not be read. */
  readonly onDidSetAside = this.setAsideEmitter.event;

  constructor(storage: vscode.Uri) {
    this.dir = join(storage.fsPath, 'conversations');
    this.setAsideDir = join(this.dir, 'set-aside');
  }

  private file(id: string): string {
    if (!ID.test(id)) throw new Error(`not a conversation id: ${id}`);
    return join(this.dir, `${id}.json`);
  }

  /** The folder beside a conversation's file that holds the images its prompts carried. */
  private imagesDir(id: string): string {
    if (!ID.test(id)) throw new Error(`not a conversation id: ${id}`);
    return join(this.dir, `${id}.images`);
  }

  /** Writes the images not yet on disk; an image's bytes never change, so one written stays. */
  private async saveImages(conversation: Conversation): Promise<void> {
    const images = conversation.messages.flatMap((m) => m.attachments ?? []).filter((a) => a.image && a.data !== undefined && ID.test(a.id));
    if (images.length === 0) return;
    const dir = this.imagesDir(conversation.id);
    await mkdir(dir, { recursive: true });
    for (const image of images) {
      const target = join(dir, imageFileName(image.id, image.image?.mimeType ?? ''));
      if (this.writtenImages.has(target)) continue;
      const exists = await stat(target).then(() => true, () => false);
      if (!exists) await writeFileAtomically(target, Buffer.from(image.data ?? '', 'base64'));
      this.writtenImages.add(target);
    }
  }

  /** The conversation with its images' bytes read back from beside it; an image whose file is gone stays without them. */
  private async withImages(conversation: Conversation): Promise<Conversation> {
    if (!conversation.messages.some((m) => m.attachments?.some((a) => a.image))) return conversation;
    const dir = this.imagesDir(conversation.id);
    const messages: Message[] = [];
    for (const message of conversation.messages) {
      if (!message.attachments?.some((a) => a.image)) {
        messages.push(message);
        continue;
      }
      const attachments = await Promise.all(
        message.attachments.map(async (a) => {
          if (!a.image || !ID.test(a.id)) return a;
          const bytes = await readFile(join(dir, imageFileName(a.id, a.image.mimeType))).catch(() => undefined);
          return bytes ? { ...a, data: bytes.toString('base64') } : a;
        }),
      );
      messages.push({ ...message, attachments });
    }
    return { ...conversation, messages };
  }

  /**
   * Every readable conversation, newest first. The folder is read each time (another window may
   * have saved meanwhile); a file is parsed again only when its modification time changed.
   */
  async list(): Promise<ConversationSummary[]> {
    // No folder yet: no conversations yet.
    const entries = await readdir(this.dir, { withFileTypes: true }).catch(() => []);
    const seen = new Map<string, { mtime: number; summary: ConversationSummary }>();
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
      const path = join(this.dir, entry.name);
      const mtime = await stat(path).then((s) => s.mtimeMs, () => -1);
      const known = this.summaries.get(entry.name);
      if (known && known.mtime === mtime) {
        seen.set(entry.name, known);
        continue;
      }
      const conversation = await this.read(path);
      if (conversation) seen.set(entry.name, { mtime, summary: summarize(conversation) });
    }
    this.summaries = seen;
    return [...seen.values()].map((entry) => entry.summary).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async load(id: string): Promise<Conversation | undefined> {
    const conversation = await this.read(this.file(id));
    return conversation && this.withImages(conversation);
  }

  save(conversation: Conversation): Promise<void> {
    // The id names the file: it is checked before anything is written anywhere.
    const target = this.file(conversation.id);
    const write = async (): Promise<void> => {
      await mkdir(this.dir, { recursive: true });
      await this.saveImages(conversation);
      await writeFileAtomically(target, serializeConversation(conversation));
    };
    return this.writes.run(write);
  }

  async delete(id: string): Promise<void> {
    await this.writes.done();
    await rm(this.file(id), { force: true });
    await rm(this.imagesDir(id), { recursive: true, force: true });
  }

  private async read(path: string): Promise<Conversation | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    const parsed = parseConversation(text);
    if (parsed.ok && `${parsed.conversation.id}.json` === basename(path)) return parsed.conversation;
    // A newer Switchboard's file stays for it; this one reads around it.
    if (!parsed.ok && parsed.problem === 'newer') return undefined;
    await this.setAside(path, parsed.ok ? 'its id is not its file name' : parsed.detail);
    return undefined;
  }

  private async setAside(path: string, detail: string): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = join(this.setAsideDir, `${stamp}-${basename(path)}`);
    await mkdir(this.setAsideDir, { recursive: true });
    await rename(path, target);
    this.setAsideEmitter.fire({ file: target, detail });
  }

  dispose(): void {
    this.setAsideEmitter.dispose();
  }
}
