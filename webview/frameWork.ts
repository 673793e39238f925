/**
 * Rendering work shared out over animation frames. Each frame spends at most a budget on it, so
 * the browser still lays out and paints within 16 ms: however long an answer, and however many
 * stream at once, no frame waits for all of them. Work that does not fit waits for the next frame:
 * answers streaming take turns, a piece each; messages opened from history are rendered one after
 * another, in the order they were asked for (the newest first), before any that waits after them.
 */

/** A frame's share for rendering; the browser's layout and paint take the rest. */
const FRAME_BUDGET_MS = 8;

/** Work done a piece at a time. */
export interface Work {
  /** Does one piece; false once nothing is left. */
  step(): boolean;
}

/** How work that is not done after a piece goes on: after all the others, or before them. */
export type Turn = 'take turns' | 'one after another';

const waiting: Work[] = [];
const inOrder = new WeakSet<Work>();
const afterFrame = new Set<() => void>();
let frame: number | undefined;
/** When the work of this frame began: at the frame's start, or, between frames, at the first work since the last one. */
let spendingSince: number | undefined;

/** Whether this frame's budget has room for more work. */
export function budgetLeft(): boolean {
  const now = performance.now();
  if (spendingSince === undefined) {
    spendingSince = now;
    // The next frame starts a budget of its own.
    frame ??= requestAnimationFrame(runFrame);
  }
  return now - spendingSince < FRAME_BUDGET_MS;
}

/** Work to go on with in the next frames, after the work already waiting. */
export function later(work: Work, turn: Turn = 'take turns'): void {
  if (turn === 'one after another') inOrder.add(work);
  if (!waiting.includes(work)) waiting.push(work);
  frame ??= requestAnimationFrame(runFrame);
}

/** Whether this work is waiting for a frame. */
export function isWaiting(work: Work): boolean {
  return waiting.includes(work);
}

/** Called after each frame's waiting work, e.g. to keep the newest text in view. */
export function onFrameWorkDone(listener: () => void): void {
  afterFrame.add(listener);
}

/** At least one piece a frame, so that work always goes on; more while the budget lasts. */
function runFrame(): void {
  frame = undefined;
  spendingSince = performance.now();
  while (waiting.length > 0) {
    const work = waiting.shift();
    if (work?.step()) {
      if (inOrder.has(work)) waiting.unshift(work);
      else waiting.push(work);
    }
    if (!budgetLeft()) break;
  }
  spendingSince = undefined;
  if (waiting.length > 0) frame = requestAnimationFrame(runFrame);
  for (const listener of afterFrame) listener();
}
