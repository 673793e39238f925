/**
 * How the chat panel's webview copes with a long streamed answer, in Debian's Chromium.
 *
 * The real webview bundle and stylesheet are loaded into a page that stands in for the VS Code
 * webview frame (a stub `acquireVsCodeApi`, the theme variables). Host messages are posted inside
 * the page exactly as the host sends them: a delta every 32 ms carrying what a 3,000 tokens/s
 * model wrote meanwhile. A markdown answer with code blocks, tables and lists is streamed at
 * 50 KB and at 100 KB; Chromium's trace gives the longest main-thread task and its metrics the
 * scripting time.
 *
 * Run: npm run bench:render      Targets: longest task < 50 ms; 2x the answer costs <= 2.3x.
 */
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../scripts/browser';
import { buildForBench, markdownAnswer, serveWebview } from './webviewPage';

const TOKENS_PER_SECOND = 3000;
const CHARS_PER_TOKEN = 4;
const FLUSH_MS = 32;

/** Posts what the host would: a snapshot, the run start, a delta every flush, the run end. */
const DRIVER = `
  window.__stream = (text, chunk, flushMs) => new Promise((resolve) => {
    const post = (type, payload) => window.postMessage({ type, payload }, '*');
    const assistant = { id: 'a1', role: 'assistant', text: '', status: 'streaming' };
    post('snapshot', { snapshot: { conversationId: 'c1', title: 'Bench', model: 'bench/model', currency: 'USD', freeModelsOnly: false, settings: {}, messages: [], columnRuns: [], compareTargets: [] } });
    post('runStarted', { runId: 'r1', user: { id: 'u1', role: 'user', text: 'Explain', status: 'done' }, assistant });
    let offset = 0;
    let seq = 0;
    const timer = setInterval(() => {
      const piece = text.slice(offset, offset + chunk);
      offset += chunk;
      seq += 1;
      post('runDelta', { runId: 'r1', seq, text: piece, reasoning: '', metrics: { durationMs: 0 } });
      if (offset >= text.length) {
        clearInterval(timer);
        post('runEnded', { runId: 'r1', message: { ...assistant, text, status: 'done' } });
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(seq + 3)));
      }
    }, flushMs);
  });
`;

interface Driver {
  __stream(text: string, chunk: number, flushMs: number): Promise<number>;
}

interface Result {
  readonly bytes: number;
  readonly streamSeconds: number;
  readonly longestTaskMs: number;
  readonly scriptingMs: number;
  readonly taskMs: number;
  readonly messages: number;
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly dur?: number;
  readonly tid: number;
  readonly pid: number;
  readonly args?: { readonly name?: string };
}

function total(tasks: readonly TraceEvent[]): number {
  return tasks.reduce((sum, e) => sum + (e.dur ?? 0), 0);
}

async function measure(url: string, answer: string): Promise<Result> {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 720, height: 900 });
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    // As in VS Code, the panel has been open a moment before the answer arrives.
    await page.waitForTimeout(1000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name: string): Promise<number> => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      return metrics.find((m) => m.name === name)?.value ?? 0;
    };
    const chunk = Math.round((TOKENS_PER_SECOND * CHARS_PER_TOKEN * FLUSH_MS) / 1000);
    const tracing = page.context().browser();
    await tracing?.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    const script0 = await metric('ScriptDuration');
    const task0 = await metric('TaskDuration');
    const started = Date.now();
    const messages = await page.evaluate(([text, size, every]) => (window as unknown as Driver).__stream(text, size, every), [answer, chunk, FLUSH_MS] as const);
    const streamSeconds = (Date.now() - started) / 1000;
    const scriptingMs = ((await metric('ScriptDuration')) - script0) * 1000;
    const taskMs = ((await metric('TaskDuration')) - task0) * 1000;
    const trace = tracing ? JSON.parse((await tracing.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] } : { traceEvents: [] };
    // The page's renderer main thread is the busiest CrRendererMain in the trace.
    const mains = trace.traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const tasksOf = (thread: TraceEvent): TraceEvent[] => trace.traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.tid === thread.tid && e.pid === thread.pid);
    const busiest = mains.map(tasksOf).sort((a, b) => total(b) - total(a))[0] ?? [];
    const longestTaskMs = Math.max(0, ...busiest.map((e) => (e.dur ?? 0) / 1000));
    const rendered = await page.locator('[data-testid=message][data-role=assistant] pre').count();
    if (rendered === 0) throw new Error('the answer did not render');
    return { bytes: Buffer.byteLength(answer), streamSeconds, longestTaskMs, scriptingMs, taskMs, messages };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  buildForBench();
  const server = await serveWebview(DRIVER);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const results: Result[] = [];
    for (const bytes of [50_000, 100_000]) results.push(await measure(url, markdownAnswer(bytes)));
    console.log(`Streaming a markdown answer at ${TOKENS_PER_SECOND} tokens/s (a delta every ${FLUSH_MS} ms) into the chat webview, Chromium headless`);
    console.log('');
    console.log('| answer | host messages | streamed in | longest main-thread task | scripting | all main-thread tasks |');
    console.log('|---|---|---|---|---|---|');
    for (const r of results) {
      console.log(`| ${(r.bytes / 1000).toFixed(0)} KB | ${r.messages} | ${r.streamSeconds.toFixed(1)} s | ${r.longestTaskMs.toFixed(1)} ms | ${r.scriptingMs.toFixed(0)} ms | ${r.taskMs.toFixed(0)} ms |`);
    }
    const [small, large] = results;
    if (small && large) {
      console.log('');
      console.log(`Doubling the answer multiplies scripting time by ${(large.scriptingMs / small.scriptingMs).toFixed(2)} and main-thread time by ${(large.taskMs / small.taskMs).toFixed(2)} (target <= 2.3).`);
      console.log(`Longest task: ${Math.max(small.longestTaskMs, large.longestTaskMs).toFixed(1)} ms (target < 50 ms).`);
    }
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
