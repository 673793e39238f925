/**
 * Auto's router: how often it reads the task right, and how long a decision takes.
 *
 * Accuracy: the labelled corpus (test/fixtures/router/corpus.ts, English, Korean, Chinese,
 * Japanese and French; prose, code and long inputs), per task, overall, and on the prompts
 * held out: written after all tuning. Speed: a whole decision (detection plus choosing among the
 * default candidates against the simulator's catalog) for 100 KB inputs of several kinds, timed
 * over many runs after a warm-up.
 *
 * Also: the confusion matrix (all prompts, and the held-out ones), and how often Auto says it is
 * unsure, and how often that is where it is wrong.
 *
 * Run: npm run bench:router      Targets: at least 95% overall; under 5 ms for 100 KB.
 */
import { performance } from 'node:perf_hooks';
import { parseCatalog } from '../src/gateway/core/catalog';
import { TASKS, detectTask } from '../src/router/core/detect';
import { route } from '../src/router/core/route';
import { DEFAULT_RULES } from '../src/router/core/rules';
import { LONG_INPUT_TOKENS, detect, measureAccuracy } from '../test/fixtures/router/accuracy';
import { CORPUS, type LabelledPrompt } from '../test/fixtures/router/corpus';
import { openRouterListing } from '../test/fixtures/simulator/catalog';

const RUNS = 200;
const INPUT_BYTES = 100 * 1024;

const percent = (correct: number, total: number): string => `${((100 * correct) / total).toFixed(1)}%`.padStart(6);

function printAccuracy(): void {
  const all = measureAccuracy();
  const held = measureAccuracy(CORPUS.filter((p) => p.heldOut));
  console.log(`Accuracy on ${all.total} labelled prompts (${held.total} of them held out: written after all tuning):`);
  console.log('  task       right / all        held-out');
  for (const c of all.classes) {
    const h = held.classes.find((x) => x.task === c.task);
    const heldText = h && h.total > 0 ? `${h.correct}/${h.total}` : '-';
    console.log(`  ${c.task.padEnd(9)} ${String(c.correct).padStart(4)} / ${String(c.total).padEnd(4)} ${percent(c.correct, c.total)}   ${heldText}`);
  }
  console.log(`  overall   ${String(all.correct).padStart(4)} / ${String(all.total).padEnd(4)} ${percent(all.correct, all.total)}   ${held.correct}/${held.total} (${percent(held.correct, held.total).trim()})`);
  for (const miss of all.misses) console.log(`  missed: ${miss.prompt.task} read as ${miss.detected}: ${JSON.stringify(miss.prompt.text.slice(0, 70))}`);
  printConfusion('all prompts', CORPUS);
  printConfusion('held out', CORPUS.filter((p) => p.heldOut));
  printUnsure();
}

/** Rows: the task a prompt is labelled with; columns: the task read. */
function printConfusion(title: string, corpus: readonly LabelledPrompt[]): void {
  console.log(`Confusion, ${title} (rows: labelled, columns: read):`);
  console.log(`  ${''.padEnd(9)}${TASKS.map((t) => t.padStart(9)).join('')}`);
  for (const labelled of TASKS) {
    const row = TASKS.map((read) => corpus.filter((p) => p.task === labelled && detect(p.text) === read).length);
    console.log(`  ${labelled.padEnd(9)}${row.map((n) => String(n || '·').padStart(9)).join('')}`);
  }
}

/** How often Auto says it is unsure, and whether it is unsure where it is wrong, with the right runner-up. */
function printUnsure(): void {
  let unsure = 0;
  let unsureRight = 0;
  let missed = 0;
  let missedFlagged = 0;
  let runnerUpRight = 0;
  for (const prompt of CORPUS) {
    const detection = detectTask(prompt.text, [{ content: prompt.text }], { longInputTokens: LONG_INPUT_TOKENS });
    const right = detection.task === prompt.task;
    if (detection.runnerUp) unsure += 1;
    if (detection.runnerUp && right) unsureRight += 1;
    if (!right) missed += 1;
    if (!right && detection.runnerUp) missedFlagged += 1;
    if (!right && detection.runnerUp === prompt.task) runnerUpRight += 1;
  }
  console.log(`Unsure on ${unsure} of ${CORPUS.length} prompts (${unsureRight} of them read right); of the ${missed} misses, ${missedFlagged} said unsure, ${runnerUpRight} with the right runner-up.`);
}

/** `unit` repeated up to about `bytes` of UTF-8. */
function filled(unit: string, bytes: number): string {
  const size = Buffer.byteLength(unit);
  return unit.repeat(Math.ceil(bytes / size));
}

const INPUTS: ReadonlyArray<readonly [string, string]> = [
  ['English prose', filled('The committee reviewed the transport plan and asked for safer cycling routes near the station. ', INPUT_BYTES)],
  ['French prose', filled("Le conseil a examiné le budget de l'année prochaine et la rénovation des gymnases. ", INPUT_BYTES)],
  ['Chinese prose', filled('本季度公司整体营业收入同比增长，其中线上渠道贡献了超过一半的增量。', INPUT_BYTES)],
  ['Korean prose', filled('이번 분기 고객 만족도 조사에 따르면 배송 속도에 대한 만족도는 높아졌습니다. ', INPUT_BYTES)],
  ['Python, fenced', `Why is this slow?\n\`\`\`python\n${filled('def total(rows):\n    return sum(r.price for r in rows)\n', INPUT_BYTES)}\`\`\``],
  ['TypeScript, pasted', filled('export function add(a: number, b: number): number {\n  return a + b;\n}\n', INPUT_BYTES)],
  // Shapes that make careless patterns backtrack: one endless word, camel case, snake case, brackets.
  ['One 100 KB word', filled('x', INPUT_BYTES)],
  ['camelCase run', filled('aB', INPUT_BYTES)],
  ['snake_case run', filled('a_', INPUT_BYTES)],
  ['Backticks, brackets', filled('`(x` [', INPUT_BYTES)],
];

function printSpeed(): void {
  const catalog = parseCatalog('openrouter', openRouterListing()).models;
  const context = { gateway: { id: 'openrouter', label: 'OpenRouter' }, rules: DEFAULT_RULES, catalog, freeOnly: false, maxTokens: undefined, withinBudget: () => true };
  const decide = (text: string): string => {
    const result = route(detectTask(text, [{ content: text }], { longInputTokens: LONG_INPUT_TOKENS }), context);
    return result.kind === 'routed' ? result.route.label : result.message;
  };
  console.log(`\nOne routing decision for a ${INPUT_BYTES / 1024} KB input, ${RUNS} runs after a warm-up:`);
  console.log('  input                median    p95      max     decision');
  for (const [name, text] of INPUTS) {
    for (let i = 0; i < 20; i++) decide(text);
    const times: number[] = [];
    let label = '';
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      label = decide(text);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const ms = (t: number): string => `${t.toFixed(2)} ms`.padStart(8);
    console.log(`  ${name.padEnd(20)} ${ms(times[Math.floor(RUNS / 2)]!)} ${ms(times[Math.floor(RUNS * 0.95)]!)} ${ms(times.at(-1)!)}  ${label}`);
  }
}

printAccuracy();
printSpeed();
