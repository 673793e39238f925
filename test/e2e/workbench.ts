/**
 * A real VS Code (code-server) with the extension installed from this folder, a gateway simulator
 * configured as the active gateway, and Chromium to click through it.
 */
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../../scripts/browser';
import { startCodeServer, type RunningCodeServer } from '../../scripts/codeServer';
import { ROOT, TOOLS, extensionFolderName } from '../../scripts/tools';
import { GatewaySimulator } from '../fixtures/simulator/server';

export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const WORKSPACE_FIXTURE = join(ROOT, 'test', 'fixtures', 'workspace');

export interface Workbench {
  /** The folder the workbench has open; tests may write files into it. */
  readonly workspace: string;
  readonly simulator: GatewaySimulator;
  readonly server: RunningCodeServer;
  readonly browser: LaunchedBrowser;
  close(): Promise<void>;
}

/** Settings that point Switchboard at the simulator's OpenRouter dialect. */
export function simulatorSettings(simUrl: string): Record<string, unknown> {
  return {
    'switchboard.gateways': [{ id: 'sim', label: 'Simulator', baseUrl: `${simUrl}/openrouter/api/v1`, dialect: 'openrouter' }],
    'switchboard.gateway': 'sim',
    'switchboard.model': 'openai/gpt-4o-mini',
  };
}

export interface WorkbenchOptions {
  /** Settings on top of the simulator's; a function gets the simulator's URL. */
  readonly settings?: Record<string, unknown> | ((simUrl: string) => Record<string, unknown>);
  /** Make the simulator check keys, as real gateways do. */
  readonly requireKey?: boolean;
  /** Install this packaged extension instead of linking the working folder. */
  readonly vsix?: string;
}

export async function startWorkbench(name: string, options: WorkbenchOptions = {}): Promise<Workbench> {
  const simulator = new GatewaySimulator({ requireKey: options.requireKey ?? false });
  const simUrl = await simulator.listen();
  const extra = typeof options.settings === 'function' ? options.settings(simUrl) : options.settings;
  const server = await startCodeServer({
    stateDir: join(TOOLS, `e2e-${name}`),
    userSettings: { ...simulatorSettings(simUrl), 'workbench.colorTheme': 'Default Dark Modern', ...extra },
    install: options.vsix ? { vsix: options.vsix } : { link: ROOT, as: extensionFolderName() },
  });
  const browser = await launchBrowser();
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A copy of the fixture, so tests that edit or add files leave the repository alone.
  const workspace = join(TOOLS, `e2e-${name}`, 'workspace');
  cpSync(WORKSPACE_FIXTURE, workspace, { recursive: true });
  return {
    workspace,
    simulator,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.stop();
      await simulator.close();
    },
  };
}

export async function openWorkbench(workbench: Workbench): Promise<Page> {
  const page = await workbench.browser.context.newPage();
  await page.goto(`${workbench.server.url}/?folder=${encodeURIComponent(workbench.workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  return page;
}

/** Runs a command from the palette, retrying while the extension has not registered it yet. */
export async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    try {
      await input.fill(`>${title}`, { timeout: 5000 });
    } catch {
      // The palette opened inert (seen once in a while right after a notification took the
      // focus): close whatever holds it and open the palette again.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      continue;
    }
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`command "${title}" never appeared in the palette`);
}

/**
 * Changes user settings the way a user would, in the settings.json editor: the workbench does not
 * notice the file changing behind its back. Pastes the merged settings over the file, saves it and
 * closes the editor again.
 */
/** The user settings as on disk, waiting out a moment when the file is halfway through being written. */
async function readUserSettings(workbench: Workbench, until: (settings: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + 10_000;
  let settings: Record<string, unknown> | undefined;
  while (Date.now() < deadline) {
    try {
      settings = JSON.parse(readFileSync(workbench.server.settingsFile, 'utf8')) as Record<string, unknown>;
      if (until(settings)) return settings;
    } catch {
      settings = undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return settings;
}

/** Writes user settings as a user would, in settings.json; a setting changed to undefined is removed. */
export async function changeUserSettings(page: Page, workbench: Workbench, changes: Record<string, unknown>): Promise<void> {
  const merged = Object.fromEntries(Object.entries({ ...(await readUserSettings(workbench)), ...changes }).filter(([, value]) => value !== undefined));
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const lines = page.locator('.monaco-editor .view-lines', { hasText: '"switchboard.gateway"' });
  await lines.click();
  await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(merged, null, 2));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await page.keyboard.press('ControlOrMeta+S');
  const saved = await readUserSettings(workbench, (settings) => JSON.stringify(settings) === JSON.stringify(merged));
  assert.deepEqual(saved, merged, 'settings.json holds the changed settings');
  // VS Code 1.139 opens settings.json in a modal editor, which Escape closes (once whatever else
  // Escape would close first, such as a notification the change raised, is gone).
  for (let attempt = 0; attempt < 5 && (await lines.count()) > 0; attempt++) {
    await page.keyboard.press('Escape');
    await lines.waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
  }
  await lines.waitFor({ state: 'detached' });
}

/**
 * Waits for a notification with this text and returns it: its toast, or, when other notifications
 * crowded the toast out of sight, its row in the notification centre.
 */
export async function notification(page: Page, text: string | RegExp): Promise<Locator> {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  try {
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    return toast;
  } catch {
    await runCommand(page, 'Notifications: Show Notifications');
    const row = page.locator('.notifications-center .monaco-list-row', { hasText: text }).first();
    await row.waitFor({ state: 'visible', timeout: 5_000 });
    return row;
  }
}

/** Types into the quick input box (the palette, a quick pick or an input box) and presses Enter. */
export async function answerQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await input.press('Enter');
}

/**
 * Waits until the elements read exactly these texts (trimmed). Tolerates the webview being
 * re-rendered meanwhile, as it may be while VS Code restores a panel after a reload.
 */
export async function waitForTexts(locator: Locator, expected: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] | undefined;
  while (Date.now() < deadline) {
    seen = await locator.allTextContents().then(
      (texts) => texts.map((t) => t.trim()),
      () => undefined,
    );
    if (seen && seen.length === expected.length && seen.every((text, i) => text === expected[i])) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(seen, expected);
}

export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export async function openChat(page: Page): Promise<FrameLocator> {
  await runCommand(page, 'Switchboard: Open Chat');
  const frame = chatFrame(page);
  await frame.locator('[data-testid=composer]').waitFor({ state: 'visible', timeout: 30_000 });
  return frame;
}

export async function sendPrompt(frame: FrameLocator, text: string): Promise<void> {
  const input = frame.locator('[data-testid=composer] textarea');
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

/** Sends a prompt and waits for its answer to finish, however it finishes; returns the answer. */
export async function ask(chat: ChatSessionUnderTest, text: string): Promise<Locator> {
  const answers = chat.frame.locator('[data-testid=message][data-role=assistant]');
  const before = await answers.count();
  await sendPrompt(chat.frame, text);
  const answer = answers.nth(before);
  await answer.and(chat.frame.locator('[data-status=done], [data-status=error], [data-status=stopped]')).waitFor({ timeout: 30_000 });
  await whenRendered(answer.locator('.body'));
  return answer;
}

/** Waits until nothing is left to render in a message body (a long answer takes several frames, the body busy meanwhile); an empty body, as a failed answer has, is hidden but rendered. */
export async function whenRendered(body: Locator): Promise<void> {
  await body.locator('xpath=self::*[not(@aria-busy="true")]').waitFor({ state: 'attached', timeout: 60_000 });
}

export interface ChatSessionUnderTest extends WorkbenchUnderTest {
  readonly frame: FrameLocator;
  /** The newest assistant message in the panel. */
  lastAnswer(): Locator;
}

export interface WorkbenchUnderTest {
  readonly workbench: Workbench;
  readonly page: Page;
}

/**
 * Mocha hooks for a suite that works in one workbench: start it and open its page before,
 * screenshot a failed test, close everything after. Fields are set once `before` ran.
 */
export function useWorkbench(name: string, options: WorkbenchOptions = {}): WorkbenchUnderTest {
  let workbench: Workbench | undefined;
  let page: Page | undefined;
  before(async function () {
    workbench = await startWorkbench(name, options);
    page = await openWorkbench(workbench);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await page.screenshot({ path: join(SCREENSHOTS, `failed-${this.currentTest.title.replace(/\W+/g, '-')}.png`) });
    }
  });
  after(async function () {
    await workbench?.close();
  });
  return {
    get workbench() {
      return started(workbench);
    },
    get page() {
      return started(page);
    },
  };
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the workbench is not started yet');
  return value;
}

/** As `useWorkbench`, with the chat panel opened before the tests. */
export function useChatPanel(name: string, options: WorkbenchOptions = {}): ChatSessionUnderTest {
  const opened = useWorkbench(name, options);
  let frame: FrameLocator | undefined;
  before(async function () {
    frame = await openChat(opened.page);
  });
  return {
    get workbench() {
      return opened.workbench;
    },
    get page() {
      return opened.page;
    },
    get frame() {
      return started(frame);
    },
    lastAnswer: () => started(frame).locator('[data-testid=message][data-role=assistant]').last(),
  };
}
