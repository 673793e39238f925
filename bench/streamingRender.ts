/**
 * How the chat panel's webview copes with a long streamed answer, in Debian's Chromium.
 *
 * The real webview bundle and stylesheet are loaded into a page that stands in for the VS Code
 * webview frame (a stub `acquireVsCodeApi`, the theme variables). Host messages are posted inside
 * the page exactly as the host sends them: a delta every 32 ms carrying what a 3,000 tokens/s
 * model wrote meanwhile. Three answers: markdown with code blocks, tables and lists at 50 KB and
 * at 100 KB, and one 50 KB code block. Each is also streamed into a baseline in the same page that
 * only appends the text as text nodes, once a frame: the cost of the bare stream, for a ratio.
 * Then a conversation of 200 messages (2 MB) opened from history: how soon its newest answer is
 * on screen, and how soon all of it is rendered.
 *
 * Run: npm run bench:render
 * Targets: longest task <= 16 ms; doubling the answer costs <= 2.1x the work; the newest answer
 * of a 2 MB conversation on screen within 300 ms.
 */
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../scripts/browser';
import { measureFrames, type Figures } from './frames';
import { DELTA_CHARS, FLUSH_MS, STREAM_DRIVER, TOKENS_PER_SECOND, openPanelPage, reopenInPage, streamInPage } from './streamDriver';
import type { Message } from '../src/protocol';
import { buildForBench, pageSnapshot, serveWebview } from '../scripts/webviewPage';
import { codeAnswer, markdownAnswer } from './answers';

/** Each answer of the long conversation ends with this, and its number. */
const NEWEST = 'End of answer';

interface Row {
  readonly name: string;
  readonly bytes: number;
  readonly rendered: Figures;
  readonly baseline: Figures;
}

async function measure(url: string, name: string, answer: string): Promise<Row> {
  const run = async (baseline: boolean): Promise<Figures> => {
    const browser = await launchBrowser();
    try {
      const page = await openPanelPage(browser.context, url);
      const figures = await measureFrames(page, await streamInPage(page, answer, DELTA_CHARS, FLUSH_MS, baseline, pageSnapshot('c1')));
      if (!baseline && (await page.locator('[data-testid=message][data-role=assistant] pre').count()) === 0) throw new Error('the answer did not render');
      return figures;
    } finally {
      await browser.close();
    }
  };
  return { name, bytes: Buffer.byteLength(answer), rendered: await run(false), baseline: await run(true) };
}

interface Opening {
  readonly bytes: number;
  /** From posting the snapshot to the newest answer's last line in the panel. */
  readonly newestMs: number;
  /** To every message rendered. */
  readonly allMs: number;
  readonly figures: Figures;
}

/** A conversation of `count` messages, prompts and answers of about 20 KB, opened from history. */
async function openConversation(url: string, count: number): Promise<Opening> {
  const messages: Message[] = [];
  for (let i = 0; i < count / 2; i++) {
    messages.push({ id: `u${i}`, role: 'user', text: `Question ${i}: how do I handle case ${i} in \`handle${i}\`?`, status: 'done' });
    messages.push({ id: `a${i}`, role: 'assistant', text: `${markdownAnswer(18_000 + (i % 5) * 1_000)}\n\n${NEWEST} ${i}.`, status: 'done' });
  }
  const newest = `${NEWEST} ${count / 2 - 1}.`;
  const browser = await launchBrowser();
  try {
    const page = await openPanelPage(browser.context, url);
    const post = await reopenInPage(page, pageSnapshot('c1', messages));
    let newestMs = 0;
    let allMs = 0;
    const figures = await measureFrames(page, async () => {
      const started = Date.now();
      await post();
      await page.waitForFunction((line) => document.querySelector('[data-testid=message][data-role=assistant]:last-of-type .markdown')?.lastElementChild?.textContent?.includes(line) === true, newest, { polling: 'raf' });
      newestMs = Date.now() - started;
      await page.waitForFunction(() => document.querySelector('[data-testid=messages] [aria-busy=true]') === null, undefined, { polling: 'raf', timeout: 120_000 });
      allMs = Date.now() - started;
    });
    return { bytes: messages.reduce((sum, m) => sum + Buffer.byteLength(m.text), 0), newestMs, allMs, figures };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  buildForBench();
  const server = await serveWebview(STREAM_DRIVER);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const rows = [await measure(url, 'markdown', markdownAnswer(50_000)), await measure(url, 'markdown', markdownAnswer(100_000)), await measure(url, 'one code block', codeAnswer(50_000))];
    console.log(`Streaming an answer at ${TOKENS_PER_SECOND} tokens/s (a delta every ${FLUSH_MS} ms) into the chat webview, Chromium headless; baseline: the same text appended as text nodes`);
    console.log('');
    console.log('| answer | longest task | p95 frame work | frames dropped | scripting | all main-thread work | baseline: longest task, p95 frame, dropped, main thread | work / baseline |');
    console.log('|---|---:|---:|---:|---:|---:|---|---:|');
    for (const { name, bytes, rendered: r, baseline: b } of rows) {
      const base = `${b.longestTaskMs.toFixed(1)} ms, ${b.p95FrameMs.toFixed(1)} ms, ${b.droppedFrames} of ${b.frames}, ${b.mainThreadMs.toFixed(0)} ms`;
      console.log(`| ${name}, ${(bytes / 1000).toFixed(0)} KB | ${r.longestTaskMs.toFixed(1)} ms | ${r.p95FrameMs.toFixed(1)} ms | ${r.droppedFrames} of ${r.frames} | ${r.scriptingMs.toFixed(0)} ms | ${r.mainThreadMs.toFixed(0)} ms | ${base} | ${(r.mainThreadMs / b.mainThreadMs).toFixed(2)} |`);
    }
    const [small, large] = rows;
    if (small && large) {
      console.log('');
      console.log(`Doubling the answer multiplies scripting by ${(large.rendered.scriptingMs / small.rendered.scriptingMs).toFixed(2)} and main-thread work by ${(large.rendered.mainThreadMs / small.rendered.mainThreadMs).toFixed(2)} (target <= 2.1).`);
    }
    console.log(`Longest task: ${Math.max(...rows.map((r) => r.rendered.longestTaskMs)).toFixed(1)} ms (target <= 16 ms); frames dropped: gaps over 20 ms between animation frames.`);
    const opening = await openConversation(url, 200);
    console.log('');
    console.log('Opening a conversation from history (the snapshot posted as the host posts it)');
    console.log('');
    console.log('| conversation | newest answer on screen | all rendered | longest task | p95 frame work | frames dropped |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const o = opening.figures;
    console.log(`| 200 messages, ${(opening.bytes / 1e6).toFixed(1)} MB | ${opening.newestMs} ms | ${opening.allMs} ms | ${o.longestTaskMs.toFixed(1)} ms | ${o.p95FrameMs.toFixed(1)} ms | ${o.droppedFrames} of ${o.frames} |`);
    console.log('Target: the newest answer on screen within 300 ms.');
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
