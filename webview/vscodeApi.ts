/** The webview side of the channel: typed posting and the small UI state VS Code keeps for us. */
import type { WebviewMessage } from '../src/protocol';
import type { CompareIntent } from './compareBar';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewMessage): void {
  api.postMessage(message);
}

/**
 * UI intent only: the draft being typed, and whether (and how) the next prompt is compared. The
 * conversation, and which one is shown, live in the host.
 */
export interface UiState {
  readonly draft: string;
  readonly compare: CompareIntent;
}

export function loadUiState(): UiState {
  const state = api.getState() as { draft?: unknown; compare?: Partial<Record<keyof CompareIntent, unknown>> } | undefined;
  const flag = (value: unknown): boolean => value === true;
  return {
    draft: typeof state?.draft === 'string' ? state.draft : '',
    compare: { comparing: flag(state?.compare?.comparing), blind: flag(state?.compare?.blind), withHistory: flag(state?.compare?.withHistory) },
  };
}

export function saveUiState(state: UiState): void {
  api.setState(state);
}
