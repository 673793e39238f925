/**
 * Answers made to hang a markdown renderer, in the chat webview in Debian's Chromium: a 30 MB
 * answer, a 1 MB line, 1,000 indented lists and quotes, the inputs known to make markdown renderers
 * take time growing with the square of their length, and a 5,000-row table. Each is streamed as a
 * gateway that sends as fast as it can would (a delta every 32 ms, the whole answer in about 150),
 * and opened again from history. Per case: the longest main-thread task, the tasks over 50 ms, how
 * long until the answer's last line is on screen, whether a notice says where structure stopped,
 * and whether the last line is there at all.
 *
 * Run: npm run bench:hostile
 * Target: no task over 100 ms; the last line always shown.
 */
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../scripts/browser';
import { buildForBench, pageSnapshot, serveWebview } from '../scripts/webviewPage';
import type { Message } from '../src/protocol';
import { markdownAnswer } from './answers';
import { measureFrames, type Figures } from './frames';
import { DELTA_CHARS, FLUSH_MS, STREAM_DRIVER, openPanelPage, reopenInPage, streamInPage } from './streamDriver';

/** The most deltas one answer is sent in: a fast gateway's deltas grow with the answer, from what 3,000 tokens/s writes in a flush. */
const DELTAS = 150;
const MARKER = 'Last line of the answer.';

interface Case {
  readonly name: string;
  readonly text: string;
  /** The last line is inside an HTML comment the answer opened, so CommonMark shows nothing of it. */
  readonly hidden?: true;
}

const repeat = (piece: string, bytes: number): string => piece.repeat(Math.ceil(bytes / piece.length));

function cases(): Case[] {
  const nestedLists = Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- level ${i + 1}`).join('\n');
  const backticks = Array.from({ length: 1_000 }, (_, i) => `e${'`'.repeat(i + 1)}`).join('');
  const table = ['| id | name | value | note |', '|---|---|--:|---|', ...Array.from({ length: 5_000 }, (_, i) => `| ${i} | item \`${i}\` | ${i * 3} | a \\| b |`)].join('\n');
  const list: Case[] = [
    { name: `${process.env['HOSTILE_MB'] ?? 30} MB of markdown`, text: markdownAnswer(Number(process.env['HOSTILE_MB'] ?? 30) * 1_000_000) },
    { name: '1 MB line of words', text: repeat('lorem ipsum dolor sit amet ', 1_000_000) },
    { name: '1 MB line of marks', text: repeat('a *b* `c` [d](e) ', 1_000_000) },
    { name: '10,000 nested lists', text: `${'- '.repeat(10_000)}deep` },
    { name: '1,000 indented lists', text: nestedLists },
    { name: '10,000 nested quotes', text: `${'>'.repeat(10_000)} deep` },
    { name: '1,000 quote lines', text: Array.from({ length: 1_000 }, (_, i) => `${'> '.repeat(i + 1)}line`).join('\n') },
    { name: 'nested emphasis', text: `${'*a **a '.repeat(20_000)}b${' a** a*'.repeat(20_000)}` },
    { name: 'emphasis closers', text: repeat('a_ ', 150_000) },
    { name: 'emphasis openers', text: repeat('_a ', 150_000) },
    { name: 'link closers', text: repeat('a]', 150_000) },
    { name: 'link openers', text: repeat('[a', 150_000) },
    { name: 'mismatched marks', text: repeat('*a_ ', 150_000) },
    { name: 'marks by threes', text: `a**b${repeat('c* ', 150_000)}` },
    { name: 'links and emphasis', text: repeat('[ a_', 150_000) },
    { name: '[ (](', text: repeat('[ (](', 150_000) },
    { name: 'nested brackets', text: `${'['.repeat(50_000)}a${']'.repeat(50_000)}` },
    { name: 'backtick runs', text: backticks },
    { name: 'unclosed links <', text: repeat('[a](<b', 150_000) },
    { name: 'unclosed links', text: repeat('[a](b', 150_000) },
    { name: 'unclosed comment', text: `<!--${repeat('a ', 150_000)}`, hidden: true },
    { name: 'open tags', text: repeat('<a ', 150_000) },
    { name: 'many blank lines', text: repeat('a\n\n', 300_000) },
    { name: '5,000-row table', text: table },
  ];
  return list.map((c) => ({ ...c, text: `${c.text}\n\n${MARKER}\n` }));
}

interface Outcome {
  readonly figures: Figures;
  /** From the first message posted to the marker on screen. */
  readonly shownMs: number;
  readonly notice: boolean;
  readonly shown: boolean;
}

/**
 * Waits until the answer is done and nothing is left to render in it, then says whether the
 * marker is on screen, looking only at the answer's last box (reading all of a 30 MB answer's text
 * would cost a frame itself).
 */
async function lastLineShown(page: Page): Promise<boolean> {
  await page.waitForFunction(() => document.querySelector('[data-testid=message][data-role=assistant][data-status=done] .markdown:not([aria-busy=true])') !== null, undefined, { polling: 'raf', timeout: 300_000 });
  return page.evaluate((marker) => document.querySelector('[data-testid=message][data-role=assistant] .markdown')?.lastElementChild?.textContent?.includes(marker) === true, MARKER);
}

/** Opens the panel, posts what the host would (staged by `prepare`) and measures until the last line is on screen. */
async function measure(url: string, prepare: (page: Page) => Promise<() => Promise<void>>): Promise<Outcome> {
  const browser = await launchBrowser();
  try {
    const page = await openPanelPage(browser.context, url);
    const post = await prepare(page);
    const started = Date.now();
    let shown = false;
    const figures = await measureFrames(page, async () => {
      await post();
      shown = await lastLineShown(page);
    });
    const shownMs = Date.now() - started;
    const notice = (await page.locator('[data-testid=message][data-role=assistant] .render-limit').count()) > 0;
    return { figures, shownMs, notice, shown };
  } finally {
    await browser.close();
  }
}

function streamed(url: string, text: string): Promise<Outcome> {
  const chunk = Math.max(DELTA_CHARS, Math.ceil(text.length / DELTAS));
  return measure(url, (page) => streamInPage(page, text, chunk, FLUSH_MS, false, pageSnapshot('c1')));
}

function reopened(url: string, text: string): Promise<Outcome> {
  const messages: Message[] = [
    { id: 'u1', role: 'user', text: 'Answer', status: 'done' },
    { id: 'a1', role: 'assistant', text, status: 'done' },
  ];
  return measure(url, (page) => reopenInPage(page, pageSnapshot('c1', messages)));
}

function describe({ figures, shownMs, notice, shown }: Outcome, hidden: boolean): string {
  const when = shown ? `${(shownMs / 1000).toFixed(1)} s` : hidden ? 'in a comment, as CommonMark says' : 'never';
  return `${figures.longestTaskMs.toFixed(0)} ms | ${figures.longTasks} | ${when} | ${notice ? 'yes' : 'no'}`;
}

async function main(): Promise<void> {
  buildForBench();
  const server = await serveWebview(STREAM_DRIVER);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const only = process.env['HOSTILE_CASE'];
  try {
    console.log(`Hostile answers streamed (a delta every ${FLUSH_MS} ms, the answer in at most ${DELTAS}) and opened from history, in the chat webview, Chromium headless`);
    console.log('');
    console.log('| answer | size | streamed: longest task | tasks > 50 ms | last line shown after | notice | reopened: longest task | tasks > 50 ms | last line shown after | notice |');
    console.log('|---|---:|---:|---:|---:|---|---:|---:|---:|---|');
    let worst = 0;
    for (const { name, text, hidden } of cases().filter((c) => !only || c.name.includes(only))) {
      const live = await streamed(url, text);
      const saved = await reopened(url, text);
      worst = Math.max(worst, live.figures.longestTaskMs, saved.figures.longestTaskMs);
      console.log(`| ${name} | ${(text.length / 1000).toFixed(0)} KB | ${describe(live, hidden === true)} | ${describe(saved, hidden === true)} |`);
    }
    console.log('');
    console.log(`Longest task of all: ${worst.toFixed(0)} ms (target <= 100 ms).`);
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
