import type * as vscode from 'vscode';

/** An abort signal that follows a VS Code cancellation token; dispose it when the work ends. */
export function abortOn(token: vscode.CancellationToken): { readonly signal: AbortSignal } & vscode.Disposable {
  const controller = new AbortController();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}
