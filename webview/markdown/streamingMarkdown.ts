/**
 * Renders an answer while it streams, keeping the work linear in its length: `MarkdownBlocks`
 * says which blocks settled, each rendered once and appended; only the open part is rendered
 * again, and an open code block is not even that: its new lines are highlighted piece by piece
 * (`CodePieces`), and the block on screen is kept when it closes. The finished answer is the DOM
 * rendering it whole gives.
 */
import { CodePieces } from './codeHighlight';
import { highlights } from './highlight';
import { MarkdownBlocks, type BlocksUpdate } from './markdownBlocks';
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

/** Run through the renderer in idle time once the panel opens, so the first answer's frames do not pay for compiling it. */
const WARM_UP = '# Steps\n\nText with *emphasis*, `code` and a [link](https://example.com).\n\n1. one\n   - [x] two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n```js\nlet a = 1;\n```\n\n> quote\n';

export function warmUpRendering(): void {
  requestIdleCallback(() => {
    const markdown = new StreamingMarkdown(document.createElement('div'));
    for (let at = 0; at < WARM_UP.length; at += 16) markdown.append(WARM_UP.slice(at, at + 16));
    markdown.finish();
  });
}

export class StreamingMarkdown {
  private readonly blocks = new MarkdownBlocks();
  /** Each settled block's box, by its id, for the ones a later definition renders again. */
  private readonly boxes = new Map<number, HTMLElement>();
  /** Holds the rendering of the open part, always the last child of the container. */
  private readonly openBlock = document.createElement('div');
  private openCode: OpenCode | undefined;
  private group: HTMLElement | undefined;
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
    // The first block settled after an open code block is that block, closed.
    let closing = update.settled.length > 0 ? this.openCode : undefined;
    if (update.settled.length > 0) {
      this.openCode = undefined;
      this.openMarkdown = undefined;
      this.openBlock.replaceChildren();
    }
    for (const block of update.settled) {
      const box = document.createElement('div');
      box.className = 'block';
      box.append(closing ? this.closedCode(block.html, closing) : renderHtml(block.html));
      closing = undefined;
      this.groupFor().append(box);
      this.boxes.set(block.id, box);
    }
    for (const block of update.changed) this.boxes.get(block.id)?.replaceChildren(renderHtml(block.html));
  }

  /**
   * The group the next settled block goes in: every GROUP_SIZE blocks in one box, which the browser
   * may skip laying out and painting while it is off screen (fewer boxes than blocks, since each
   * costs a visibility check every frame). Grouped by count, so streamed or whole, an answer's
   * blocks fall in the same groups.
   */
  private groupFor(): HTMLElement {
    if (!this.group || this.group.childElementCount >= GROUP_SIZE) {
      this.group = document.createElement('div');
      this.group.className = 'blocks';
      this.container.insertBefore(this.group, this.openBlock);
    }
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
