/** Requests to the host that wait for its answer: each gets an id, and its response settles it. */
import type { RequestMethod, RequestPayload, ResponsePayload, WebviewMessage, WebviewRequests } from '../src/protocol';

type Post = (message: WebviewMessage) => void;

const pending = new Map<string, (result: ResponsePayload['result']) => void>();
let last = 0;

export function request<K extends RequestMethod>(post: Post, method: K, params: WebviewRequests[K]['params']): Promise<WebviewRequests[K]['result']> {
  const id = `r${++last}`;
  return new Promise((resolve) => {
    pending.set(id, resolve as (result: ResponsePayload['result']) => void);
    // A method and its params travel together, which TypeScript cannot follow through the generic.
    post({ type: 'request', payload: { id, method, params } as RequestPayload });
  });
}

/** The host's answer: the request waiting for it gets its result. */
export function settle(response: ResponsePayload): void {
  const resolve = pending.get(response.id);
  pending.delete(response.id);
  resolve?.(response.result);
}
