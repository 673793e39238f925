/**
 * Comparisons under load, two ways.
 *
 * 1. Streams side by side: four models answer through the real openai SDK from the gateway
 *    simulator, each paced at 3,000 tokens/s. Each is timed alone, then all four run as one
 *    comparison (ChatSession.compare, as the panel runs it). Target: the comparison ends within
 *    1.15x the slowest single stream.
 * 2. Rendering: the real webview bundle in Chromium gets a comparison of six columns, each
 *    receiving a delta every 32 ms at 3,000 tokens/s. Per column: the tokens/s it actually put on
 *    screen while streaming, and how far behind the stream it was at the end (target: within 2
 *    frames). For the page: the longest main-thread task, the 95th percentile of a frame's work
 *    and the frames dropped (targets: <= 16 ms, none).
 *
 * Run: npm run bench:compare
 */
import type { AddressInfo } from 'node:net';
import { launchBrowser } from '../scripts/browser';
import { ChatSession } from '../src/chat/core/chatSession';
import type { StreamOpener } from '../src/request/core/requestPipeline';
import { streamChat } from '../src/gateway/core/chatStream';
import type { ColumnTarget } from '../src/compare/core/compare';
import { createGatewayClient } from '../src/gateway/core/gatewayClient';
import { OPENROUTER } from '../src/gateway/core/gateways';
import { GatewaySimulator, SIM_KEYS } from '../test/fixtures/simulator/server';
import { FRAME_RECORDER, measureFrames } from './frames';
import { CHARS_PER_TOKEN, FLUSH_MS, TOKENS_PER_SECOND } from './streamDriver';
import { buildForBench, pageSnapshot, serveWebview } from '../scripts/webviewPage';
import type { ChatSnapshot } from '../src/protocol';
import { markdownAnswer } from './answers';

const MODELS = ['openai/gpt-4o-mini', 'qwen/qwen3-coder', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-pro'];
/** Columns in the rendering part: as many as a comparison may have. */
const COLUMNS = 6;
const FRAME_MS = 1000 / 60;

/** Answers of 24-36 KB, paced at 3,000 tokens/s: a chunk of 48 characters every 4 ms. */
function scenario(model: string, index: number) {
  return { model, text: markdownAnswer(24_000 + index * 4_000), chunkChars: 48, delayMs: (48 / CHARS_PER_TOKEN / TOKENS_PER_SECOND) * 1000 };
}

async function parallelStreams(): Promise<void> {
  const simulator = new GatewaySimulator();
  const url = await simulator.listen();
  const profile = { ...OPENROUTER, baseUrl: `${url}/openrouter/api/v1` };
  const client = createGatewayClient(profile, { key: SIM_KEYS.openrouter });
  const open: StreamOpener = (request, signal) => streamChat(client, 'openrouter', { model: request.model ?? '', messages: request.messages, params: request.params }, signal);
  const targets: ColumnTarget[] = MODELS.map((model) => ({ gateway: 'openrouter', gatewayLabel: 'OpenRouter', model }));
  const session = (): ChatSession => new ChatSession({ event() {}, changed() {} }, { flushMs: FLUSH_MS, newId: () => Math.random().toString(36).slice(2) });
  try {
    // Warm up the SDK and the connection pool.
    simulator.enqueue(scenario(MODELS[0]!, 0));
    await session().send('warm up', open);
    const singles: number[] = [];
    for (const [i, model] of MODELS.entries()) {
      simulator.enqueue(scenario(model, i));
      const started = performance.now();
      await session().send('Explain', (request, signal) => open({ ...request, model }, signal));
      singles.push(performance.now() - started);
    }
    MODELS.forEach((model, i) => simulator.enqueue(scenario(model, i)));
    const comparison = session();
    const started = performance.now();
    await comparison.compare('Explain', targets, { blind: false, withHistory: false, task: 'general' }, open);
    const together = performance.now() - started;
    const columns = comparison.view.messages.at(-1)?.comparison?.columns ?? [];
    if (columns.some((c) => c.answer.status !== 'done')) throw new Error('a column did not finish');
    const slowest = Math.max(...singles);
    console.log(`Four streams at ${TOKENS_PER_SECOND} tokens/s each, through the openai SDK from the gateway simulator`);
    console.log('');
    console.log('| model | answer | alone | in the comparison |');
    console.log('|---|---|---|---|');
    for (const [i, column] of columns.entries()) {
      console.log(`| ${column.model} | ${(column.answer.text.length / 1000).toFixed(0)} KB | ${(singles[i]! / 1000).toFixed(2)} s | ${((column.answer.metrics?.durationMs ?? 0) / 1000).toFixed(2)} s |`);
    }
    console.log('');
    console.log(`All four together: ${(together / 1000).toFixed(2)} s; slowest alone: ${(slowest / 1000).toFixed(2)} s; ratio ${(together / slowest).toFixed(3)} (target <= 1.15).`);
  } finally {
    await simulator.close();
  }
}

/**
 * Posts a comparison of `texts.length` columns, each fed a delta every flush. Each text ends with a
 * marker; a column has rendered its stream when the marker is on screen, checked every frame.
 */
const DRIVER = `${FRAME_RECORDER}
  window.__compare = (texts, markers, charsPerSecond, flushMs, snapshot) => new Promise((resolve) => {
    const post = (type, payload) => window.postMessage({ type, payload }, '*');
    post('snapshot', { snapshot });
    const columns = texts.map((_, i) => ({ id: 'col' + i, gateway: 'g', gatewayLabel: 'Gateway', model: 'model/' + i, answer: { id: 'a' + i, role: 'assistant', text: '', status: 'streaming' } }));
    const message = { id: 'm1', role: 'assistant', text: '', status: 'streaming', comparison: { columns, blind: false, withHistory: false, task: 'general' } };
    post('comparisonStarted', { user: { id: 'u1', role: 'user', text: 'Explain', status: 'done' }, message, runs: columns.map((c, i) => ({ runId: 'r' + i, columnId: c.id, seq: 0 })), title: 'Bench' });
    const sent = texts.map(() => 0);
    const sentAt = texts.map(() => 0);
    const shownAt = texts.map(() => 0);
    let seq = 0;
    const started = performance.now();
    // Like the host, each flush carries all that arrived since the last one, however late it runs.
    const timer = setInterval(() => {
      seq += 1;
      const due = Math.round(((performance.now() - started) / 1000) * charsPerSecond);
      texts.forEach((text, i) => {
        const piece = text.slice(sent[i], due);
        if (!piece) return;
        sent[i] += piece.length;
        post('runDelta', { runId: 'r' + i, seq, text: piece, reasoning: '', metrics: { durationMs: performance.now() - started } });
        if (sent[i] >= text.length) sentAt[i] = performance.now() - started;
      });
      if (texts.every((text, i) => sent[i] >= text.length)) clearInterval(timer);
    }, flushMs);
    const watch = () => {
      const open = [...document.querySelectorAll('[data-testid=column] .open-block')];
      markers.forEach((marker, i) => {
        if (!shownAt[i] && open[i] && open[i].textContent.includes(marker)) shownAt[i] = performance.now() - started;
      });
      if (shownAt.every((t) => t > 0)) resolve({ sentAt, shownAt, chars: texts.map((t) => t.length) });
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
`;

interface RenderResult {
  /** Milliseconds from the start to the last delta of each column, and to its end being on screen. */
  readonly sentAt: number[];
  readonly shownAt: number[];
  readonly chars: number[];
}

async function rendering(): Promise<void> {
  buildForBench();
  const server = await serveWebview(DRIVER, 1400);
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1420, height: 900 });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await page.waitForTimeout(1000);
    const markers = Array.from({ length: COLUMNS }, (_, i) => `End of column ${i + 1}.`);
    const texts = markers.map((marker, i) => `${markdownAnswer(40_000 + i * 5_000)}\n\n${marker}`);
    type Driver = { __compare(t: string[], m: string[], c: number, f: number, s: ChatSnapshot): Promise<RenderResult> };
    let result: RenderResult | undefined;
    const figures = await measureFrames(page, async () => {
      result = await page.evaluate(([all, ends, size, every, snapshot]) => (window as unknown as Driver).__compare(all, ends, size, every, snapshot), [texts, markers, TOKENS_PER_SECOND * CHARS_PER_TOKEN, FLUSH_MS, pageSnapshot('c1')] as const);
    });
    if (!result) throw new Error('the comparison did not run');
    const { chars, sentAt, shownAt } = result;
    console.log('');
    console.log(`${COLUMNS} columns, each streamed at ${TOKENS_PER_SECOND} tokens/s (a delta every ${FLUSH_MS} ms), into the chat webview, Chromium headless`);
    console.log('');
    console.log('| column | answer | sent in | sent at | all on screen after | rendered at | end shown after its last delta |');
    console.log('|---|---|---|---|---|---|---|');
    const rate = (count: number, ms: number): number => Math.round(count / CHARS_PER_TOKEN / (ms / 1000));
    chars.forEach((count, i) => {
      const [sent, shown] = [sentAt[i] ?? 0, shownAt[i] ?? 0];
      console.log(`| ${i + 1} | ${(count / 1000).toFixed(0)} KB | ${(sent / 1000).toFixed(2)} s | ${rate(count, sent)} tokens/s | ${(shown / 1000).toFixed(2)} s | ${rate(count, shown)} tokens/s | ${(shown - sent).toFixed(0)} ms (${Math.ceil((shown - sent) / FRAME_MS)} frames) |`);
    });
    const worstLag = Math.max(...shownAt.map((t, i) => t - (sentAt[i] ?? 0)));
    console.log('');
    console.log(`Slowest column on screen at ${Math.min(...chars.map((c, i) => rate(c, shownAt[i] ?? 0)))} tokens/s; the last column's end on screen at most ${worstLag.toFixed(0)} ms (${Math.ceil(worstLag / FRAME_MS)} frames) after its last delta (target: 2 frames).`);
    console.log(`Longest main-thread task ${figures.longestTaskMs.toFixed(1)} ms, p95 frame work ${figures.p95FrameMs.toFixed(1)} ms, ${figures.droppedFrames} of ${figures.frames} frames dropped, scripting ${figures.scriptingMs.toFixed(0)} ms, all main-thread work ${figures.mainThreadMs.toFixed(0)} ms.`);
  } finally {
    await browser.close();
    server.close();
  }
}

async function main(): Promise<void> {
  await parallelStreams();
  await rendering();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
