import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'node:assert/strict';
import { parseCatalog, type ModelInfo } from '../../src/gateway/core/catalog';
import { detectTask, proseLanguageOf, scriptShares } from '../../src/router/core/detect';
import { route, type RouteContext } from '../../src/router/core/route';
import { DEFAULT_RULES, SERVER_ROUTERS, candidatesFor, resolveRules } from '../../src/router/core/rules';
import { measureAccuracy } from '../fixtures/router/accuracy';
import { CORPUS } from '../fixtures/router/corpus';
import { openRouterListing, bizRouterListing } from '../fixtures/simulator/catalog';

const detect = (prompt: string, longInputTokens = 20_000) => detectTask(prompt, [{ content: prompt }], { longInputTokens });
const openrouter = parseCatalog('openrouter', openRouterListing()).models;
const bizrouter = parseCatalog('bizrouter', bizRouterListing()).models;

function context(change: Partial<RouteContext> = {}): RouteContext {
  return { gateway: { id: 'openrouter', label: 'OpenRouter' }, rules: DEFAULT_RULES, catalog: openrouter, freeOnly: false, maxTokens: undefined, withinBudget: () => true, ...change };
}

function routed(prompt: string, change: Partial<RouteContext> = {}) {
  const result = route(detect(prompt), context(change));
  assert.equal(result.kind, 'routed', result.kind === 'none' ? result.message : '');
  return result.route;
}

describe('router: detection', () => {
  it('labels the corpus of 200+ prompts in five languages at least 95% right', () => {
    assert.ok(CORPUS.length >= 200, `${CORPUS.length} prompts`);
    assert.deepEqual([...new Set(CORPUS.map((p) => p.language))].sort(), ['en', 'fr', 'ja', 'ko', 'zh']);
    const accuracy = measureAccuracy();
    const misses = accuracy.misses.map((m) => `${m.prompt.task} → ${m.detected}: ${m.prompt.text.slice(0, 60)}`).join('\n');
    assert.ok(accuracy.correct / accuracy.total >= 0.95, `${accuracy.correct}/${accuracy.total}\n${misses}`);
  });

  it('reads a fenced block as code, in the language its fence names', () => {
    const found = detect('이 코드가 왜 느린가요?\n```python\nfor i in range(10**7):\n    total += i\n```');
    assert.equal(found.task, 'code');
    assert.equal(found.codeLanguage, 'python');
    assert.equal(found.proseLanguage, 'korean');
    assert.equal(found.evidence, 'a fenced python block');
  });

  it('reads unfenced lines of code, and guesses their language', () => {
    const found = detect('fn main() {\n    let mut total = 0;\n    total += 1;\n}');
    assert.deepEqual([found.task, found.codeLanguage], ['code', 'rust']);
  });

  it('reads a request for programming work as code even with no code in it', () => {
    assert.equal(detect('Write a Python function that parses ISO dates.').task, 'code');
    assert.equal(detect('用 Python 写一个函数，判断素数。').task, 'code');
  });

  it('does not read prose about bugs in the garden or a film script as code', () => {
    assert.equal(detect('A bug in the garden ate my roses; the film script mentions it too.').task, 'general');
  });

  it('tells Chinese, Japanese and Korean apart: kana marks Japanese even among many kanji', () => {
    assert.equal(detect('请用三句话介绍一下长城的历史。').task, 'chinese');
    assert.equal(detect('経済産業省の最新の中小企業支援策を概説せよ。').task, 'japanese');
    assert.equal(detect('서울에서 가볼 만한 박물관을 알려 주세요.').task, 'korean');
    assert.equal(detect('How do I say 谢谢 properly?').task, 'general');
  });

  it('counts Latin words, not letters, against CJK characters', () => {
    const shares = scriptShares('请解释一下 machine learning 是什么');
    assert.deepEqual(shares, { han: 8, kana: 0, hangul: 0, latinWords: 2 });
    assert.equal(proseLanguageOf(shares)?.language, 'chinese');
  });

  it('calls a request long from the threshold on, over the whole conversation, and says by how much', () => {
    // 20,000 words, each a token: over 20,000 with the framing and the prompt.
    const text = 'word '.repeat(20_000);
    const found = detectTask('Summarise this.', [{ content: text }, { content: 'Summarise this.' }], { longInputTokens: 20_000 });
    assert.equal(found.task, 'long');
    assert.match(found.evidence, /^about 20,0\d\d tokens, over the 20,000 of a long input$/);
    assert.equal(detectTask('Summarise this.', [{ content: text }], { longInputTokens: 30_000 }).task, 'general');
  });
});

describe('router: rules', () => {
  it('has defaults for OpenRouter and BizRouter, BizRouter sending Korean to Solar and EXAONE', () => {
    assert.deepEqual(candidatesFor(DEFAULT_RULES, 'bizrouter', 'korean')?.models.slice(0, 2), ['upstage/solar-pro-2', 'lgai/exaone-4.0-32b']);
    assert.equal(candidatesFor(DEFAULT_RULES, 'openrouter', 'chinese')?.models[0], 'qwen/qwen3-235b-a22b-2507');
  });

  it('names on BizRouter only models its published price list has, so that no default falls through unlisted', () => {
    const listed = new Set(
      readFileSync(join(__dirname, '..', 'fixtures', 'gateways', 'bizrouter-models.tsv'), 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#') && !line.startsWith('id\t'))
        .map((line) => line.split('\t')[0]),
    );
    assert.ok(listed.size >= 70, `${listed.size} models on the list`);
    const named = Object.values(DEFAULT_RULES['bizrouter'] ?? {}).flat().filter((id) => !(id in SERVER_ROUTERS));
    assert.deepEqual(named.filter((id) => !listed.has(id)), []);
    assert.equal(candidatesFor(DEFAULT_RULES, 'bizrouter', 'chinese')?.models[0], 'deepseek/deepseek-v3.2');
  });

  it('falls back to the general rule for a task with no rule of its own', () => {
    assert.deepEqual(candidatesFor(DEFAULT_RULES, 'openrouter', 'korean'), { models: DEFAULT_RULES['openrouter']?.general, rule: 'general' });
    assert.equal(candidatesFor(DEFAULT_RULES, 'my-vllm', 'code'), undefined);
  });

  it("lays the user's tasks over the defaults, a single id counting as a list of one", () => {
    const { rules, problems } = resolveRules({ openrouter: { code: 'openrouter/auto' }, 'my-vllm': { general: ['llama3'] } }, [{ id: 'openrouter', dialect: 'openrouter' }, { id: 'bizrouter', dialect: 'bizrouter' }, { id: 'my-vllm', dialect: 'openai' }]);
    assert.deepEqual(problems, []);
    assert.deepEqual(rules['openrouter']?.code, ['openrouter/auto']);
    assert.deepEqual(rules['openrouter']?.chinese, DEFAULT_RULES['openrouter']?.chinese);
    assert.deepEqual(candidatesFor(rules, 'my-vllm', 'code'), { models: ['llama3'], rule: 'general' });
  });

  it('ignores each bad entry with a reason and keeps the rest', () => {
    const { rules, problems } = resolveRules(
      { nowhere: { code: 'x' }, openrouter: { kode: 'x', code: [], chinese: ['qwen/a', 7], long: 'bizrouter/route', general: 'openai/gpt-4o' }, bizrouter: 'solar' },
      [{ id: 'openrouter', dialect: 'openrouter' }, { id: 'bizrouter', dialect: 'bizrouter' }],
    );
    assert.deepEqual(problems, [
      'switchboard.router.rules: there is no gateway "nowhere" (gateways: openrouter, bizrouter)',
      'switchboard.router.rules.openrouter: "kode" is not a task (tasks: long, code, chinese, japanese, korean, general)',
      'switchboard.router.rules.openrouter.code must be a model id or a non-empty list of model ids',
      'switchboard.router.rules.openrouter.chinese must be a model id or a non-empty list of model ids',
      'switchboard.router.rules.openrouter.long: bizrouter/route runs on bizrouter gateways, and openrouter speaks openrouter',
      'switchboard.router.rules.bizrouter must map tasks to models',
    ]);
    assert.deepEqual(rules['openrouter']?.general, ['openai/gpt-4o']);
    assert.deepEqual(rules['openrouter']?.code, DEFAULT_RULES['openrouter']?.code);
    assert.deepEqual(resolveRules(['x'], []).problems, ['switchboard.router.rules must map gateway ids to tables of tasks']);
  });
});

describe('router: choosing', () => {
  it('says when it is unsure, names the runner-up task and the model its rule would choose', () => {
    const unsure = routed('Vue 3 的 ref 和 reactive 有什么区别？');
    assert.equal(unsure.task, 'chinese');
    assert.deepEqual(unsure.runnerUp, { task: 'code', model: 'qwen/qwen3-coder' });
    assert.equal(unsure.label, 'Auto → qwen/qwen3-235b-a22b-2507 · chinese · unsure: maybe code');
    assert.equal(unsure.reasons.at(-1), 'Unsure: the request could also be code, whose rule would choose qwen/qwen3-coder; Other model… offers it first.');
    const sure = routed('用 Python 写一个函数，判断一个字符串是不是回文。');
    assert.equal(sure.runnerUp, undefined);
    assert.doesNotMatch(sure.label, /unsure/);
  });

  it('names the prose language of a code or long request on the chip', () => {
    const code = routed('이 함수가 왜 느린가요?\n```python\ndef f(xs):\n    return sorted(xs)[0]\n```');
    assert.equal(code.label, 'Auto → qwen/qwen3-coder · code (python) · Korean prose');
    const long = routed('다음 보고서를 요약해 주세요.\n\n' + '회의에서 논의된 내용은 다음과 같습니다. '.repeat(1500), { catalog: openrouter });
    assert.match(long.label, /· long \(~\d+K tokens\) · Korean prose$/);
  });

  it('sends an image only to a model that takes images, past the task’s own models to the general rule if it must', () => {
    const code = routed('Why does this function crash?\n```python\ndef f(x): return 1 / x\n```', { images: true });
    assert.equal(code.model, 'anthropic/claude-sonnet-4.5');
    assert.ok(code.reasons.includes('Skipped qwen/qwen3-coder: it takes no images, and the prompt carries one.'), code.reasons.join('\n'));
    const rules = { openrouter: { chinese: ['qwen/qwen3-coder'], general: ['openai/gpt-4o-mini'] } };
    const chinese = routed('这张图里写的是什么？请翻译成英文。', { images: true, rules });
    assert.equal(chinese.model, 'openai/gpt-4o-mini');
    assert.match(chinese.reasons.join('\n'), /None of the chinese models takes images; trying the general rule: openai\/gpt-4o-mini\./);
    const none = route(detect('这张图里写的是什么？'), context({ images: true, rules: { openrouter: { chinese: ['qwen/qwen3-coder'], general: ['qwen/qwen3-coder'] } } }));
    assert.equal(none.kind, 'none');
  });

  it('sends code to the coding model and explains the detection, the rule and the choice', () => {
    const chosen = routed('```python\nprint("hi")\n```');
    assert.equal(chosen.label, 'Auto → qwen/qwen3-coder · code (python)');
    assert.deepEqual(chosen.reasons, [
      'Detected code: a fenced python block.',
      'Rule: OpenRouter code → qwen/qwen3-coder, anthropic/claude-sonnet-4.5, openrouter/free, from the default rules.',
      'Chose qwen/qwen3-coder: about 14 tokens fit its 262K context.',
    ]);
  });

  it('skips a model the gateway does not list, and says so', () => {
    const chosen = routed('请介绍一下长城。', { catalog: openrouter.filter((m) => m.id !== 'qwen/qwen3-235b-a22b-2507') });
    assert.equal(chosen.model, 'qwen/qwen3-coder');
    assert.ok(chosen.reasons.includes('Skipped qwen/qwen3-235b-a22b-2507: OpenRouter does not list it.'));
  });

  it('skips a model whose context is too small for the input and the answer limit', () => {
    const small: ModelInfo[] = openrouter.map((m) => (m.id === 'google/gemini-2.5-pro' ? { ...m, contextLength: 20_000 } : m));
    const text = 'word '.repeat(20_000);
    const result = route(detectTask(text, [{ content: text }], { longInputTokens: 20_000 }), context({ catalog: small, maxTokens: 1000 }));
    assert.equal(result.kind === 'routed' && result.route.model, 'anthropic/claude-sonnet-4.5');
    assert.match(result.kind === 'routed' ? result.route.reasons.join('\n') : '', /Skipped google\/gemini-2\.5-pro: its 20K context is too small for about 21,\d{3} tokens\./);
  });

  it('with only free models allowed, tries the :free variant first and skips paid ones', () => {
    const chosen = routed('```ts\nconst a = 1;\n```', { freeOnly: true });
    assert.equal(chosen.model, 'qwen/qwen3-coder:free');
    assert.deepEqual(chosen.candidates.slice(0, 2), ['qwen/qwen3-coder:free', 'qwen/qwen3-coder']);
    const general = routed('Tell me a joke.', { freeOnly: true });
    assert.equal(general.model, 'openrouter/free');
    assert.ok(general.reasons.includes('Skipped anthropic/claude-sonnet-4.5: it is not free, and only free models may be used.'));
  });

  it('takes a server-side router as a target without looking for it in the model list', () => {
    const chosen = routed('회의록을 요약해 주세요.', { gateway: { id: 'bizrouter', label: 'BizRouter' }, catalog: bizrouter.filter((m) => !m.id.startsWith('upstage/') && !m.id.startsWith('lgai/')) });
    assert.equal(chosen.model, 'bizrouter/route');
    assert.match(chosen.reasons.at(-1) ?? '', /bizrouter\/route is BizRouter's own router/);
  });

  it('skips models over the budget, and chooses the first of them anyway when nothing else is left', () => {
    const cheapOnly = routed('Tell me a joke.', { withinBudget: (m) => m?.id === 'openai/gpt-4o-mini' });
    assert.equal(cheapOnly.model, 'openai/gpt-4o-mini');
    assert.ok(cheapOnly.reasons.includes('Skipped anthropic/claude-sonnet-4.5: it would go past a spending limit you set.'));
    const none = routed('Tell me a joke.', { withinBudget: () => false });
    assert.equal(none.model, 'anthropic/claude-sonnet-4.5');
    assert.match(none.reasons.at(-1) ?? '', /^Chose anthropic\/claude-sonnet-4\.5 anyway: it only failed the budget check/);
  });

  it('without the model list, chooses the first candidate and says nothing was checked', () => {
    const chosen = routed('Tell me a joke.', { catalog: undefined });
    assert.equal(chosen.model, 'anthropic/claude-sonnet-4.5');
    assert.match(chosen.reasons.at(-1) ?? '', /could not be fetched/);
  });

  it("names the user's rule as the source, and the general rule when the task has none", () => {
    const { rules } = resolveRules({ openrouter: { general: ['openai/gpt-4o-mini'] } }, [{ id: 'openrouter', dialect: 'openrouter' }]);
    const chosen = routed('日本の正月の習慣を教えてください。', { rules });
    assert.equal(chosen.reasons[1], 'Rule: OpenRouter general → openai/gpt-4o-mini, from your switchboard.router.rules (there is no japanese rule, so the general one applies).');
  });

  it('refuses with every reason when no candidate can take the request', () => {
    // On OpenRouter the free router is always left; BizRouter has no free models.
    assert.equal(routed('Tell me a joke.', { catalog: [] }).model, 'openrouter/free');
    const result = route(detect('Tell me a joke.'), context({ gateway: { id: 'bizrouter', label: 'BizRouter' }, catalog: bizrouter, freeOnly: true }));
    assert.equal(result.kind, 'none');
    assert.match(result.kind === 'none' ? result.message : '', /Skipped bizrouter\/route: it can pick paid models, and only free models may be used\. Skipped openai\/gpt-4o-mini: it is not free, and only free models may be used\.$/);
    const custom = route(detect('hi'), context({ gateway: { id: 'my-vllm', label: 'vLLM' } }));
    assert.deepEqual(custom, { kind: 'none', message: 'there are no rules for vLLM; add its models to switchboard.router.rules under "my-vllm"' });
  });
});
