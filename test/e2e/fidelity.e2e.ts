/**
 * Every answer of the markdown corpus through the real webview bundle in Chromium: streamed as the
 * host streams it, then the same conversation opened again from a snapshot (rendered whole), and
 * the two DOMs compared. The page stands in for the VS Code webview frame; code-server is not
 * needed for what this checks, and without it the 88 answers take a minute instead of ten.
 */
import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../../scripts/browser';
import { pageSnapshot, serveWebview } from '../../scripts/webviewPage';
import type { ChatSnapshot } from '../../src/protocol';
import { ANSWERS } from '../fixtures/markdown/answers';
import { htmlDifference } from '../support/htmlDifference';

/** `__render(text, chunk, snapshot)`: streams the text in pieces of `chunk` characters, a delta every 2 ms, then reopens it; returns both bodies' HTML, and whether the streamed one is still on screen. */
const DRIVER = `
  let renders = 0;
  window.__render = (text, chunk, base) => new Promise((resolve) => {
    // Each render is a conversation of its own, as each answer is a run of its own.
    const n = ++renders;
    const post = (type, payload) => window.postMessage({ type, payload }, '*');
    const snapshot = (messages) => ({ snapshot: { ...base, conversationId: 'c' + n, messages } });
    const user = { id: 'u' + n, role: 'user', text: 'Answer', status: 'done' };
    const assistant = { id: 'a' + n, role: 'assistant', text: '', status: 'streaming' };
    const body = () => document.querySelector('[data-role=assistant][data-id="a' + n + '"] .body').innerHTML;
    // Once the answer is done and nothing is left to render: a long answer takes several frames.
    const rendered = (then) => requestAnimationFrame(function check() {
      const shown = document.querySelector('[data-role=assistant][data-id="a' + n + '"][data-status=done] .body');
      if (shown && shown.getAttribute('aria-busy') !== 'true') then();
      else requestAnimationFrame(check);
    });
    post('snapshot', snapshot([]));
    post('runStarted', { runId: 'r' + n, user, assistant });
    let offset = 0;
    let seq = 0;
    const timer = setInterval(() => {
      seq += 1;
      post('runDelta', { runId: 'r' + n, seq, text: text.slice(offset, offset + chunk), reasoning: '', metrics: { durationMs: 0 } });
      offset += chunk;
      if (offset < text.length) return;
      clearInterval(timer);
      post('runEnded', { runId: 'r' + n, message: { ...assistant, text, status: 'done' } });
      rendered(() => {
        const streamed = body();
        const shown = document.querySelector('[data-role=assistant][data-id="a' + n + '"]');
        post('snapshot', snapshot([user, { ...assistant, text, status: 'done' }]));
        rendered(() => resolve([streamed, body(), shown.isConnected]));
      });
    }, 2);
  });
`;

describe('every corpus answer in the webview, streamed and reopened', function () {
  let server: Server;
  let browser: LaunchedBrowser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    server = await serveWebview(DRIVER);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  });
  after(async () => {
    await browser.close();
    server.close();
  });

  it('ends each of the 88 answers with the DOM rendering it whole gives, in small pieces and in large ones', async () => {
    const differing: string[] = [];
    for (const answer of ANSWERS) {
      for (const chunk of [11, 97]) {
        const [streamed, whole, stale] = await page.evaluate(([text, size, base]) => (window as unknown as { __render(t: string, c: number, b: ChatSnapshot): Promise<[string, string, boolean]> }).__render(text, size, base), [answer.text, chunk, pageSnapshot('c0')] as const);
        assert.equal(stale, false, 'the reopened conversation is rendered anew');
        const difference = htmlDifference(streamed, whole);
        if (difference) differing.push(`${answer.name} in pieces of ${chunk}: ${difference}`);
      }
    }
    assert.ok(ANSWERS.length >= 80);
    assert.deepEqual(differing, []);
    assert.deepEqual(errors, [], 'the page threw nothing');
  });
});
