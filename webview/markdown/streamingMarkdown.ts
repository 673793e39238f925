/**
 * Renders an answer while it streams, keeping the work linear in its length: `MarkdownBlocks`
 * says which blocks settled, each rendered once and appended; only the open part is rendered
 * again, and an open code block is not even that: its new lines are highlighted piece by piece
 * (`CodePieces`), and the block on screen is kept when it closes. The finished answer is the DOM
 * rendering it whole gives.
 *
 * Text is rendered a piece at a time within the frame's budget (`frameWork`); what does not fit
 * waits for the next frame, the container marked busy meanwhile. A delta of a few hundred
 * characters never waits; a 30 MB answer, or a long conversation opened from history, is rendered
 * over many frames instead of in one that would freeze the panel.
 */
import { budgetLeft, isWaiting, later, type Work } from '../frameWork';
import { CodePieces } from './codeHighlight';
import { highlights } from './highlight';
import { MarkdownBlocks, type BlocksUpdate, type SettledBlock } from './markdownBlocks';
import { decorateCodeBlock, highlightCodeBlock, highlightedFragment, renderHtml } from './render';

/** The code block still open, as it will be once closed; highlighted piece by piece when its language is known. */
interface OpenCode {
  readonly pre: HTMLElement;
  readonly code: HTMLElement;
  readonly pieces: CodePieces | undefined;
  /** The code not highlighted yet, after what is. */
  readonly rest: Text;
  rendered: number;
}

const GROUP_SIZE = 16;
const GROUP_HTML = 4096;
/** The most text one step renders. */
const PIECE = 8 * 1024;

/** Run through the renderer in idle time once the panel opens, so the first answer's frames do not pay for compiling it. */
const WARM_UP = '# Steps\n\nText with *emphasis*, `code` and a [link](https://example.com).\n\n1. one\n   - [x] two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```js\nlet a = 1;\n```\n\n> quote\n';

export function warmUpRendering(): void {
  requestIdleCallback(() => {
    const markdown = new StreamingMarkdown(document.createElement('div'));
    for (let at = 0; at < WARM_UP.length; at += 16) markdown.append(WARM_UP.slice(at, at + 16));
    markdown.finish();
  });
}

export class StreamingMarkdown implements Work {
  private readonly blocks = new MarkdownBlocks();
  /** Text not rendered yet, in the pieces it came in; the first one from `taken` on. */
  private readonly backlog: string[] = [];
  private taken = 0;
  private finishing = false;
  private finished = false;
  /** Blocks settled and not rendered yet, each with the open code block it closes, if it does. */
  private readonly unrendered: { readonly block: SettledBlock; readonly closing: OpenCode | undefined }[] = [];
  /** Set once work waited for a frame: by then the container is in the panel, unless the panel moved on (another conversation). */
  private deferred = false;
  /** Each settled block's box, by its id, for the ones a later definition renders again. */
  private readonly boxes = new Map<number, HTMLElement>();
  /** Holds the rendering of the open part, always the last child of the container. */
  private readonly openBlock = document.createElement('div');
  private openCode: OpenCode | undefined;
  private group: HTMLElement | undefined;
  /** The length of the HTML of the blocks in the group. */
  private groupHtml = 0;
  /** The open part's markdown as last rendered, and the text node showing what came after it. */
  private openMarkdown: { readonly html: string; readonly after: Text } | undefined;

  /** With `provisional`, the open part is shown as the text arrives; without, only what settled (a finished message). */
  constructor(
    private readonly container: HTMLElement,
    private readonly provisional = true,
  ) {
    this.openBlock.className = 'open-block';
    container.append(this.openBlock);
  }

  /** Renders a finished message's text. */
  static renderAll(container: HTMLElement, text: string): void {
    const markdown = new StreamingMarkdown(container, false);
    markdown.append(text);
    markdown.finish();
  }

  append(text: string): void {
    if (!text) return;
    this.backlog.push(text);
    this.work();
  }

  /** The stream ended: the open part is final once the text before it is rendered. */
  finish(): void {
    this.finishing = true;
    this.work();
  }

  /**
   * Renders settled blocks while the budget lasts, or else lexes a piece of the backlog (or, once
   * it is all in, ends the answer); false when nothing is left.
   */
  step(): boolean {
    if (this.deferred && !this.container.isConnected) {
      this.backlog.length = 0;
      this.unrendered.length = 0;
      this.finishing = false;
      return false;
    }
    if (this.unrendered.length === 0) {
      const piece = this.takePiece();
      if (piece) {
        this.show(this.blocks.push(piece));
      } else if (this.finishing) {
        this.finishing = false;
        this.finished = true;
        this.show(this.blocks.finish());
      }
    }
    this.renderSettled();
    if (this.unrendered.length === 0) {
      if (this.finished) {
        this.openCode = undefined;
        this.openBlock.remove();
      } else if (this.backlog.length === 0 && this.provisional) {
        this.renderOpen();
      }
    }
    const more = this.unrendered.length > 0 || this.backlog.length > 0 || this.finishing;
    if (!more) this.container.removeAttribute('aria-busy');
    return more;
  }

  /** Steps while the frame's budget lasts; the rest waits its turn in later frames, the container busy meanwhile. */
  private work(): void {
    if (isWaiting(this)) return;
    while (budgetLeft()) if (!this.step()) return;
    this.container.setAttribute('aria-busy', 'true');
    this.deferred = true;
    later(this, this.provisional ? 'take turns' : 'one after another');
  }

  private takePiece(): string {
    const first = this.backlog[0];
    if (first === undefined) return '';
    const piece = first.slice(this.taken, this.taken + PIECE);
    this.taken += piece.length;
    if (this.taken >= first.length) {
      this.backlog.shift();
      this.taken = 0;
    }
    return piece;
  }

  /** Queues the blocks settled for rendering; a block settled earlier and changed is rendered again now. */
  private show(update: BlocksUpdate): void {
    if (update.settled.length > 0) {
      // The first block settled after an open code block is that block, closed.
      const closing = this.openCode;
      this.openCode = undefined;
      this.openMarkdown = undefined;
      this.openBlock.replaceChildren();
      update.settled.forEach((block, i) => this.unrendered.push({ block, closing: i === 0 ? closing : undefined }));
    }
    if (update.changed.length === 0) return;
    this.renderSettled(true);
    for (const block of update.changed) this.boxes.get(block.id)?.replaceChildren(renderHtml(block.html));
  }

  /** Renders queued blocks, in order: at least one, then as many as the budget allows, or `all`. */
  private renderSettled(all = false): void {
    for (let next = this.unrendered.shift(); next; next = this.unrendered.length > 0 && (all || budgetLeft()) ? this.unrendered.shift() : undefined) {
      const { block, closing } = next;
      const box = document.createElement('div');
      box.className = 'block';
      box.append(closing ? this.closedCode(block.html, closing) : renderHtml(block.html));
      this.groupFor(block.html).append(box);
      this.boxes.set(block.id, box);
    }
  }

  /**
   * The group a settled block of this HTML goes in: at least GROUP_SIZE blocks and GROUP_HTML
   * characters of their HTML in one box, which the browser may skip laying out and painting while
   * it is off screen (fewer boxes than blocks, since each costs a visibility check every frame,
   * however short: an answer of ten thousand one-word paragraphs is a few hundred boxes). Grouped
   * by what the blocks are, so streamed or whole, an answer's blocks fall in the same groups.
   */
  private groupFor(html: string): HTMLElement {
    if (!this.group || (this.group.childElementCount >= GROUP_SIZE && this.groupHtml >= GROUP_HTML)) {
      this.group = document.createElement('div');
      this.group.className = 'blocks';
      this.container.insertBefore(this.group, this.openBlock);
      this.groupHtml = 0;
    }
    this.groupHtml += html.length;
    return this.group;
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
    const open = this.openCode ?? this.newOpenCode(language);
    if (open.pieces) {
      const html = open.pieces.next(text);
      if (html !== undefined) open.code.insertBefore(highlightedFragment(html), open.rest);
      open.rest.data = text.slice(open.pieces.highlightedTo);
    } else if (text.length > open.rendered) {
      open.code.append(text.slice(open.rendered));
    }
    open.rendered = text.length;
  }

  /** A pre and code as rendering the closed block makes them, with its language's class. */
  private newOpenCode(language: string): OpenCode {
    const pre = document.createElement('pre');
    const code = document.createElement('code');
    if (language) code.className = `language-${language}`;
    const rest = document.createTextNode('');
    code.append(rest);
    pre.append(code);
    decorateCodeBlock(pre, language, false);
    this.openBlock.replaceChildren(pre);
    this.openCode = { pre, code, pieces: highlights(language) ? new CodePieces(language) : undefined, rest, rendered: 0 };
    return this.openCode;
  }

  /**
   * The open code block, closed: the elements already on screen, their highlighting finished,
   * when they are what rendering the block makes; else the block as rendered, highlighted now.
   */
  private closedCode(html: string, open: OpenCode): DocumentFragment {
    const fragment = renderHtml(html, false);
    const pre = fragment.querySelector('pre');
    const code = pre?.querySelector(':scope > code');
    const same = fragment.childElementCount === 1 && pre?.dataset['language'] === open.pre.dataset['language'] && code?.className === open.code.className;
    const text = code?.textContent ?? '';
    const rest = open.pieces ? open.pieces.finish(text) : open.code.textContent === text ? '' : undefined;
    if (!same || rest === undefined) {
      for (const block of Array.from(fragment.querySelectorAll('pre'))) highlightCodeBlock(block);
      return fragment;
    }
    open.rest.remove();
    if (open.pieces) open.code.append(highlightedFragment(rest));
    open.code.normalize();
    pre?.replaceWith(open.pre);
    return fragment;
  }
}
