/**
 * Splits streamed markdown into top-level blocks as it arrives: a block is finished by a blank
 * line, by the end of a heading line, or by the fence that closes a code block. Each character is
 * looked at once, so splitting a whole answer costs time linear in its length. Pure: no DOM.
 */

export interface Fence {
  readonly marker: string;
  /** The info string's first word: the code block's language, if given. */
  readonly language: string;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^ {0,3}#{1,6}(\s|$)/;

export class BlockSplitter {
  private source = '';
  /** Where the first line not yet classified starts. */
  private scanned = 0;
  /** Where the open block starts. */
  private blockStart = 0;
  private blockHasText = false;
  private fence: Fence | undefined;

  /** Adds streamed text; returns the blocks it finished, in order. */
  push(text: string): string[] {
    this.source += text;
    const finished: string[] = [];
    for (let end = this.source.indexOf('\n', this.scanned); end !== -1; end = this.source.indexOf('\n', this.scanned)) {
      this.classify(this.source.slice(this.scanned, end), end + 1, finished);
      this.scanned = end + 1;
    }
    return finished;
  }

  /** The text of the block still being written (may be empty). */
  get open(): string {
    return this.source.slice(this.blockStart);
  }

  /** Set while the open block is a fenced code block that has not been closed yet. */
  get openFence(): Fence | undefined {
    return this.fence;
  }

  /** Ends the stream: whatever is open is a finished block now. */
  finish(): string[] {
    const rest = this.open;
    this.blockStart = this.source.length;
    this.scanned = this.source.length;
    this.fence = undefined;
    this.blockHasText = false;
    return rest.trim() ? [rest] : [];
  }

  private classify(line: string, next: number, finished: string[]): void {
    const lineStart = this.scanned;
    if (this.fence) {
      const closing = line.trim();
      if (closing.startsWith(this.fence.marker) && /^(`+|~+)$/.test(closing) && closing[0] === this.fence.marker[0]) {
        this.fence = undefined;
        this.emit(next, finished);
      }
      return;
    }
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      // A code block always starts a block of its own.
      if (this.blockHasText) this.emit(lineStart, finished);
      this.blockStart = lineStart;
      this.fence = { marker: fence[1] ?? '```', language: fence[2] ?? '' };
      this.blockHasText = true;
      return;
    }
    if (line.trim() === '') {
      if (this.blockHasText) this.emit(next, finished);
      else this.blockStart = next;
      return;
    }
    if (HEADING.test(line)) {
      if (this.blockHasText) this.emit(lineStart, finished);
      this.blockStart = lineStart;
      this.emit(next, finished);
      return;
    }
    this.blockHasText = true;
  }

  private emit(end: number, finished: string[]): void {
    const block = this.source.slice(this.blockStart, end);
    if (block.trim()) finished.push(block);
    this.blockStart = end;
    this.blockHasText = false;
  }
}
