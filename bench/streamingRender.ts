/**
 * How the chat panel's webview copes with a long streamed answer, in Debian's Chromium.
 *
 * The real webview bundle and stylesheet are loaded into a page that stands in for the VS Code
 * webview frame (a stub `acquireVsCodeApi`, the theme variables). Host messages are posted inside
 * the page exactly as the host sends them: a delta every 32 ms carrying what a 3,000 tokens/s
 * model wrote meanwhile. Three answers: markdown with code blocks, tables and lists at 50 KB and
 * at 100 KB, and one 50 KB code block. Each is also streamed into a baseline in the same page that
 * only appends the text as text nodes, once a frame: the cost of the bare stream, for a ratio.
 *
 * Run: npm run bench:render
 * Targets: longest task <= 16 ms; doubling the answer costs <= 2.1x the work.
 */
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../scripts/browser';
import { FRAME_RECORDER, measureFrames, type Figures } from './frames';
import { buildForBench, pageSnapshot, serveWebview } from '../scripts/webviewPage';
import type { ChatSnapshot } from '../src/protocol';
import { codeAnswer, markdownAnswer } from './answers';

const TOKENS_PER_SECOND = 3000;
const CHARS_PER_TOKEN = 4;
const FLUSH_MS = 32;

/**
 * `__stream` posts what the host would: the snapshot given, the run start, a delta every flush, the run
 * end; with `baseline`, it appends each delta's text to a plain element at the next frame instead.
 */
const DRIVER = `${FRAME_RECORDER}
  window.__stream = (text, chunk, flushMs, baseline, snapshot) => new Promise((resolve) => {
    const post = (type, payload) => window.postMessage({ type, payload }, '*');
    const assistant = { id: 'a1', role: 'assistant', text: '', status: 'streaming' };
    const plain = document.createElement('div');
    plain.style.whiteSpace = 'pre-wrap';
    let pending = '';
    if (baseline) document.body.append(plain);
    else {
      post('snapshot', { snapshot });
      post('runStarted', { runId: 'r1', user: { id: 'u1', role: 'user', text: 'Explain', status: 'done' }, assistant });
    }
    const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
    let offset = 0;
    let seq = 0;
    const timer = setInterval(() => {
      const piece = text.slice(offset, offset + chunk);
      offset += chunk;
      seq += 1;
      if (baseline) {
        if (!pending) requestAnimationFrame(() => { plain.append(document.createTextNode(pending)); pending = ''; });
        pending += piece;
      } else {
        post('runDelta', { runId: 'r1', seq, text: piece, reasoning: '', metrics: { durationMs: 0 } });
      }
      if (offset >= text.length) {
        clearInterval(timer);
        if (!baseline) post('runEnded', { runId: 'r1', message: { ...assistant, text, status: 'done' } });
        done();
      }
    }, flushMs);
  });
`;

interface Driver {
  __stream(text: string, chunk: number, flushMs: number, baseline: boolean, snapshot: ChatSnapshot): Promise<void>;
}

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
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 720, height: 900 });
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
      // As in VS Code, the panel has been open a moment before the answer arrives.
      await page.waitForTimeout(1000);
      const chunk = Math.round((TOKENS_PER_SECOND * CHARS_PER_TOKEN * FLUSH_MS) / 1000);
      const figures = await measureFrames(page, () => page.evaluate(([text, size, every, plain, snapshot]) => (window as unknown as Driver).__stream(text, size, every, plain, snapshot), [answer, chunk, FLUSH_MS, baseline, pageSnapshot('c1')] as const));
      if (!baseline && (await page.locator('[data-testid=message][data-role=assistant] pre').count()) === 0) throw new Error('the answer did not render');
      return figures;
    } finally {
      await browser.close();
    }
  };
  return { name, bytes: Buffer.byteLength(answer), rendered: await run(false), baseline: await run(true) };
}

async function main(): Promise<void> {
  buildForBench();
  const server = await serveWebview(DRIVER);
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
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
