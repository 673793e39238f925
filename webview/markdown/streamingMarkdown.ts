/**
 * Renders an answer while it streams, keeping the work linear in its length: finished blocks are
 * rendered once and appended; only the open block is rendered again, and an open code block is
 * not even that: its new text is appended as plain text and highlighted once when it closes.
 */
import { BlockSplitter } from './blockSplitter';
import { decorateCodeBlock, renderMarkdown } from './render';

export class StreamingMarkdown {
  private readonly splitter = new BlockSplitter();
  /** Holds the rendering of the open block, always the last child of the container. */
  private readonly openBlock = document.createElement('div');
  private openCode: { readonly code: HTMLElement; rendered: number } | undefined;

  constructor(private readonly container: HTMLElement) {
    this.openBlock.className = 'open-block';
    container.append(this.openBlock);
  }

  /** Renders a whole text at once (a finished message). */
  static renderAll(container: HTMLElement, text: string): void {
    const markdown = new StreamingMarkdown(container);
    markdown.append(text);
    markdown.finish();
  }

  append(text: string): void {
    for (const block of this.splitter.push(text)) this.commit(block);
    this.renderOpen();
  }

  /** The stream ended: the open block is final. */
  finish(): void {
    for (const block of this.splitter.finish()) this.commit(block);
    this.openBlock.remove();
  }

  private commit(block: string): void {
    this.openCode = undefined;
    this.openBlock.replaceChildren();
    // Each finished block in its own box, which the browser may skip laying out while off screen.
    const box = document.createElement('div');
    box.className = 'block';
    box.append(renderMarkdown(block));
    this.container.insertBefore(box, this.openBlock);
  }

  private renderOpen(): void {
    const fence = this.splitter.openFence;
    const source = this.splitter.open;
    if (!fence) {
      this.openCode = undefined;
      this.openBlock.replaceChildren(renderMarkdown(source));
      return;
    }
    if (!this.openCode) {
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      pre.append(code);
      decorateCodeBlock(pre, fence.language, false);
      this.openBlock.replaceChildren(pre);
      // The fence line itself is not code.
      const firstLineEnd = source.indexOf('\n');
      this.openCode = { code, rendered: firstLineEnd === -1 ? source.length : firstLineEnd + 1 };
    }
    if (source.length > this.openCode.rendered) {
      this.openCode.code.append(source.slice(this.openCode.rendered));
      this.openCode.rendered = source.length;
    }
  }
}
