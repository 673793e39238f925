/**
 * Drives the chat webview in a bench page as the host would: a streamed answer (a delta every
 * flush, then the run's end) or a conversation opened from history (a snapshot).
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { ChatSnapshot } from '../src/protocol';
import { FRAME_RECORDER } from './frames';

/** The pace the benches stream at: a fast model, batched by the host as the extension does. */
export const TOKENS_PER_SECOND = 3000;
export const CHARS_PER_TOKEN = 4;
/** The host sends the text that arrived every this many milliseconds. */
export const FLUSH_MS = 32;
/** What a model at TOKENS_PER_SECOND writes between two flushes. */
export const DELTA_CHARS = Math.round((TOKENS_PER_SECOND * CHARS_PER_TOKEN * FLUSH_MS) / 1000);

/**
 * `__stream` posts what the host would for the staged text: the snapshot given, the run start, a delta
 * every flush, the run end; with `baseline`, it appends each delta's text to a plain element at the next frame instead.
 */
export const STREAM_DRIVER = `${FRAME_RECORDER}
  window.__stream = (chunk, flushMs, baseline, snapshot) => new Promise((resolve) => {
    const text = window.__staged;
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
  window.__reopen = () => new Promise((resolve) => {
    window.postMessage({ type: 'snapshot', payload: { snapshot: window.__staged } }, '*');
    requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
  });
`;

interface Driver {
  __staged: unknown;
  __stream(chunk: number, flushMs: number, baseline: boolean, snapshot: ChatSnapshot): Promise<void>;
  __reopen(): Promise<void>;
}

/** Puts a value in the page beforehand, so that carrying a long answer there is not measured. */
async function stage(page: Page, value: unknown): Promise<void> {
  await page.evaluate((v) => {
    (window as unknown as Driver).__staged = v;
  }, value);
}

/** Stages `text`; the function returned streams it into the page's panel, or with `baseline` into a plain element, and resolves once the last delta's frame is drawn. */
export async function streamInPage(page: Page, text: string, chunk: number, flushMs: number, baseline: boolean, snapshot: ChatSnapshot): Promise<() => Promise<void>> {
  await stage(page, text);
  return () => page.evaluate(([size, every, plain, s]) => (window as unknown as Driver).__stream(size, every, plain, s), [chunk, flushMs, baseline, snapshot] as const);
}

/** Stages a snapshot; the function returned posts it, as the host does when a conversation is opened, and resolves once its second frame is drawn. */
export async function reopenInPage(page: Page, snapshot: ChatSnapshot): Promise<() => Promise<void>> {
  await stage(page, snapshot);
  return () => page.evaluate(() => (window as unknown as Driver).__reopen());
}

/** A new page of the panel at `url`, open a moment before anything arrives, as in VS Code. */
export async function openPanelPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 720, height: 900 });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await page.waitForTimeout(1000);
  return page;
}
