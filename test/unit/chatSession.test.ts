import * as assert from 'node:assert/strict';
import { ChatSession, type SessionSink } from '../../src/chat/core/chatSession';
import type { StreamOpener, StreamRequest } from '../../src/request/core/requestPipeline';
import { delta, play, type Step } from '../fixtures/scriptedStream';
import type { ChatMessage } from '../../src/gateway/core/requestParams';
import { GatewayError } from '../../src/gateway/core/errors';
import type { ColumnRun } from '../../src/chat/core/sessionEvents';
import type { Column } from '../../src/compare/core/compare';
import type { Message } from '../../src/chat/core/message';
import type { Route } from '../../src/router/core/route';

type Posted =
  | { kind: 'started'; runId: string; user: Message; assistant: Message; dropFrom: string | undefined }
  | { kind: 'delta'; runId: string; seq: number; text: string }
  | { kind: 'notice'; runId: string; notice: string | undefined }
  | { kind: 'routed'; runId: string; route: Route }
  | { kind: 'ended'; runId: string; message: Message }
  | { kind: 'compared'; user: Message; message: Message; runs: readonly ColumnRun[] }
  | { kind: 'columnStarted'; messageId: string; column: Column; runId: string }
  | { kind: 'columnEnded'; messageId: string; column: Column }
  | { kind: 'billed'; message: Message };

function recorder(): { sink: SessionSink; posted: Posted[] } {
  const posted: Posted[] = [];
  return {
    posted,
    sink: {
      event: (event) => {
        const posting: Posted | undefined = (() => {
          switch (event.type) {
            case 'runStarted': {
              const { runId, user, assistant, dropFrom } = event.payload;
              return { kind: 'started', runId, user, assistant, dropFrom };
            }
            case 'runDelta': {
              const { runId, seq, text } = event.payload;
              return { kind: 'delta', runId, seq, text };
            }
            case 'runNotice':
              return { kind: 'notice', ...event.payload };
            case 'runRouted':
              return { kind: 'routed', ...event.payload };
            case 'runEnded':
              return { kind: 'ended', ...event.payload };
            case 'comparisonStarted': {
              const { user, message, runs } = event.payload;
              return { kind: 'compared', user, message, runs };
            }
            case 'columnStarted':
              return { kind: 'columnStarted', ...event.payload };
            case 'answerBilled':
              return { kind: 'billed', ...event.payload };
            case 'columnEnded':
              return { kind: 'columnEnded', ...event.payload };
          }
        })();
        if (posting) posted.push(posting);
      },
      changed: () => undefined,
    },
  };
}

function session(sink: SessionSink, flushMs = 20): ChatSession {
  let n = 0;
  return new ChatSession(sink, { flushMs, newId: () => `id${++n}` });
}

/** An opener that plays events with pauses between them and records what it was given. */
function scripted(steps: readonly Step[], seen: Array<readonly ChatMessage[]> = [], requests: StreamRequest[] = []): StreamOpener {
  return (request, signal) => {
    seen.push(request.messages);
    requests.push(request);
    return play(steps, signal);
  };
}

describe('chat session', () => {
  it('batches deltas: the first text of a burst at once, the rest at most one message per flush, only new text, numbered in order', async () => {
    const { sink, posted } = recorder();
    const chat = session(sink, 30);
    await chat.send('hi', scripted([delta('a'), delta('b'), delta('c'), 80, delta('d'), delta('e'), { kind: 'done', finishReason: 'stop' }]));
    const deltas = posted.filter((p) => p.kind === 'delta');
    // 'a' is not held back; 'b' and 'c' wait for the interval; after a quiet interval 'd' goes at once again, and 'e' with the end.
    assert.deepEqual(deltas.map((d) => [d.seq, d.text]), [[1, 'a'], [2, 'bc'], [3, 'd'], [4, 'e']]);
    const ended = posted.at(-1);
    assert.ok(ended?.kind === 'ended');
    assert.equal(ended.message.text, 'abcde');
    assert.equal(ended.message.status, 'done');
  });

  it('records the answering model and keeps partial text with the error when a stream fails', async () => {
    const { sink, posted } = recorder();
    const chat = session(sink);
    const failure = new GatewayError({ reason: 'network', midStream: true });
    await chat.send('hi', scripted([{ kind: 'model', model: 'qwen/qwen3-coder' }, delta('partial '), delta('answer'), { kind: 'error', error: failure }]));
    const ended = posted.at(-1);
    assert.ok(ended?.kind === 'ended');
    assert.deepEqual(
      { text: ended.message.text, status: ended.message.status, model: ended.message.model, error: ended.message.error },
      { text: 'partial answer', status: 'error', model: 'qwen/qwen3-coder', error: failure.message },
    );
    assert.deepEqual(chat.view.messages.map((m) => m.status), ['done', 'error']);
  });

  it('ends an answer whose stream throws with a reason, keeping the text, instead of leaving it done', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const throwing: StreamOpener = async function* () {
      yield delta('Half');
      throw new RangeError('The number 12.5 cannot be converted to a BigInt');
    };
    await chat.send('hi', throwing);
    const answer = chat.conversation.messages.at(-1);
    assert.equal(answer?.status, 'error');
    assert.equal(answer?.text, 'Half');
    assert.match(answer?.error ?? '', /Something went wrong in Switchboard.*12\.5.*The partial answer was kept/);
  });

  it('stops the running answer on request and marks it stopped', async () => {
    const { sink, posted } = recorder();
    const chat = session(sink);
    const running = chat.send('hi', scripted([delta('one '), 30, delta('two '), 30, delta('three')]));
    const started = posted[0];
    assert.ok(started?.kind === 'started');
    assert.deepEqual(chat.view.activeRun, { runId: started.runId, seq: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    chat.stop(started.runId);
    await running;
    const ended = posted.at(-1);
    assert.ok(ended?.kind === 'ended');
    assert.equal(ended.message.status, 'stopped');
    assert.equal(ended.message.text, 'one ');
    assert.equal(chat.view.activeRun, undefined);
  });

  it('takes a snapshot whose streaming text is exactly the deltas up to its seq, so a panel shown mid-answer gets no text twice', async () => {
    const { sink, posted } = recorder();
    const chat = session(sink, 1000);
    const running = chat.send('hi', scripted([delta('one '), 60, delta('two'), { kind: 'done', finishReason: 'stop' }]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { messages, activeRun } = chat.snapshot();
    assert.ok(activeRun);
    const upToSeq = (): string =>
      posted
        .filter((p) => p.kind === 'delta' && p.runId === activeRun.runId && p.seq <= activeRun.seq)
        .map((p) => (p.kind === 'delta' ? p.text : ''))
        .join('');
    assert.equal(messages.at(-1)?.text, 'one ');
    assert.equal(upToSeq(), 'one ');
    await running;
    const after = posted.filter((p) => p.kind === 'delta' && p.seq > activeRun.seq).map((p) => (p.kind === 'delta' ? p.text : ''));
    assert.deepEqual(after, ['two'], 'what follows the snapshot is only the text it did not hold');
  });

  it('sends the conversation so far, leaving out answers that failed before any text', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const seen: Array<readonly ChatMessage[]> = [];
    await chat.send('first', scripted([delta('answer one'), { kind: 'done', finishReason: 'stop' }], seen));
    await chat.send('second', scripted([{ kind: 'error', error: new GatewayError({ reason: 'rateLimited' }) }], seen));
    await chat.send('third', scripted([delta('ok'), { kind: 'done', finishReason: 'stop' }], seen));
    assert.deepEqual(seen.at(-1), [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'answer one' },
      { role: 'user', content: 'second' },
      { role: 'user', content: 'third' },
    ]);
  });

  it("puts an answer's bill in place of its estimate when it is read, and tells the panel", async () => {
    const { sink, posted } = recorder();
    const chat = session(sink);
    const estimated = { usdNano: 2_000n, krwNano: 2_940_000n, source: 'estimated' as const, krwPerUsd: '1470' };
    await chat.send('hi', scripted([{ kind: 'generation', id: 'gen-9' }, delta('Hello'), { kind: 'cost', cost: estimated }, { kind: 'done', finishReason: 'stop' }]));
    assert.equal(chat.lastAnswer?.generationId, 'gen-9');
    assert.equal(chat.lastAnswer?.cost?.source, 'estimated');
    const bill = { usdNano: '3100', krwNano: '4557000', source: 'billed' as const, krwPerUsd: '1470' };
    assert.equal(chat.applyBill('gen-unknown', bill), false);
    assert.equal(chat.applyBill('gen-9', bill), true);
    assert.deepEqual(chat.lastAnswer?.cost, bill);
    assert.equal(chat.lastAnswer?.text, 'Hello');
    const told = posted.at(-1);
    assert.ok(told?.kind === 'billed');
    assert.deepEqual(told.message.cost, bill);
    assert.deepEqual(chat.conversation.messages.at(-1)?.cost, bill, 'what is saved is the bill');
  });

  it('ignores a second prompt while an answer is running', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const first = chat.send('one', scripted([20, delta('a'), { kind: 'done', finishReason: 'stop' }]));
    await chat.send('two', scripted([delta('b'), { kind: 'done', finishReason: 'stop' }]));
    await first;
    assert.deepEqual(chat.view.messages.map((m) => m.text), ['one', 'a']);
  });

  it('says when nothing is running any more, so a prompt that waited can be asked then', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    await chat.whenIdle();
    const answer = chat.send('one', scripted([20, delta('a'), { kind: 'done', finishReason: 'stop' }]));
    const seenWhenIdle = chat.whenIdle().then(() => ({ busy: chat.busy, status: chat.view.messages.at(-1)?.status }));
    assert.deepEqual(await seenWhenIdle, { busy: false, status: 'done' });
    await answer;
    await chat.send('two', scripted([delta('b'), { kind: 'done', finishReason: 'stop' }]));
    assert.deepEqual(chat.view.messages.map((m) => m.text), ['one', 'a', 'two', 'b']);
  });

  it('shows a retry wait as a notice and clears it when text arrives', async () => {
    const { sink, posted } = recorder();
    const chat = session(sink);
    await chat.send('hi', scripted([{ kind: 'retrying', reason: 'rateLimited', attempt: 2, maxAttempts: 3, waitSeconds: 4 }, delta('ok'), { kind: 'done', finishReason: 'stop' }]));
    const notices = posted.filter((p) => p.kind === 'notice').map((p) => p.notice);
    assert.deepEqual(notices, ['The gateway is rate limiting requests; trying again in 4 s (attempt 2 of 3).', undefined]);
    assert.equal(chat.view.messages.at(-1)?.notice, undefined);
  });

  it('measures each answer: tokens from usage, time to first token, tokens per second', async () => {
    const { sink } = recorder();
    let now = 1000;
    let n = 0;
    const chat = new ChatSession(sink, { flushMs: 20, newId: () => `id${++n}`, clock: () => now });
    const timed: StreamOpener = async function* () {
      now += 400;
      yield delta('first');
      now += 2000;
      yield delta(' rest');
      yield { kind: 'usage', usage: { promptTokens: 12, completionTokens: 100 } };
      yield { kind: 'done', finishReason: 'stop' };
    };
    await chat.send('hi', timed);
    assert.deepEqual(chat.view.messages.at(-1)?.metrics, { durationMs: 2400, promptTokens: 12, completionTokens: 100, firstTokenMs: 400, tokensPerSecond: 50 });
  });

  it('sends the system prompt first and the chosen temperature and max tokens', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    chat.updateSettings({ systemPrompt: 'Answer in Korean.', temperature: 0.2, maxTokens: 256 });
    const requests: StreamRequest[] = [];
    await chat.send('hi', scripted([delta('안녕'), { kind: 'done', finishReason: 'stop' }], [], requests));
    assert.deepEqual(requests[0]?.messages, [
      { role: 'system', content: 'Answer in Korean.' },
      { role: 'user', content: 'hi' },
    ]);
    assert.deepEqual(requests[0]?.params, { temperature: 0.2, maxTokens: 256 });
    assert.deepEqual(chat.conversation.settings, { systemPrompt: 'Answer in Korean.', temperature: 0.2, maxTokens: 256 });
  });

  it('sends every parameter the conversation chose, and no system prompt among them', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const params = { temperature: 0.5, topP: 0.8, frequencyPenalty: 0.1, presencePenalty: -0.2, seed: 9, stop: ['END'], topK: 40, minP: 0.05, repetitionPenalty: 1.1, reasoningEffort: 'high', verbosity: 'low' } as const;
    chat.updateSettings({ systemPrompt: 'Be brief.', ...params });
    const requests: StreamRequest[] = [];
    await chat.send('hi', scripted([delta('ok'), { kind: 'done', finishReason: 'stop' }], [], requests));
    assert.deepEqual(requests[0]?.params, params);
  });

  it("keeps Auto's route on the answer and tells the panel as soon as it is known", async () => {
    const { sink, posted } = recorder();
    const chat = session(sink);
    const route: Route = { chosenBy: 'auto', model: 'qwen/qwen3-coder', task: 'code', label: 'Auto → qwen/qwen3-coder · code (python)', reasons: ['Detected code.'], candidates: ['qwen/qwen3-coder'] };
    await chat.send('def f(): pass', scripted([{ kind: 'route', route }, delta('ok'), { kind: 'done', finishReason: 'stop' }]));
    assert.deepEqual(posted.filter((p) => p.kind === 'routed').map((p) => p.route), [route]);
    assert.equal(posted.findIndex((p) => p.kind === 'routed') < posted.findIndex((p) => p.kind === 'delta'), true);
    assert.deepEqual(chat.conversation.messages.at(-1)?.route, route);
  });

  it('asks the last prompt again of the model the user chose, and marks the answer as their choice', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const requests: StreamRequest[] = [];
    await chat.send('hello', scripted([delta('first'), { kind: 'done', finishReason: 'stop' }], [], requests));
    const route: Route = { chosenBy: 'user', model: 'openai/gpt-4o-mini', task: 'general', label: 'Your choice → openai/gpt-4o-mini', reasons: ['You re-sent it.'], candidates: [] };
    await chat.regenerate(scripted([delta('second'), { kind: 'done', finishReason: 'stop' }], [], requests), { model: 'openai/gpt-4o-mini', route });
    assert.deepEqual(requests.map((r) => r.model), [undefined, 'openai/gpt-4o-mini']);
    assert.deepEqual(chat.conversation.messages.map((m) => m.text), ['hello', 'second']);
    assert.deepEqual(chat.conversation.messages.at(-1)?.route, route);
  });
});
