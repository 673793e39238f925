import * as assert from 'node:assert/strict';
import { titleFrom, toMarkdown, type Conversation } from '../../src/conversations/core/conversation';
import { FILE_VERSION, parseConversation, serializeConversation } from '../../src/conversations/core/conversationFile';
import { SavePacer } from '../../src/conversations/core/savePacer';

const conversation: Conversation = {
  id: 'c1',
  title: 'Fibonacci',
  createdAt: '2026-11-22T09:00:00.000Z',
  updatedAt: '2026-11-22T09:01:00.000Z',
  messages: [
    { id: 'm1', role: 'user', text: 'Fibonacci in Python?', status: 'done' },
    {
      id: 'm2',
      role: 'assistant',
      text: '```python\ndef fib(n): ...\n```',
      status: 'done',
      model: 'qwen/qwen3-coder',
      // An estimate whose bill is still to be read, by the generation's id.
      cost: { usdNano: '2000', krwNano: '2940000', source: 'estimated', krwPerUsd: '1470' },
      generationId: 'gen-1',
      route: { chosenBy: 'auto', model: 'qwen/qwen3-coder', task: 'code', label: 'Auto → qwen/qwen3-coder · code', reasons: ['Detected code.'], candidates: ['qwen/qwen3-coder'], runnerUp: { task: 'general', model: 'openai/gpt-4o-mini' } },
    },
    { id: 'm3', role: 'user', text: 'Faster?', status: 'done' },
    { id: 'm4', role: 'assistant', text: 'Use matri', status: 'streaming', notice: 'waiting' },
  ],
};

/** The conversation as its file holds it. */
const file = { version: FILE_VERSION, ...conversation };

describe('conversation files', () => {
  it('round-trips, saving an answer cut off mid-stream as stopped', () => {
    const parsed = parseConversation(serializeConversation(conversation));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.conversation.messages.slice(0, 3), conversation.messages.slice(0, 3));
    assert.deepEqual(parsed.conversation.messages[3], { id: 'm4', role: 'assistant', text: 'Use matri', status: 'stopped' });
  });

  it("keeps a comparison column's pinned provider and the provider that served each answer", () => {
    const answer = (id: string, provider: string) => ({ id, role: 'assistant' as const, text: 'Done', status: 'done' as const, model: 'qwen/qwen3-coder', provider });
    const compared: Conversation = {
      ...conversation,
      messages: [
        { id: 'm1', role: 'user', text: 'Which is faster?', status: 'done' },
        {
          id: 'm2',
          role: 'assistant',
          text: '',
          status: 'done',
          comparison: {
            blind: false,
            withHistory: false,
            task: 'code',
            columns: [
              { id: 'c1', gateway: 'openrouter', gatewayLabel: 'OpenRouter', model: 'qwen/qwen3-coder', provider: 'deepinfra/fp8', answer: answer('a1', 'DeepInfra') },
              { id: 'c2', gateway: 'openrouter', gatewayLabel: 'OpenRouter', model: 'qwen/qwen3-coder', answer: answer('a2', 'Together') },
            ],
          },
        },
      ],
    };
    const parsed = parseConversation(serializeConversation(compared));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.conversation.messages, compared.messages);
    const pinnedAsNumber = JSON.parse(serializeConversation(compared)) as { messages: [unknown, { comparison: { columns: Array<Record<string, unknown>> } }] };
    pinnedAsNumber.messages[1].comparison.columns[0]!['provider'] = 7;
    const corrupt = parseConversation(JSON.stringify(pinnedAsNumber));
    assert.ok(!corrupt.ok && corrupt.problem === 'corrupt');
  });

  it('saves no notice, which only says something while an answer runs, and reads files that hold one', () => {
    const noticed: Conversation = { ...conversation, messages: [{ id: 'm1', role: 'assistant', text: 'Done', status: 'done', notice: 'Retrying in 2 s' }] };
    const text = serializeConversation(noticed);
    assert.doesNotMatch(text, /notice|Retrying/);
    const old = parseConversation(JSON.stringify({ ...file, messages: noticed.messages }));
    assert.ok(old.ok);
    assert.deepEqual(old.conversation.messages, [{ id: 'm1', role: 'assistant', text: 'Done', status: 'done' }]);
  });

  it('writes the file in its own field order and reads back exactly the conversation', () => {
    const text = serializeConversation(conversation);
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['version', 'id', 'title', 'createdAt', 'updatedAt', 'messages']);
    const parsed = parseConversation(text);
    assert.ok(parsed.ok);
    assert.deepEqual(Object.keys(parsed.conversation).sort(), ['createdAt', 'id', 'messages', 'title', 'updatedAt']);
  });

  it('reports a newer format instead of misreading it', () => {
    const parsed = parseConversation(JSON.stringify({ ...file, version: 2 }));
    assert.deepEqual(parsed, { ok: false, problem: 'newer', detail: 'written by a newer Switchboard (format 2)' });
  });

  it('reports corrupt files with what is wrong', () => {
    const cases: Array<[string, string]> = [
      ['{"version":1,"id":"c1"', 'not valid JSON'],
      ['[]', 'not a JSON object'],
      [JSON.stringify({ ...file, version: undefined }), 'no known format version'],
      [JSON.stringify({ ...file, title: 7 }), 'title is missing'],
      [JSON.stringify({ ...file, messages: 'x' }), 'messages are missing'],
      [JSON.stringify({ ...file, messages: [{ id: 'a', role: 'system', text: '', status: 'done' }] }), 'message 0 has an unknown role'],
      [JSON.stringify({ ...file, messages: [{ id: 'a', role: 'user', text: 'x', status: 'done', model: 3 }] }), 'message 0 has a model that is not text'],
      [JSON.stringify({ ...file, messages: [{ id: 'a', role: 'assistant', text: 'x', status: 'done', route: { chosenBy: 'auto', model: 'm', task: 'code', label: 'l', reasons: 'r', candidates: [] } }] }), 'message 0 has a route that is not valid'],
    ];
    for (const [text, detail] of cases) assert.deepEqual(parseConversation(text), { ok: false, problem: 'corrupt', detail });
  });

  it('titles a conversation from its first prompt', () => {
    assert.equal(titleFrom('  How do I reverse a list in Python?\nWith an example.'), 'How do I reverse a list in Python?');
    assert.equal(titleFrom(''), 'New chat');
    assert.equal(titleFrom('Explain the difference between a process and a thread in modern operating systems'), 'Explain the difference between a process and a thread in…');
    assert.equal(titleFrom('한국어 제목도 잘 됩니다'), '한국어 제목도 잘 됩니다');
  });

  it('exports Markdown with who said what and how answers ended', () => {
    assert.equal(
      toMarkdown(conversation),
      [
        '# Fibonacci',
        '',
        '_Exported from Switchboard · started 2026-11-22T09:00:00.000Z · last message 2026-11-22T09:01:00.000Z_',
        '',
        '## You',
        '',
        'Fibonacci in Python?',
        '',
        '## qwen/qwen3-coder',
        '',
        '```python\ndef fib(n): ...\n```',
        '',
        '## You',
        '',
        'Faster?',
        '',
        '## Assistant',
        '',
        'Use matri',
        '',
      ].join('\n'),
    );
    const stopped = { ...conversation, messages: [{ id: 'x', role: 'assistant' as const, text: 'half', status: 'stopped' as const }] };
    assert.match(toMarkdown(stopped), /half\n\n> Stopped before the end\.\n$/);
  });
});

describe('save pacing', () => {
  it('saves a burst of changes once, within the interval, and flushes on demand', async () => {
    let saves = 0;
    const pacer = new SavePacer(async () => void (saves += 1), 30, (error) => assert.fail(String(error)));
    for (let i = 0; i < 100; i++) pacer.schedule();
    assert.equal(saves, 0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(saves, 1);
    pacer.schedule();
    await pacer.flush();
    assert.equal(saves, 2);
    await pacer.flush();
    assert.equal(saves, 2, 'nothing waiting, nothing saved');
  });
});
