/**
 * `npm run bench:tokens`: how far the token estimate is from a real tokenizer (OpenAI's o200k_base,
 * through js-tiktoken), per language, on text nobody here wrote (see tokenCorpora.ts): the total of
 * each language's samples, and how far single samples stray (median and 90th percentile), on the
 * training split and on the held-out test split, which was never tuned on. `--fit` searches the
 * widths that fit the training split best and prints them, without looking at the test split.
 */
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { O200K_WIDTHS, RUN_KINDS, TokenTally, estimateTextTokens, forEachRun, type RunKind, type RunKindName, type TokenWidths } from '../src/base/core/tokenEstimate';
import { percentile } from './frames';
import { LANGUAGES, loadCorpora, type Language, type Sample, type Split } from './tokenCorpora';

interface Counted extends Sample {
  readonly tokens: number;
}

const percent = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

function report(samples: readonly Counted[], estimate: (text: string) => number): { worst: number } {
  console.log('| language | split | samples | tokens (o200k_base) | estimated | total off | sample off, median | sample off, 90th pct |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  let worst = 0;
  for (const split of ['train', 'test'] as Split[]) {
    for (const language of LANGUAGES) {
      const set = samples.filter((s) => s.language === language && s.split === split);
      if (set.length === 0) continue;
      let real = 0;
      let guessed = 0;
      const offs: number[] = [];
      for (const s of set) {
        const e = estimate(s.text);
        real += s.tokens;
        guessed += e;
        offs.push(Math.abs(e / s.tokens - 1));
      }
      const off = guessed / real - 1;
      if (split === 'test') worst = Math.max(worst, Math.abs(off));
      console.log(`| ${language} | ${split} | ${set.length} | ${real} | ${guessed} | ${percent(off)} | ${(percentile(offs, 0.5) * 100).toFixed(1)}% | ${(percentile(offs, 0.9) * 100).toFixed(1)}% |`);
    }
  }
  return { worst };
}

/** Each sample's runs in order, so that trying widths costs no second pass over the text. */
type Runs = Array<readonly [RunKind, number]>;

function runsOf(text: string, accent: number): Runs {
  const runs: Runs = [];
  forEachRun(text, accent, { add: (kind, length) => void runs.push([kind, length]) });
  return runs;
}

function estimateRuns(runs: Runs, widths: TokenWidths): number {
  const tally = new TokenTally(widths);
  for (const [kind, length] of runs) tally.add(kind, length);
  return tally.total();
}

/** Coordinate search over the widths, for the least squared log-error of each language's total on the training split. */
function fit(samples: readonly Counted[]): TokenWidths {
  const train = samples.filter((s) => s.split === 'train');
  const accents = [1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8];
  const byAccent = new Map(accents.map((a) => [a, train.map((s) => ({ language: s.language, tokens: s.tokens, runs: runsOf(s.text, a) }))]));
  const loss = (widths: TokenWidths): number => {
    const totals = new Map<Language, { real: number; guessed: number }>();
    for (const s of byAccent.get(widths.accent)!) {
      const t = totals.get(s.language) ?? { real: 0, guessed: 0 };
      t.real += s.tokens;
      t.guessed += estimateRuns(s.runs, widths);
      totals.set(s.language, t);
    }
    let sum = 0;
    for (const { real, guessed } of totals.values()) sum += Math.log(guessed / real) ** 2;
    return sum;
  };
  let best: TokenWidths = { ...O200K_WIDTHS };
  let bestLoss = loss(best);
  // Digits are cut in threes by the tokenizer itself: that width is not a guess to fit.
  const kinds = RUN_KINDS.filter((k): k is Exclude<RunKindName, 'spaces' | 'lineBreaks' | 'digits'> => k !== 'spaces' && k !== 'lineBreaks' && k !== 'digits');
  for (let round = 0; round < 4; round++) {
    for (const accent of accents) {
      const tried = { ...best, accent };
      const l = loss(tried);
      if (l < bestLoss) [best, bestLoss] = [tried, l];
    }
    for (const kind of kinds) {
      for (let step = 0; step < 100; step++) {
        const width = 0.5 + step * 0.1;
        const tried = { ...best, [kind]: Math.round(width * 10) / 10 };
        const l = loss(tried);
        if (l < bestLoss) [best, bestLoss] = [tried, l];
      }
    }
  }
  console.log(`Fitted on the training split (loss ${bestLoss.toFixed(5)}):`, JSON.stringify(best));
  return best;
}

function main(): void {
  const started = performance.now();
  const encoder = new Tiktoken(o200k);
  const samples: Counted[] = loadCorpora(process.cwd()).map((s) => ({ ...s, tokens: encoder.encode(s.text).length }));
  console.log(`Token estimate against o200k_base: ${samples.length} samples of about 2,000 characters (${((performance.now() - started) / 1000).toFixed(0)} s to count them)`);
  if (samples.length === 0) {
    console.log('No corpora found on this machine (see bench/tokenCorpora.ts).');
    process.exitCode = 1;
    return;
  }
  const widths = process.argv.includes('--fit') ? fit(samples) : O200K_WIDTHS;
  console.log('');
  const { worst } = report(samples, (text) => estimateTextTokens(text, widths));
  const big = samples.map((s) => s.text).join('\n').slice(0, 100_000);
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) estimateTextTokens(big);
  console.log('');
  console.log(`Worst language total on the held-out split: ${percent(worst)} off. Estimating 100 KB takes ${((performance.now() - t0) / 20).toFixed(2)} ms.`);
}

main();
