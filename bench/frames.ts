/**
 * What a stream costs the webview's main thread, read from Chromium: its trace (each task, and
 * which ones drew a frame) and the page's own animation frames (the gaps between them).
 */
import type { Page } from 'playwright-core';

/** A gap between two animation frames over this long means at least one frame was not drawn. */
export const DROPPED_GAP_MS = 20;

/** In the page: `__frames.start()` records every animation frame's time until `__frames.stop()`, which returns the gaps. */
export const FRAME_RECORDER = `
  window.__frames = (() => {
    let times = [];
    let on = false;
    const tick = (t) => { if (!on) return; times.push(t); requestAnimationFrame(tick); };
    return {
      start() { times = []; on = true; requestAnimationFrame(tick); },
      stop() { on = false; return times.slice(1).map((t, i) => t - times[i]); },
    };
  })();
`;

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly tid: number;
  readonly pid: number;
  readonly args?: { readonly name?: string };
}

export interface Figures {
  readonly longestTaskMs: number;
  /** Tasks over 50 ms: what the browser's Long Tasks API counts as long. */
  readonly longTasks: number;
  /** The 95th percentile of the work of the tasks that drew a frame (scripts, style, layout, paint). */
  readonly p95FrameMs: number;
  readonly frames: number;
  readonly droppedFrames: number;
  readonly scriptingMs: number;
  /** Every main-thread task, summed. */
  readonly mainThreadMs: number;
}

/** The value below which the fraction `p` of the values lie (0.5: the median, 0.95: the 95th percentile). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** Traces the page and counts its frames while `run` runs. */
export async function measureFrames(page: Page, run: () => Promise<unknown>): Promise<Figures> {
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser to trace');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name: string): Promise<number> => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
    return (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  };
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const script0 = await metric('ScriptDuration');
  await page.evaluate(() => (window as unknown as { __frames: { start(): void } }).__frames.start());
  await run();
  const gaps = await page.evaluate(() => (window as unknown as { __frames: { stop(): number[] } }).__frames.stop());
  const scriptingMs = (await metric('ScriptDuration')) - script0;
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
  // The page's renderer main thread is the busiest CrRendererMain in the trace.
  const mains = trace.traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const on = (thread: TraceEvent) => (e: TraceEvent): boolean => e.ph === 'X' && e.tid === thread.tid && e.pid === thread.pid;
  const events = mains.map((thread) => trace.traceEvents.filter(on(thread))).sort((a, b) => b.length - a.length)[0] ?? [];
  const tasks = events.filter((e) => e.name === 'RunTask');
  const frameStarts = events.filter((e) => e.name === 'BeginMainFrame' || e.name === 'FireAnimationFrame').map((e) => e.ts);
  const frameTasks = tasks.filter((task) => frameStarts.some((ts) => ts >= task.ts && ts <= task.ts + (task.dur ?? 0)));
  const ms = (e: TraceEvent): number => (e.dur ?? 0) / 1000;
  return {
    longestTaskMs: Math.max(0, ...tasks.map(ms)),
    longTasks: tasks.filter((task) => ms(task) > 50).length,
    p95FrameMs: percentile(frameTasks.map(ms), 0.95),
    frames: gaps.length + 1,
    droppedFrames: gaps.filter((gap) => gap > DROPPED_GAP_MS).length,
    scriptingMs,
    mainThreadMs: tasks.reduce((sum, task) => sum + ms(task), 0),
  };
}
