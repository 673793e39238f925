/**
 * A typed channel: a map from message type to payload, the envelope each message travels in, and
 * a handler map that must cover every type (a type without a handler does not compile).
 */

export type Envelope<M> = { [K in keyof M]: { readonly type: K; readonly payload: M[K] } }[keyof M];

export type Handlers<M> = { readonly [K in keyof M]: (payload: M[K]) => void };

export function dispatch<M>(handlers: Handlers<M>, message: Envelope<M>): void {
  const handler = handlers[message.type] as (payload: unknown) => void;
  handler(message.payload);
}
