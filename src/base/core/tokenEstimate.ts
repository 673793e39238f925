/**
 * How many tokens a text is, without a tokenizer: the text is cut into runs of one kind of
 * character, as the tokenizers of current models cut it before merging (a word of one script, a
 * number, punctuation, white space), and each run counts by how much of it one token holds in that
 * script. The widths were fitted to OpenAI's o200k_base tokenizer on the training half of
 * `npm run bench:tokens`' corpora (translators' text in Korean, Chinese, Japanese, French, Russian,
 * Greek and Arabic, English prose and source code) and are checked on the other half, which was
 * never tuned on.
 */

/** The kinds of run a text is cut into; a run's kind is its index here (numbers keep the loop fast). */
export const RUN_KINDS = ['latin', 'cyrillic', 'greek', 'han', 'kana', 'hangul', 'otherLetters', 'digits', 'symbols', 'spaces', 'lineBreaks'] as const;
export type RunKindName = (typeof RUN_KINDS)[number];
/** An index into RUN_KINDS. */
export type RunKind = number;

const LATIN = 0;
const CYRILLIC = 1;
const GREEK = 2;
const HAN = 3;
const KANA = 4;
const HANGUL = 5;
const OTHER_LETTERS = 6;
const DIGITS = 7;
const SYMBOLS = 8;
const SPACES = 9;
const LINE_BREAKS = 10;

/** Characters a token holds, per kind of run; a run of letters is at least one token. */
export type TokenWidths = Readonly<Record<Exclude<RunKindName, 'spaces' | 'lineBreaks'>, number>> & {
  /** What an accented Latin letter weighs against a plain one (accents split words apart). */
  readonly accent: number;
};

export const O200K_WIDTHS: TokenWidths = {
  latin: 5.9,
  accent: 8,
  cyrillic: 3.5,
  greek: 2.4,
  han: 1.2,
  kana: 1.3,
  hangul: 1.3,
  otherLetters: 2.6,
  // The tokenizer cuts numbers into threes.
  digits: 3,
  symbols: 10.3,
};

function kindOf(code: number): RunKind {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return LATIN;
  if (code >= 0x30 && code <= 0x39) return DIGITS;
  if (code === 0x20 || code === 0x09) return SPACES;
  if (code === 0x0a || code === 0x0d) return LINE_BREAKS;
  if (code < 0xc0) return SYMBOLS;
  if ((code <= 0x24f && code !== 0xd7 && code !== 0xf7) || (code >= 0x1e00 && code <= 0x1eff)) return LATIN;
  if (code >= 0x0370 && code <= 0x03ff) return GREEK;
  if (code >= 0x0400 && code <= 0x052f) return CYRILLIC;
  if ((code >= 0xac00 && code <= 0xd7af) || (code >= 0x1100 && code <= 0x11ff) || (code >= 0x3130 && code <= 0x318f)) return HANGUL;
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x31f0 && code <= 0x31ff) || (code >= 0xff66 && code <= 0xff9f)) return KANA;
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0x20000 && code <= 0x2ffff)) return HAN;
  // Arabic, Hebrew, Devanagari, Thai and the other alphabets and abugidas.
  if ((code >= 0x0590 && code <= 0x08ff) || (code >= 0x0900 && code <= 0x0dff) || (code >= 0x0e00 && code <= 0x0eff)) return OTHER_LETTERS;
  return SYMBOLS;
}

/** What takes a text's runs, one by one. */
export interface RunSink {
  add(kind: RunKind, length: number): void;
}

/** The kinds of ASCII characters, looked up rather than worked out: most text is mostly ASCII. */
const ASCII_KINDS = Uint8Array.from({ length: 0x80 }, (_, code) => kindOf(code));

/**
 * Each run of the text, as its kind and its length in characters (an accented Latin letter counts
 * `accent` times): what an estimate is made of, handed to `sink` run by run.
 */
export function forEachRun(text: string, accent: number, sink: RunSink): void {
  let kind = -1;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      code = text.codePointAt(i)!;
      i += 1;
    }
    const next = code < 0x80 ? ASCII_KINDS[code]! : kindOf(code);
    if (next !== kind) {
      if (kind >= 0) sink.add(kind, length);
      kind = next;
      length = 0;
    }
    length += next === LATIN && code >= 0xc0 ? accent : 1;
  }
  if (kind >= 0) sink.add(kind, length);
}

/**
 * Tokens counted run by run: a run of letters is at least one token, and holds `widths[kind]`
 * characters a token; one symbol right before a word joins it (".map", "(value"), one space too, as
 * the tokenizer cuts them; indentation and each line break are a token.
 */
export class TokenTally implements RunSink {
  private tokens = 0;
  /** Whether the last run was one symbol, which a word after it joins. */
  private lastWasOneSymbol = false;
  private readonly perKind: Float64Array;

  constructor(widths: TokenWidths = O200K_WIDTHS) {
    this.perKind = Float64Array.from(RUN_KINDS, (name) => (name === 'spaces' || name === 'lineBreaks' ? 1 : widths[name]));
  }

  /** What a run adds after the runs so far. */
  private costOf(kind: RunKind, length: number): number {
    if (kind === SPACES) return length > 1 ? 1 : 0;
    if (kind === LINE_BREAKS) return 1;
    const own = Math.max(1, length / this.perKind[kind]!);
    // The symbol before was counted as a token of its own: the word takes its place.
    const joined = this.lastWasOneSymbol && kind !== SYMBOLS && kind !== DIGITS;
    return joined ? own - 1 : own;
  }

  add(kind: RunKind, length: number): void {
    this.tokens += this.costOf(kind, length);
    this.lastWasOneSymbol = kind === SYMBOLS && length === 1;
  }

  /** The tokens so far, with a last run that may still grow (a stream's open word) counted as it is. */
  total(open?: { readonly kind: RunKind; readonly length: number }): number {
    return Math.ceil(this.tokens + (open ? this.costOf(open.kind, open.length) : 0));
  }
}

/**
 * The estimate of a text that arrives in pieces (a streamed answer): a word cut between two pieces
 * counts once, as it would in the whole text.
 */
export class StreamingTokenCount implements RunSink {
  private readonly tally: TokenTally;
  private open: { kind: RunKind; length: number } | undefined;

  constructor(private readonly widths: TokenWidths = O200K_WIDTHS) {
    this.tally = new TokenTally(widths);
  }

  push(text: string): void {
    forEachRun(text, this.widths.accent, this);
  }

  /** A run of the latest piece: one of the same kind as the open run goes on with it. */
  add(kind: RunKind, length: number): void {
    if (this.open?.kind === kind) {
      this.open.length += length;
      return;
    }
    if (this.open) this.tally.add(this.open.kind, this.open.length);
    this.open = { kind, length };
  }

  get tokens(): number {
    return this.tally.total(this.open);
  }
}

/** Tokens of a text, estimated with the widths of a tokenizer (o200k_base's unless told). */
export function estimateTextTokens(text: string, widths: TokenWidths = O200K_WIDTHS): number {
  const tally = new TokenTally(widths);
  forEachRun(text, widths.accent, tally);
  return tally.total();
}
