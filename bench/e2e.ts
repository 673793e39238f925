/**
 * From the gateway to the screen, in the real VS Code: the extension packaged into its .vsix and
 * installed in the pinned code-server, its chat panel open in Chromium, answers streamed by the
 * gateway simulator at 3,000 tokens/s.
 *
 * 1. First token: 30 answers, one after another. For each, the time from the simulator writing the
 *    answer's first text to the socket to the extension's message carrying it reaching the webview,
 *    to the text entering the webview's DOM, and to the frame drawing it being painted. Median and p95.
 *    Target: median under 30 ms.
 * 2. Keeping up: 40 KB answers in one chat column (three answers), then in a comparison of six
 *    columns. For each: tokens/s as the simulator wrote them (first to last text written) and as
 *    they reached the screen (first to last text drawn). Target: rendered/sent at least 0.95.
 *
 * Both clocks are the machine's: the simulator runs in this process, Chromium beside it, and each
 * side stamps `performance.timeOrigin + performance.now()`.
 *
 * Run: npm run bench:e2e
 */
import type { Frame, Page } from 'playwright-core';
import { packageExtension } from '../scripts/package';
import { ensureTools } from '../scripts/tools';
import { chatFrame, openChat, openWorkbench, sendPrompt, startWorkbench, type Workbench } from '../test/e2e/workbench';
import { markdownAnswer } from './answers';
import { percentile } from './frames';
import { CHARS_PER_TOKEN, TOKENS_PER_SECOND } from './streamDriver';

const FIRST_TOKEN_ANSWERS = 30;
const CHAT_ANSWERS = 3;
const LONG_ANSWER = 40_000;
/** Six models the simulator lists on OpenRouter: as many columns as a comparison may have. */
const COLUMN_MODELS = ['openai/gpt-4o-mini', 'qwen/qwen3-coder', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-pro', 'qwen/qwen3-235b-a22b-2507', 'meta-llama/llama-3.3-70b-instruct:free'];
/** How long the answers of one prompt may take to reach the screen before the bench says which did not. */
const SCREEN_TIMEOUT_MS = 60_000;
/** 3,000 tokens/s as the simulator writes them: 48 characters every 4 ms. */
const CHUNK_CHARS = 48;
const CHUNK_DELAY_MS = (CHUNK_CHARS / CHARS_PER_TOKEN / TOKENS_PER_SECOND) * 1000;

const now = (): number => performance.timeOrigin + performance.now();

/**
 * In the webview: `__onScreen(marker)` resolves once a message body contains the marker, with the
 * time the host's message carrying it arrived, the time it entered the DOM and the time the frame
 * drawing it was painted: the first task after that frame's rendering (rendering runs animation
 * frame callbacks, layout and paint in one task). Animation frame callbacks are wrapped to know
 * whether the text entered the DOM within a frame's rendering or before one.
 */
const WATCHER = `(() => {
  if (window.__onScreen) return;
  const now = () => performance.timeOrigin + performance.now();
  const afterTask = (run) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => run();
    channel.port2.postMessage(0);
  };
  const nextFrame = window.requestAnimationFrame.bind(window);
  let rendering = false;
  window.requestAnimationFrame = (callback) => nextFrame((time) => {
    if (!rendering) {
      rendering = true;
      afterTask(() => { rendering = false; });
    }
    callback(time);
  });
  const waiting = new Map();
  window.addEventListener('message', (event) => {
    if (waiting.size === 0) return;
    const data = JSON.stringify(event.data);
    for (const entry of waiting.values()) if (entry.arrived === undefined && data.includes(entry.marker)) entry.arrived = now();
  }, true);
  // Only the text that changed is searched (a marker is a paragraph of its own), not whole answers, so watching costs the panel little.
  const check = (text, node) => {
    for (const [marker, entry] of waiting) {
      if (!text.includes(marker)) continue;
      const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      if (!element || !element.closest('.body')) continue;
      waiting.delete(marker);
      const dom = now();
      const painted = () => entry.resolve({ arrived: entry.arrived ?? dom, dom, painted: now() });
      if (rendering) afterTask(painted);
      else nextFrame(() => afterTask(painted));
    }
  };
  new MutationObserver((records) => {
    if (waiting.size === 0) return;
    for (const record of records) {
      if (record.type === 'characterData') check(record.target.data, record.target);
      else for (const node of record.addedNodes) check(node.textContent || '', node);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  window.__onScreen = (marker) => new Promise((resolve) => waiting.set(marker, { marker, resolve, arrived: undefined }));
})()`;

interface OnScreen {
  /** The host's message carrying the text reached the webview. */
  readonly arrived: number;
  readonly dom: number;
  readonly painted: number;
}

function onScreen(frame: Frame, marker: string): Promise<OnScreen> {
  return frame.evaluate((m) => (window as unknown as { __onScreen(m: string): Promise<OnScreen> }).__onScreen(m), marker);
}

/** When the simulator wrote each answer's first and last text, by model. */
class Writes {
  private readonly seen = new Map<string, { first: number; last: number }>();

  constructor(workbench: Workbench) {
    workbench.simulator.onContent = (model) => {
      const at = now();
      const entry = this.seen.get(model);
      if (entry) entry.last = at;
      else this.seen.set(model, { first: at, last: at });
    };
  }

  /** Forgets what was written, before the next answers. */
  clear(): void {
    this.seen.clear();
  }

  of(model: string): { first: number; last: number } {
    const entry = this.seen.get(model);
    if (!entry) throw new Error(`the simulator wrote nothing for ${model}`);
    return entry;
  }
}

async function webviewFrame(page: Page): Promise<Frame> {
  const element = await chatFrame(page).owner().elementHandle();
  const frame = await element?.contentFrame();
  if (!frame) throw new Error('the chat webview has no frame');
  await frame.evaluate(WATCHER);
  return frame;
}

let answerCount = 0;

/** An answer of about `bytes` bytes whose first and last lines are its own. */
function answerText(bytes: number): { text: string; start: string; end: string } {
  const index = ++answerCount;
  const start = `Answer ${index} begins.`;
  const end = `Answer ${index} ends.`;
  return { start, end, text: `${start}\n\n${markdownAnswer(bytes)}\n\n${end}` };
}

async function firstTokens(workbench: Workbench, page: Page, frame: Frame, writes: Writes): Promise<void> {
  const model = 'openai/gpt-4o-mini';
  const arrived: number[] = [];
  const dom: number[] = [];
  const painted: number[] = [];
  for (let i = 1; i <= FIRST_TOKEN_ANSWERS; i++) {
    const { text, start } = answerText(1_500);
    writes.clear();
    workbench.simulator.enqueue({ text, chunkChars: CHUNK_CHARS, delayMs: CHUNK_DELAY_MS });
    const seen = onScreen(frame, start);
    await sendPrompt(chatFrame(page), `Question ${i}`);
    const shown = await withinTimeout(seen, frame);
    const written = writes.of(model).first;
    arrived.push(shown.arrived - written);
    dom.push(shown.dom - written);
    painted.push(shown.painted - written);
    await whenDone(frame);
  }
  console.log(`First token: ${FIRST_TOKEN_ANSWERS} answers of about 1.5 KB, each streamed at ${TOKENS_PER_SECOND} tokens/s by the simulator to the extension installed from its .vsix in code-server, the chat panel in Chromium headless`);
  console.log('');
  console.log('| from the first text written to the socket to | median | p95 | fastest | slowest |');
  console.log('|---|---|---|---|---|');
  const row = (label: string, values: number[]): void => console.log(`| ${label} | ${percentile(values, 0.5).toFixed(1)} ms | ${percentile(values, 0.95).toFixed(1)} ms | ${Math.min(...values).toFixed(1)} ms | ${Math.max(...values).toFixed(1)} ms |`);
  row("the extension's message carrying it in the webview", arrived);
  row("the text in the webview's DOM", dom);
  row('the frame drawing it painted', painted);
  console.log('');
  console.log(`Painted, answer by answer: ${painted.map((ms) => ms.toFixed(0)).join(', ')} ms.`);
  console.log(`Target: median under 30 ms to the screen; measured ${percentile(painted, 0.5).toFixed(1)} ms.`);
}

/** Waits until the newest answers have ended and nothing is left to render in them. */
async function whenDone(frame: Frame): Promise<void> {
  await frame.locator('[data-status=streaming], [aria-busy=true]').first().waitFor({ state: 'detached', timeout: 60_000 });
}

interface Rate {
  readonly label: string;
  readonly chars: number;
  readonly sentMs: number;
  readonly drawnMs: number;
  /** From the last text written to the message carrying the answer's end in the webview. */
  readonly arrivedLagMs: number;
  /** From the last text written to the answer's end on screen. */
  readonly lagMs: number;
}

async function keepingUp(workbench: Workbench, page: Page, frame: Frame, writes: Writes, models: readonly string[], prompt: string): Promise<Rate[]> {
  writes.clear();
  const streamed = models.map((model) => ({ model, ...answerText(LONG_ANSWER) }));
  workbench.simulator.enqueue(...streamed.map(({ model, text }) => ({ model, text, chunkChars: CHUNK_CHARS, delayMs: CHUNK_DELAY_MS })));
  const seen = streamed.map(({ start, end }) => Promise.all([onScreen(frame, start), onScreen(frame, end)]));
  await sendPrompt(chatFrame(page), prompt);
  const shown = await withinTimeout(Promise.all(seen), frame);
  await whenDone(frame);
  return streamed.map(({ model, text }, i) => {
    const { first, last } = writes.of(model);
    const [begins, ends] = shown[i] as [OnScreen, OnScreen];
    return { label: model, chars: text.length, sentMs: last - first, drawnMs: ends.painted - begins.painted, arrivedLagMs: ends.arrived - last, lagMs: ends.painted - last };
  });
}

/** The answers' arrival on screen, or after SCREEN_TIMEOUT_MS an error naming how each answer ended. */
async function withinTimeout<T>(arrival: Promise<T>, frame: Frame): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const statuses = frame.evaluate(() => Array.from(document.querySelectorAll('[data-testid=column], [data-testid=message][data-role=assistant]')).slice(-6).map((el) => `${el.getAttribute('aria-label') ?? 'answer'}: ${el.getAttribute('data-status') ?? '?'} ${(el.querySelector('.body')?.textContent ?? '').slice(-80)}`));
      statuses.then(
        (list) => reject(new Error(`not every answer reached the screen within ${SCREEN_TIMEOUT_MS / 1000} s:\n${list.join('\n')}`)),
        (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
      );
    }, SCREEN_TIMEOUT_MS);
  });
  try {
    return await Promise.race([arrival, late]);
  } finally {
    clearTimeout(timer);
  }
}

function printRates(title: string, rates: readonly Rate[]): void {
  const perSecond = (chars: number, ms: number): number => chars / CHARS_PER_TOKEN / (ms / 1000);
  console.log('');
  console.log(title);
  console.log('');
  console.log('| answer | size | sent | rendered | rendered/sent | after its last text was written, its end in the webview | and on screen |');
  console.log('|---|---|---|---|---|---|---|');
  for (const rate of rates) {
    const sent = perSecond(rate.chars, rate.sentMs);
    const drawn = perSecond(rate.chars, rate.drawnMs);
    console.log(`| ${rate.label} | ${(rate.chars / 1000).toFixed(0)} KB | ${sent.toFixed(0)} tokens/s | ${drawn.toFixed(0)} tokens/s | ${(drawn / sent).toFixed(3)} | ${rate.arrivedLagMs.toFixed(0)} ms | ${rate.lagMs.toFixed(0)} ms |`);
  }
  const worst = Math.min(...rates.map((r) => r.sentMs / r.drawnMs));
  console.log('');
  console.log(`Lowest rendered/sent ${worst.toFixed(3)} (target at least 0.95).`);
}

async function main(): Promise<void> {
  ensureTools();
  const vsix = packageExtension();
  const workbench = await startWorkbench('bench-e2e', {
    vsix,
    settings: { 'switchboard.compare.models': COLUMN_MODELS.map((model) => ({ gateway: 'sim', model })) },
  });
  try {
    const page = await openWorkbench(workbench);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await openChat(page);
    const frame = await webviewFrame(page);
    const writes = new Writes(workbench);
    // One answer first, so the first measured one does not pay for the SDK's and the panel's warming up.
    workbench.simulator.enqueue({ text: 'Warming up.' });
    await sendPrompt(chatFrame(page), 'Warm up');
    await whenDone(frame);

    await firstTokens(workbench, page, frame, writes);

    const chat: Rate[] = [];
    for (let i = 0; i < CHAT_ANSWERS; i++) chat.push(...(await keepingUp(workbench, page, frame, writes, ['openai/gpt-4o-mini'], `Long answer ${i + 1}`)).map((rate) => ({ ...rate, label: `chat answer ${i + 1}` })));
    printRates(`One column: ${CHAT_ANSWERS} answers of ${LONG_ANSWER / 1000} KB in the chat, at ${TOKENS_PER_SECOND} tokens/s`, chat);

    await frame.locator('[data-testid=compare-toggle]').click();
    await frame.locator('[data-testid=compare-toggle][aria-pressed=true]').waitFor();
    const columns = await keepingUp(workbench, page, frame, writes, COLUMN_MODELS, 'Compare these');
    printRates(`Six columns: a comparison of ${COLUMN_MODELS.length} answers of ${LONG_ANSWER / 1000} KB, each at ${TOKENS_PER_SECOND} tokens/s`, columns);
  } finally {
    await workbench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
