/** The webview side of the channel: typed posting and the small UI state VS Code keeps for us. */
import type { WebviewMessage } from '../src/protocol';

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

/** UI intent only: the draft being typed. The conversation, and which one is shown, live in the host. */
export interface UiState {
  readonly draft: string;
}

export function loadUiState(): UiState {
  const state = api.getState() as { draft?: unknown } | undefined;
  return { draft: typeof state?.draft === 'string' ? state.draft : '' };
}

export function saveUiState(state: UiState): void {
  api.setState(state);
}
