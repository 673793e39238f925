import * as assert from 'node:assert/strict';
import { estimateTextTokens } from '../../src/base/core/tokenEstimate';
import { ChatSession, type SessionSink } from '../../src/chat/core/chatSession';
import type { StreamOpener, StreamRequest } from '../../src/request/core/requestPipeline';
import type { RunEvent } from '../../src/request/core/runEvent';
import { delta, play, type Step } from '../fixtures/scriptedStream';
import type { ColumnTarget } from '../../src/compare/core/compare';
import { columnName, comparisonMarkdown, rankByCost, rankBySpeed } from '../../src/compare/core/compareSummary';
import type { Conversation } from '../../src/conversations/core/conversation';
import { FILE_VERSION, parseConversation, serializeConversation } from '../../src/conversations/core/conversationFile';
import { GatewayError } from '../../src/gateway/core/errors';
import { MAX_PICKS, leaderboardMarkdown, pickLine, pickOf, readPicks, standings } from '../../src/compare/core/leaderboard';
import type { AnswerMetrics, Message } from '../../src/chat/core/message';
import type { Column, Comparison } from '../../src/compare/core/compare';

const TARGETS: ColumnTarget[] = [
  { gateway: 'openrouter', gatewayLabel: 'OpenRouter', model: 'openai/gpt-4o-mini' },
  { gateway: 'openrouter', gatewayLabel: 'OpenRouter', model: 'qwen/qwen3-coder' },
  { gateway: 'bizrouter', gatewayLabel: 'BizRouter', model: 'upstage/solar-pro-2' },
];

const OPTIONS = { blind: false, withHistory: false, task: 'general' };

interface Recorded {
  readonly events: string[];
  readonly deltas: Array<{ runId: string; text: string; metrics: AnswerMetrics }>;
  readonly ended: Array<{ messageId: string; column: Column }>;
}

function recorder(): { sink: SessionSink; seen: Recorded } {
  const seen: Recorded = { events: [], deltas: [], ended: [] };
  return {
    seen,
    sink: {
      event: (event) => {
        switch (event.type) {
          case 'runStarted':
          case 'runEnded':
            seen.events.push(event.type);
            return;
          case 'runDelta': {
            const { runId, text, metrics } = event.payload;
            seen.deltas.push({ runId, text, metrics });
            return;
          }
          case 'runNotice':
            seen.events.push(`notice:${event.payload.notice ?? ''}`);
            return;
          case 'runRouted':
            return;
          case 'comparisonStarted':
            seen.events.push(`compared:${event.payload.message.comparison?.columns.length}`);
            return;
          case 'columnStarted':
            seen.events.push(`columnStarted:${event.payload.column.model}`);
            return;
          case 'columnEnded': {
            const { messageId, column } = event.payload;
            seen.events.push(`columnEnded:${column.model}:${column.answer.status}`);
            seen.ended.push({ messageId, column });
            return;
          }
        }
      },
      changed: () => undefined,
    },
  };
}

function session(sink: SessionSink, random = () => 0.5): ChatSession {
  let n = 0;
  return new ChatSession(sink, { flushMs: 10, newId: () => `id${++n}`, random });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each model plays its own script; every request is recorded. */
function perModel(scripts: Record<string, readonly Step[]>, requests: StreamRequest[] = []): StreamOpener {
  return (request, signal) => {
    requests.push(request);
    return play(scripts[request.model ?? ''] ?? [], signal);
  };
}

const done: RunEvent = { kind: 'done', finishReason: 'stop' };
const comparisonOf = (chat: ChatSession): Message => chat.view.messages.at(-1)!;
const columnOf = (chat: ChatSession, model: string): Column => comparisonOf(chat).comparison!.columns.find((c) => c.model === model)!;

describe('comparisons', () => {
  it('asks every model at once, each on its gateway, and a failure stays in its own column', async () => {
    const { sink, seen } = recorder();
    const chat = session(sink);
    const requests: StreamRequest[] = [];
    const failure = new GatewayError({ reason: 'server', midStream: true });
    await chat.compare('Tabs or spaces?', TARGETS, OPTIONS, perModel({
      'openai/gpt-4o-mini': [delta('Spaces'), 40, delta('.'), done],
      'qwen/qwen3-coder': [delta('Tabs, '), 10, { kind: 'error', error: failure }],
      'upstage/solar-pro-2': [20, delta('Either.'), done],
    }, requests));
    assert.deepEqual(requests.map((r) => [r.gateway, r.model]), TARGETS.map((t) => [t.gateway, t.model]));
    assert.deepEqual(requests.map((r) => r.budgetGroup), TARGETS.map(() => comparisonOf(chat).id), 'their budget is checked together');
    // All three left before the first ended: they ran side by side.
    assert.deepEqual(seen.events.slice(0, 2), ['compared:3', 'columnEnded:qwen/qwen3-coder:error']);
    assert.deepEqual(seen.events.slice(2), ['columnEnded:upstage/solar-pro-2:done', 'columnEnded:openai/gpt-4o-mini:done']);
    const failed = columnOf(chat, 'qwen/qwen3-coder').answer;
    assert.deepEqual([failed.text, failed.status, failed.error], ['Tabs, ', 'error', failure.message]);
    assert.equal(columnOf(chat, 'openai/gpt-4o-mini').answer.text, 'Spaces.');
    assert.equal(columnOf(chat, 'openai/gpt-4o-mini').answer.finishReason, 'stop');
    assert.equal(comparisonOf(chat).status, 'done');
    assert.equal(chat.busy, false);
    assert.equal(chat.lastAnswer, undefined, 'a comparison is not an answer to regenerate');
  });

  it("puts a column's bill in place of its estimate, leaving the other columns as they were", async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const estimated = { usdNano: 2_000n, krwNano: 2_940_000n, source: 'estimated' as const, krwPerUsd: '1470' };
    await chat.compare('Why?', TARGETS.slice(0, 2), OPTIONS, perModel({
      'openai/gpt-4o-mini': [{ kind: 'generation', id: 'gen-a' }, delta('A.'), { kind: 'cost', cost: estimated }, done],
      'qwen/qwen3-coder': [{ kind: 'generation', id: 'gen-b' }, delta('B.'), { kind: 'cost', cost: estimated }, done],
    }));
    const bill = { usdNano: '2500', krwNano: '3675000', source: 'billed' as const, krwPerUsd: '1470' };
    assert.equal(chat.applyBill('gen-b', bill), true);
    assert.deepEqual(columnOf(chat, 'qwen/qwen3-coder').answer.cost, bill);
    assert.equal(columnOf(chat, 'openai/gpt-4o-mini').answer.cost?.source, 'estimated');
  });

  it("streams each column's deltas under its own run, with metrics estimated until the gateway counts", async () => {
    const { sink, seen } = recorder();
    const chat = session(sink);
    const opening = chat.compare('Hi', TARGETS.slice(0, 2), OPTIONS, perModel({
      'openai/gpt-4o-mini': [delta('a'.repeat(40)), 30, { kind: 'usage', usage: { promptTokens: 3, completionTokens: 12 } }, done],
      'qwen/qwen3-coder': [delta('b'.repeat(80)), 30, done],
    }));
    await sleep(20);
    const runs = chat.view.columnRuns;
    assert.equal(runs.length, 2);
    await opening;
    const first = seen.deltas.find((d) => d.text.startsWith('a'));
    const second = seen.deltas.find((d) => d.text.startsWith('b'));
    assert.ok(first && second && first.runId !== second.runId);
    assert.deepEqual([first.metrics.completionTokens, first.metrics.estimated], [estimateTextTokens('a'.repeat(40)), true]);
    assert.deepEqual([second.metrics.completionTokens, second.metrics.estimated], [estimateTextTokens('b'.repeat(80)), true]);
    const final = columnOf(chat, 'openai/gpt-4o-mini').answer.metrics;
    assert.deepEqual([final?.promptTokens, final?.completionTokens, final?.estimated], [3, 12, undefined]);
    assert.equal(columnOf(chat, 'qwen/qwen3-coder').answer.metrics?.estimated, true, 'no usage came: the count stays an estimate, and says so');
  });

  it('stops one column while the others go on', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const slow = [delta('one '), 30, delta('two '), 30, delta('three'), done];
    const running = chat.compare('Go', TARGETS.slice(0, 2), OPTIONS, perModel({ 'openai/gpt-4o-mini': slow, 'qwen/qwen3-coder': slow }));
    await sleep(10);
    const target = chat.view.columnRuns.find((r) => r.columnId === columnOf(chat, 'qwen/qwen3-coder').id);
    chat.stop(target!.runId);
    await running;
    assert.deepEqual([columnOf(chat, 'qwen/qwen3-coder').answer.status, columnOf(chat, 'qwen/qwen3-coder').answer.text], ['stopped', 'one ']);
    assert.deepEqual([columnOf(chat, 'openai/gpt-4o-mini').answer.status, columnOf(chat, 'openai/gpt-4o-mini').answer.text], ['done', 'one two three']);
  });

  it('retries one column with the request the comparison made, leaving the others as they were', async () => {
    const { sink, seen } = recorder();
    const chat = session(sink);
    chat.updateSettings({ systemPrompt: 'Be brief.' });
    const requests: StreamRequest[] = [];
    await chat.compare('Why?', TARGETS.slice(0, 2), OPTIONS, perModel({ 'openai/gpt-4o-mini': [delta('Because.'), done], 'qwen/qwen3-coder': [{ kind: 'error', error: new GatewayError({ reason: 'rateLimited' }) }] }, requests));
    const message = comparisonOf(chat);
    await chat.retryColumn(message.id, columnOf(chat, 'qwen/qwen3-coder').id, perModel({ 'qwen/qwen3-coder': [delta('Since.'), done] }, requests));
    assert.deepEqual(requests[2], { ...requests[1] });
    assert.deepEqual(requests[2]?.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Why?' }]);
    assert.equal(columnOf(chat, 'qwen/qwen3-coder').answer.text, 'Since.');
    assert.equal(columnOf(chat, 'openai/gpt-4o-mini').answer.text, 'Because.');
    assert.ok(seen.events.includes('columnStarted:qwen/qwen3-coder'));
  });

  it('sends the prompt alone, or with the conversation; a comparison nobody continued stays out of later requests', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    const requests: StreamRequest[] = [];
    const answer = (text: string) => perModel({ 'openai/gpt-4o-mini': [delta(text), done], 'qwen/qwen3-coder': [delta(text), done] }, requests);
    await chat.send('first', async function* () {
      yield delta('answer one');
      yield done;
    });
    await chat.compare('alone', TARGETS.slice(0, 2), OPTIONS, answer('x'));
    await chat.compare('with', TARGETS.slice(0, 2), { ...OPTIONS, withHistory: true }, answer('y'));
    assert.deepEqual(requests[0]?.messages, [{ role: 'user', content: 'alone' }]);
    assert.deepEqual(requests[2]?.messages, [
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'answer one' },
      { role: 'user', content: 'with' },
    ]);
  });

  it('continues with one answer: it takes the comparison’s place and goes along with the next prompt', async () => {
    const { sink } = recorder();
    const chat = session(sink);
    await chat.compare('Name it', TARGETS.slice(0, 2), OPTIONS, perModel({ 'openai/gpt-4o-mini': [delta('Ada'), done], 'qwen/qwen3-coder': [delta('Grace'), done] }));
    const message = comparisonOf(chat);
    const chosen = chat.continueWith(message.id, columnOf(chat, 'qwen/qwen3-coder').id);
    assert.equal(chosen?.model, 'qwen/qwen3-coder');
    assert.deepEqual(chat.view.messages.map((m) => [m.role, m.text, m.comparison === undefined]), [['user', 'Name it', true], ['assistant', 'Grace', true]]);
    const requests: StreamRequest[] = [];
    await chat.send('Why?', perModel({ '': [delta('Because.'), done] }, requests));
    assert.deepEqual(requests[0]?.messages, [
      { role: 'user', content: 'Name it' },
      { role: 'assistant', content: 'Grace' },
      { role: 'user', content: 'Why?' },
    ]);
  });

  it('shuffles a blind comparison, names its columns by letter, and shows the names once picked', async () => {
    const { sink } = recorder();
    const chat = session(sink, () => 0);
    const scripts = Object.fromEntries(TARGETS.map((t) => [t.model, [delta(t.model), done]]));
    await chat.compare('Haiku', TARGETS, { ...OPTIONS, blind: true }, perModel(scripts));
    const message = comparisonOf(chat);
    const comparison = message.comparison!;
    assert.deepEqual(comparison.columns.map((c) => c.model), ['qwen/qwen3-coder', 'upstage/solar-pro-2', 'openai/gpt-4o-mini']);
    assert.deepEqual(comparison.columns.map((c) => columnName(comparison, c)), ['Answer A', 'Answer B', 'Answer C']);
    const picked = chat.pick(message.id, comparison.columns[1]!.id);
    assert.deepEqual(picked!.comparison!.columns.map((c) => columnName(picked!.comparison!, c)), ['qwen/qwen3-coder', 'upstage/solar-pro-2', 'openai/gpt-4o-mini']);
    assert.equal(chat.pick(message.id, comparison.columns[0]!.id), undefined, 'one pick per comparison');
    assert.deepEqual(pickOf(picked!.comparison!, 'T'), { at: 'T', task: 'general', winner: 'bizrouter/upstage/solar-pro-2', others: ['openrouter/qwen/qwen3-coder', 'openrouter/openai/gpt-4o-mini'], blind: true });
  });
});

function column(model: string, answer: Partial<Message>): Column {
  return { id: model, gateway: 'openrouter', gatewayLabel: 'OpenRouter', model, answer: { id: `a-${model}`, role: 'assistant', text: '', status: 'done', ...answer } };
}

describe('comparison summary and export', () => {
  const cost = (usdNano: string) => ({ usdNano, krwNano: `${BigInt(usdNano) * 1470n}`, source: 'billed' as const, krwPerUsd: '1470' });
  const comparison: Comparison = {
    blind: false,
    withHistory: false,
    task: 'code',
    columns: [
      column('slow/cheap', { text: 'A | B', metrics: { durationMs: 3000, firstTokenMs: 900, completionTokens: 40, promptTokens: 5, tokensPerSecond: 19 }, cost: cost('1000'), finishReason: 'stop' }),
      column('fast/dear', { text: 'Quick', metrics: { durationMs: 800, firstTokenMs: 200, completionTokens: 30, promptTokens: 5, tokensPerSecond: 50 }, cost: cost('900000'), finishReason: 'length', model: 'fast/dear-v2' }),
      column('broken/one', { text: 'Half', status: 'error', error: 'The gateway failed.', metrics: { durationMs: 100 } }),
    ],
  };

  it('ranks finished answers by speed and by cost, leaving failed ones out', () => {
    assert.deepEqual(rankBySpeed(comparison.columns).map((c) => c.model), ['fast/dear', 'slow/cheap']);
    assert.deepEqual(rankByCost(comparison.columns).map((c) => c.model), ['slow/cheap', 'fast/dear']);
  });

  it('exports the answers and a metrics table, escaping table cells', () => {
    const markdown = comparisonMarkdown({ ...comparison, picked: 'fast/dear' });
    assert.match(markdown, /^## Comparison of 3 models\n\n### slow\/cheap \(OpenRouter\)\n\nA \| B\n/);
    assert.match(markdown, /### fast\/dear \(OpenRouter\) — answered by fast\/dear-v2\n\nQuick/);
    assert.match(markdown, /Half\n\n> The gateway failed\./);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    assert.deepEqual(rows[0], '| Model | First token | Tokens/s | Duration | Tokens in → out | Cost (USD) | Cost (KRW) | Finish |');
    assert.match(rows[2] ?? '', /^\| fast\/dear \| 0\.2 s \| 50 \| 0\.8 s \| 5 → 30 \| \$0\.0009 \| ₩1 \| length \|$/);
    assert.match(rows[3] ?? '', /^\| broken\/one \| – \| – \| 0\.1 s \| – \| – \| – \| error \|$/);
    assert.match(markdown, /Picked as the better answer: \*\*fast\/dear\*\*\.$/);
  });

  it('round-trips in a conversation file; a column cut off mid-stream is saved as stopped; a broken one is reported', () => {
    const streaming: Message = { id: 'c', role: 'assistant', text: '', status: 'streaming', comparison: { ...comparison, columns: [column('x/y', { text: 'part', status: 'streaming', notice: 'waiting' })] } };
    const conversation: Conversation = { id: 'k', title: 't', createdAt: 'a', updatedAt: 'b', messages: [{ id: 'u', role: 'user', text: 'q', status: 'done' }, { id: 'm', role: 'assistant', text: '', status: 'done', comparison }, streaming] };
    const parsed = parseConversation(serializeConversation(conversation));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.conversation.messages[1], conversation.messages[1]);
    const saved = parsed.conversation.messages[2]!;
    assert.deepEqual([saved.status, saved.comparison?.columns[0]?.answer.status, saved.comparison?.columns[0]?.answer.notice], ['stopped', 'stopped', undefined]);
    const broken = JSON.stringify({ version: FILE_VERSION, ...conversation, messages: [{ id: 'm', role: 'assistant', text: '', status: 'done', comparison: { ...comparison, columns: [{ ...comparison.columns[0], answer: { id: 'z', role: 'assistant', text: 1, status: 'done' } }] } }] });
    assert.deepEqual(parseConversation(broken), { ok: false, problem: 'corrupt', detail: 'message 0 has a comparison that is not valid: its answer has no text' });
  });
});

describe('leaderboard', () => {
  const pick = (task: string, winner: string, others: string[]) => ({ at: 'T', task, winner, others, blind: true });

  it('tallies picks per task: share of comparisons won, then wins', () => {
    const table = standings([pick('code', 'a', ['b']), pick('code', 'a', ['c']), pick('code', 'b', ['a', 'c']), pick('korean', 'c', ['a'])]);
    assert.deepEqual(table.get('code'), [
      { model: 'a', wins: 2, comparisons: 3 },
      { model: 'b', wins: 1, comparisons: 2 },
      { model: 'c', wins: 0, comparisons: 2 },
    ]);
    assert.deepEqual(table.get('korean')?.map((r) => r.model), ['c', 'a']);
  });

  it('shows the board as Markdown, and says how to start one when empty', () => {
    const markdown = leaderboardMarkdown([pick('code', 'sim/a', ['sim/b'])], (task) => task.toUpperCase());
    assert.match(markdown, /## CODE\n\n\| # \| Model \| Won \| Compared \| Share \|\n\|---\|---\|---\|---\|---\|\n\| 1 \| sim\/a \| 1 \| 1 \| 100% \|\n\| 2 \| sim\/b \| 0 \| 1 \| 0% \|/);
    assert.match(leaderboardMarkdown([], (t) => t), /No picks yet/);
  });

  it('reads the latest picks only, however many the file holds, in time order whichever window wrote first', () => {
    const at = (i: number): string => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    const lines = Array.from({ length: MAX_PICKS + 5 }, (_, i) => pickLine({ ...pick('code', `m${i}`, ['x']), at: at(i) }));
    [lines[MAX_PICKS + 3], lines[MAX_PICKS + 4]] = [lines[MAX_PICKS + 4] ?? '', lines[MAX_PICKS + 3] ?? ''];
    const { picks, lines: count } = readPicks(`${lines.join('')}{"at":"torn`);
    assert.equal(picks.length, MAX_PICKS);
    assert.equal(picks[0]?.winner, 'm5', 'the oldest went');
    assert.deepEqual(picks.slice(-2).map((p) => p.winner), [`m${MAX_PICKS + 3}`, `m${MAX_PICKS + 4}`]);
    assert.equal(count, MAX_PICKS + 6, 'the torn line counts toward compaction too');
  });

  it('reads nothing but picks from its file', () => {
    const text = [pickLine(pick('code', 'a', ['b'])), '{"at":"T","task":"code","winner":7,"others":[],"blind":true}\n', 'not json\n', '\n'].join('');
    assert.deepEqual(readPicks(text), { picks: [pick('code', 'a', ['b'])], lines: 3 });
  });
});
