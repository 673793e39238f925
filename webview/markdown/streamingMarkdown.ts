/**
 * Renders an answer while it streams, keeping the work linear in its length: `MarkdownBlocks`
 * says which blocks settled, each rendered once and appended; only the open part is rendered
 * again, and an open code block is not even that: its new text is appended as plain text and
 * highlighted once when it closes. The finished answer is the DOM rendering it whole gives.
 */
import { MarkdownBlocks, type BlocksUpdate } from './markdownBlocks';
import { decorateCodeBlock, renderHtml } from './render';

export class StreamingMarkdown {
  private readonly blocks = new MarkdownBlocks();
  /** Each settled block's box, by its id, for the ones a later definition renders again. */
  private readonly boxes = new Map<number, HTMLElement>();
  /** Holds the rendering of the open part, always the last child of the container. */
  private readonly openBlock = document.createElement('div');
  private openCode: { readonly code: HTMLElement; rendered: number } | undefined;
  /** The open part's markdown as last rendered, and the text node showing what came after it. */
  private openMarkdown: { readonly html: string; readonly after: Text } | undefined;

  constructor(private readonly container: HTMLElement) {
    this.openBlock.className = 'open-block';
    container.append(this.openBlock);
  }

  /** Renders a whole text at once (a finished message). */
  static renderAll(container: HTMLElement, text: string): void {
    const markdown = new StreamingMarkdown(container);
    markdown.show(markdown.blocks.finish(text));
    markdown.openBlock.remove();
  }

  append(text: string): void {
    this.show(this.blocks.push(text));
    this.renderOpen();
  }

  /** The stream ended: the open part is final. */
  finish(): void {
    this.show(this.blocks.finish());
    this.openCode = undefined;
    this.openBlock.remove();
  }

  private show(update: BlocksUpdate): void {
    if (update.settled.length > 0) {
      this.openCode = undefined;
      this.openMarkdown = undefined;
      this.openBlock.replaceChildren();
    }
    for (const block of update.settled) {
      // Each settled block in its own box, which the browser may skip laying out while off screen.
      const box = document.createElement('div');
      box.className = 'block';
      box.append(renderHtml(block.html));
      this.container.insertBefore(box, this.openBlock);
      this.boxes.set(block.id, box);
    }
    for (const block of update.changed) this.boxes.get(block.id)?.replaceChildren(renderHtml(block.html));
  }

  private renderOpen(): void {
    const open = this.blocks.open;
    if (open?.kind === 'code') {
      this.showOpenCode(open.language, open.code);
      return;
    }
    this.openCode = undefined;
    if (!open) {
      this.openMarkdown = undefined;
      this.openBlock.replaceChildren();
    } else if (open.kind === 'plain') {
      this.openMarkdown = undefined;
      const text = document.createElement('div');
      text.className = 'plain-text';
      text.textContent = open.text;
      this.openBlock.replaceChildren(text);
    } else if (this.openMarkdown?.html === open.html) {
      // Not lexed again since: only what came after it is new.
      this.openMarkdown.after.data = open.after;
    } else {
      const after = document.createTextNode(open.after);
      this.openMarkdown = { html: open.html, after };
      this.openBlock.replaceChildren(renderHtml(open.html), after);
    }
  }

  private showOpenCode(language: string, text: string): void {
    this.openMarkdown = undefined;
    if (!this.openCode) {
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      pre.append(code);
      decorateCodeBlock(pre, language, false);
      this.openBlock.replaceChildren(pre);
      this.openCode = { code, rendered: 0 };
    }
    if (text.length > this.openCode.rendered) {
      this.openCode.code.append(text.slice(this.openCode.rendered));
      this.openCode.rendered = text.length;
    }
  }
}
