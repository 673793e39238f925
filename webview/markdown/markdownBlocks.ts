/**
 * A streamed answer as the blocks it will have once it is whole. marked's own lexer reads the part
 * not settled yet; a top-level block is settled once nothing that can still arrive could change it,
 * so its HTML is made once. What settles a block: the first line of a later block is complete (a
 * later line cannot join it then), or it is a fenced code block whose closing fence line is. Blocks
 * that open an HTML element and leave it open (`<details>` around markdown) stay together until it
 * closes, so the element holds what it held when rendered whole. A reference definition that
 * settles after links used it renders those blocks again. An open top-level fenced code block is
 * not lexed again for each new line: its lines are handed out as plain text until it closes.
 *
 * Pure: HTML strings out, no DOM. Sanitising is the caller's.
 */
import { Lexer, Marked, type Links, type Token, type Tokens } from 'marked';
import { LENGTH_LIMIT_NOTICE, MAX_FORMATTED, NESTING_LIMIT_NOTICE, inlineAsText, plainPieceEnd, plainTextHtml, structureEnd, tooDeepLine } from './renderLimits';

/** A task list item's box, for answers and prompts alike. */
export function taskBox({ checked }: { readonly checked: boolean }): string {
  return `<span class="task-box" role="checkbox" aria-checked="${checked ? 'true' : 'false'}" aria-readonly="true"></span> `;
}

/**
 * The one configuration answers are rendered with, streamed or whole. A task list's box is not an
 * <input> (the sanitiser lets no form control through) but a read-only checkbox as screen readers
 * announce it, drawn by the stylesheet.
 */
export const answerMarked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: { checkbox: taskBox },
});

/** Past this size, the open part is lexed again only once it has grown by a quarter, and what came meanwhile shows as text. */
const LARGE_OPEN = 16 * 1024;

/** A group of blocks held together by an open HTML element is settled anyway past this size, so a never-closed tag cannot make every frame render the rest of the answer. */
const GROUP_LIMIT = 32 * 1024;

export interface SettledBlock {
  readonly id: number;
  readonly html: string;
}

export interface BlocksUpdate {
  /** Blocks settled by this step, in order; each follows the ones before it. */
  readonly settled: readonly SettledBlock[];
  /** Blocks settled earlier whose HTML changed: a reference definition they use has settled. */
  readonly changed: readonly SettledBlock[];
}

/**
 * What is still open: markdown rendered provisionally (and, when the open part is large, the text
 * that came after it was last rendered), the code so far of an open fence, or plain text past the
 * nesting limit.
 */
export type OpenPart =
  | { readonly kind: 'markdown'; readonly html: string; readonly after: string }
  | { readonly kind: 'code'; readonly language: string; readonly code: string }
  | { readonly kind: 'plain'; readonly text: string };

interface OpenFence {
  /** The fence's characters, e.g. "````": a closing fence has at least as many of the same. */
  readonly marker: string;
  readonly language: string;
  /** Where the code starts: the line after the opening fence. */
  readonly codeStart: number;
  /** Where the first line not yet looked at starts. */
  scanned: number;
}

interface Group {
  readonly html: string;
  readonly source: string;
  /** How many top-level tokens it holds. */
  readonly tokens: number;
}

interface Kept {
  readonly id: number;
  /** The block's markdown, kept only when it may use a reference (it has a "["). */
  readonly source: string | undefined;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([A-Za-z][\w-]*)((?:[\s/][^<>]*)?)>/g;
const OPENING_FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** How many elements this HTML opens and leaves open, given how many were open before it. */
function openElements(html: string, before: number): number {
  let depth = before;
  for (const [, closing, name, rest] of html.matchAll(TAG)) {
    if (closing) depth = Math.max(0, depth - 1);
    else if (!VOID_ELEMENTS.has((name ?? '').toLowerCase()) && !(rest ?? '').endsWith('/')) depth += 1;
  }
  return depth;
}

/** Whether a complete line that is not blank starts at or after `from`. */
function completeLineFrom(text: string, from: number): boolean {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  return i < text.length && text.indexOf('\n', i) !== -1;
}

/** Text folded as marked folds a label before comparing it: case folded both ways, runs of white space as one space. */
function foldLabel(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase().replace(/\s+/g, ' ');
}

function isClosingFence(line: string, marker: string): boolean {
  const trimmed = line.trim();
  const indent = line.length - line.trimStart().length;
  if (indent > 3 || trimmed.length < marker.length) return false;
  for (const ch of trimmed) if (ch !== marker[0]) return false;
  return true;
}

/** A fenced code token whose closing fence has arrived (marked ends an unclosed one at the end of the text). */
function closedFence(token: Token): boolean {
  if (token.type !== 'code' || token['codeBlockStyle'] === 'indented') return false;
  const marker = OPENING_FENCE.exec(token.raw)?.[1];
  const lastBreak = token.raw.trimEnd().lastIndexOf('\n');
  return marker !== undefined && lastBreak !== -1 && isClosingFence(token.raw.slice(lastBreak + 1), marker);
}

const NOTHING: BlocksUpdate = { settled: [], changed: [] };

export class MarkdownBlocks {
  private source = '';
  /** A "\r" at the end of a piece: whether it starts "\r\n" is known only with the next piece. */
  private carriageReturn = false;
  /** Everything before this offset is in settled blocks (0 but while a step runs: settled text is let go). */
  private settledTo = 0;
  /** How much settled text was let go. */
  private forgotten = 0;
  private readonly kept: Kept[] = [];
  /** The reference definitions in settled blocks. */
  private readonly links: Links = Object.create(null) as Links;
  private nextId = 0;
  private fence: OpenFence | undefined;
  /** The open part as last rendered, and how far the text went then. */
  private openHtml = '';
  private lexedTo = 0;
  /** Lines before this offset were checked for nesting. */
  private depthChecked = 0;
  /** Set once a line nests too deep: from there on the answer is plain text. */
  private plain = false;

  /** Adds streamed text; says which blocks it settled or changed. */
  push(text: string): BlocksUpdate {
    this.source += this.normalise(text);
    if (this.fence && !this.fenceClosedBy()) return NOTHING;
    this.fence = undefined;
    const open = this.lexedTo - this.settledTo;
    if (!this.plain && open > LARGE_OPEN && this.source.length - this.settledTo < open * 1.25) return NOTHING;
    return this.step(false);
  }

  /** The stream ended, with this last text: everything open is settled now. */
  finish(text = ''): BlocksUpdate {
    this.source += this.normalise(text);
    if (this.carriageReturn) this.source += '\n';
    this.carriageReturn = false;
    this.fence = undefined;
    return this.step(true);
  }

  /** What is not settled yet, for a provisional rendering; undefined when nothing is open. */
  get open(): OpenPart | undefined {
    if (this.fence) return { kind: 'code', language: this.fence.language, code: this.source.slice(this.fence.codeStart) };
    if (this.plain) return this.settledTo < this.source.length ? { kind: 'plain', text: this.source.slice(this.settledTo) } : undefined;
    const after = this.source.slice(this.lexedTo);
    return this.openHtml || after ? { kind: 'markdown', html: this.openHtml, after } : undefined;
  }

  private normalise(text: string): string {
    let piece = this.carriageReturn ? `\r${text}` : text;
    this.carriageReturn = piece.endsWith('\r');
    if (this.carriageReturn) piece = piece.slice(0, -1);
    return piece.replace(/\r\n?/g, '\n');
  }

  /** While a fence is open: looks at the lines that arrived for the one that closes it. */
  private fenceClosedBy(): boolean {
    const fence = this.fence;
    if (!fence) return true;
    for (let end = this.source.indexOf('\n', fence.scanned); end !== -1; end = this.source.indexOf('\n', fence.scanned)) {
      const line = this.source.slice(fence.scanned, end);
      fence.scanned = end + 1;
      if (isClosingFence(line, fence.marker)) return true;
    }
    return false;
  }

  /** What marked's `lex` does, with the definitions settled so far known, and overlong inline runs tamed. */
  private lex(markdown: string): Token[] {
    const lexer = new Lexer(answerMarked.defaults);
    Object.assign(lexer.tokens.links, this.links);
    const tokens = lexer.blockTokens(markdown, lexer.tokens);
    for (const run of lexer.inlineQueue) {
      const asText = inlineAsText(run.src);
      if (asText) {
        run.tokens.push(...asText);
        continue;
      }
      lexer.state.inRawBlock = false;
      lexer.inlineTokens(run.src, run.tokens);
    }
    lexer.inlineQueue = [];
    return tokens;
  }

  private step(final: boolean): BlocksUpdate {
    const update = this.plain ? this.stepPlain(final) : this.stepBlocks(final);
    this.forgetSettled();
    return update;
  }

  /**
   * Lets go of the settled text, counting offsets from the first character not settled: the text
   * kept is the open part only, so that adding to it never copies a long answer again.
   */
  private forgetSettled(): void {
    const by = this.settledTo;
    if (by === 0) return;
    this.source = this.source.slice(by);
    this.forgotten += by;
    this.settledTo = 0;
    this.lexedTo -= by;
    this.depthChecked = Math.max(0, this.depthChecked - by);
    if (this.fence) this.fence = { ...this.fence, codeStart: this.fence.codeStart - by, scanned: this.fence.scanned - by };
  }

  private stepBlocks(final: boolean): BlocksUpdate {
    const deep = tooDeepLine(this.source, Math.max(this.depthChecked, this.settledTo));
    this.depthChecked = this.source.lastIndexOf('\n') + 1;
    return deep === -1 ? this.stepMarkdown(this.source.slice(this.settledTo), final) : this.plainFrom(deep, NESTING_LIMIT_NOTICE, final);
  }

  /** What comes before `offset` is rendered as it is; from there on, plain text after the notice. */
  private plainFrom(offset: number, notice: string, final: boolean): BlocksUpdate {
    const before = this.stepMarkdown(this.source.slice(this.settledTo, offset), true);
    this.plain = true;
    const said = this.keep('', notice);
    const rest = this.stepPlain(final);
    return { settled: [...before.settled, said, ...rest.settled], changed: before.changed };
  }

  private stepPlain(final: boolean): BlocksUpdate {
    const settled: SettledBlock[] = [];
    for (let end = plainPieceEnd(this.source, this.settledTo, final); end !== undefined; end = plainPieceEnd(this.source, this.settledTo, final)) {
      settled.push(this.keep('', plainTextHtml(this.source.slice(this.settledTo, end))));
      this.settledTo = end;
    }
    return settled.length > 0 ? { settled, changed: [] } : NOTHING;
  }

  /** Lexes `tail`, the text from the first offset not settled, and settles what it can. */
  private stepMarkdown(tail: string, final: boolean): BlocksUpdate {
    const tokens = this.lex(tail);
    const ends: number[] = [];
    let offset = 0;
    for (const token of tokens) ends.push((offset += token.raw.length));
    for (const [i, token] of tokens.entries()) {
      const start = this.settledTo + (ends[i - 1] ?? 0);
      if (token.type !== 'space' && this.forgotten + start >= MAX_FORMATTED) return this.plainFrom(start, LENGTH_LIMIT_NOTICE, final);
      const stop = structureEnd(token);
      if (stop) return this.plainFrom(start + stop.at, stop.notice, final);
    }
    let groups = this.groups(tokens, final ? tokens.length : this.settleable(tokens, ends, tail), final);
    const count = groups.reduce((sum, g) => sum + g.tokens, 0);
    const settledLength = count > 0 ? (ends[count - 1] ?? 0) : 0;
    const open = tokens.slice(count);
    // A settled block must not use a definition still open (it may yet change): render the
    // settled text without it. Rare: only while a definition is being written.
    if (this.definitions(open).some((def) => !(def.tag in this.links))) {
      groups = this.groups(this.lex(tail.slice(0, settledLength)), Infinity, true);
    }
    const newLabels: string[] = [];
    for (const def of this.definitions(tokens.slice(0, count))) {
      if (def.tag in this.links) continue;
      this.links[def.tag] = { href: def.href, title: def.title };
      newLabels.push(def.tag);
    }
    const earlier = this.kept.length;
    const settled = groups.filter((g) => g.html.trim()).map((g) => this.keep(g.source, g.html));
    const changed = newLabels.length > 0 ? this.renderAgain(newLabels, earlier) : [];
    this.settledTo += settledLength;
    this.lexedTo = this.settledTo + tail.length - settledLength;
    this.openHtml = final ? '' : answerMarked.parser(open);
    if (!final) this.watchOpenFence(open);
    return { settled, changed };
  }

  /** How many of the tokens nothing still to come can change, as far as what follows them goes. */
  private settleable(tokens: readonly Token[], ends: readonly number[], tail: string): number {
    for (let i = tokens.length - 1; i >= 0; i--) {
      const token = tokens[i];
      const end = ends[i] ?? 0;
      if (token && closedFence(token) && (token.raw.endsWith('\n') || tail[end] === '\n')) return i + 1;
      if (i < tokens.length - 1 && completeLineFrom(tail, end)) return i + 1;
    }
    return 0;
  }

  /**
   * The first `count` tokens as settled blocks, one per token but where an HTML element left open
   * holds the following ones with it; a group still open at `count` is left for later, unless final.
   */
  private groups(tokens: readonly Token[], count: number, final: boolean): Group[] {
    const groups: Group[] = [];
    let group: Group | undefined;
    let depth = 0;
    for (const token of tokens.slice(0, count)) {
      const html = answerMarked.parser([token]);
      group = group ? { html: group.html + html, source: group.source + token.raw, tokens: group.tokens + 1 } : { html, source: token.raw, tokens: 1 };
      depth = openElements(html, depth);
      if (depth > 0 && group.source.length < GROUP_LIMIT) continue;
      groups.push(group);
      group = undefined;
      depth = 0;
    }
    if (group && final) groups.push(group);
    return groups;
  }

  /** The reference definitions among the tokens, at any depth, in order. */
  private definitions(tokens: readonly Token[]): Tokens.Def[] {
    const found: Tokens.Def[] = [];
    void answerMarked.walkTokens(tokens as Token[], (t) => {
      if (t.type === 'def') found.push(t as Tokens.Def);
    });
    return found;
  }

  private keep(source: string, html: string): SettledBlock {
    const block = { id: this.nextId++, html };
    this.kept.push({ id: block.id, source: source.includes('[') ? source : undefined });
    return block;
  }

  /** The settled blocks, before the first of `before`, that may use one of these labels, rendered with them. */
  private renderAgain(labels: readonly string[], before: number): SettledBlock[] {
    const changed: SettledBlock[] = [];
    for (const kept of this.kept.slice(0, before)) {
      if (kept.source === undefined) continue;
      const text = foldLabel(kept.source);
      if (labels.some((label) => text.includes(label))) changed.push({ id: kept.id, html: answerMarked.parser(this.lex(kept.source)) });
    }
    return changed;
  }

  /** An open fenced code block is all that is open: its new lines need no lexing until it closes. */
  private watchOpenFence(tokens: readonly Token[]): void {
    const open = tokens.filter((t) => t.type !== 'space');
    const only = open[0];
    if (open.length !== 1 || !only || only.type !== 'code' || only['codeBlockStyle'] === 'indented' || closedFence(only)) return;
    const marker = OPENING_FENCE.exec(only.raw)?.[1];
    const fenceStart = this.lexedTo - tokens.slice(tokens.indexOf(only)).reduce((sum, t) => sum + t.raw.length, 0);
    const fenceLineEnd = this.source.indexOf('\n', fenceStart);
    if (!marker || fenceLineEnd === -1) return;
    const lastLine = this.source.lastIndexOf('\n') + 1;
    this.fence = { marker, language: (only['lang'] as string | undefined)?.split(/\s/)[0] ?? '', codeStart: fenceLineEnd + 1, scanned: Math.max(lastLine, fenceLineEnd + 1) };
  }
}
