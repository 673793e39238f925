/**
 * What a request is about, read from its text alone: offline, in one pass over the prompt, fast
 * enough for a 100 KB paste. The router turns the finding into a model; this file only looks.
 *
 * Tasks, first match wins: `long` (the whole request estimated past a threshold of tokens), `code`
 * (fenced code, lines that read as code, or a prompt that asks for programming), then the
 * language of the prose: `chinese`, `japanese`, `korean`; anything else is `general`.
 */
import { estimatePromptTokens, thousands } from '../../costs/core/budget';

export const TASKS = ['long', 'code', 'chinese', 'japanese', 'korean', 'general'] as const;
export type Task = (typeof TASKS)[number];

/** The prose's script: CJK characters counted one each, Latin words one and a half each. */
export interface ScriptShares {
  readonly han: number;
  readonly kana: number;
  readonly hangul: number;
  readonly latinWords: number;
}

export interface Detection {
  readonly task: Task;
  /** For the whole request, as the budget estimates it. */
  readonly estimatedTokens: number;
  /** The programming language, when code was seen and its language could be told. */
  readonly codeLanguage?: string;
  /** The prose's language when it is Chinese, Japanese or Korean, even when another task won. */
  readonly proseLanguage?: 'chinese' | 'japanese' | 'korean';
  /** Why, in a few words: "a fenced python block", "86% Hangul". */
  readonly evidence: string;
  /** Set when the finding is weak: the task that came a close second (code, when programming words were just too few to call it code). */
  readonly runnerUp?: Task;
}

export interface DetectOptions {
  /** Requests estimated at this many tokens or more are `long`. */
  readonly longInputTokens: number;
}

/** Where the code evidence came from. */
interface CodeFinding {
  readonly language: string | undefined;
  readonly evidence: string;
}

/** Programming words and inline code weigh this much together before prose is taken for a question about code. */
const CODE_TERMS_AT = 3;
/** From this weight up to `CODE_TERMS_AT`, prose not taken for code is a weak finding: code comes a close second. */
const MAYBE_CODE_AT = 2;

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;

/** Info strings and editor language ids that are not a programming language. */
const NOT_CODE_INFO = new Set(['', 'text', 'txt', 'plaintext', 'markdown', 'md', 'log', 'output']);

const LINE_STARTS_CODE =
  /^\s*(?:def |class \w|import [\w{*]|from [\w.]+ import |function\b|const |let |var |return\b|if ?\(|for ?\(|while ?\(|switch ?\(|#include|#define|public |private |protected |static |fn |func |package |using |namespace |interface \w|type \w+ ?=|struct |enum |impl\b|pub |async |await |export |@\w+|<\/?[a-zA-Z][\w-]*[ >]|SELECT |INSERT |UPDATE |DELETE FROM|CREATE |ALTER |\$ |sudo |npm |pip |git |docker |kubectl |echo |print\(|console\.|System\.|std::|elif |else:|try:|except|catch ?\(|\} ?else|\w+ ?:?= ?[\w"'[{(]|\w+\(.*\)\s*;?$)/;
const LINE_ENDS_CODE = /[;{}]\s*$|\)\s*:\s*$|=>\s*(?:\{\s*)?$/;
const SYMBOL_CHARS = '{}[]();=<>+*/\\|&!%^~$#@_';
const IS_SYMBOL = new Uint8Array(128);
for (const ch of SYMBOL_CHARS) IS_SYMBOL[ch.charCodeAt(0)] = 1;

/** How many of a line's characters are the punctuation code is made of; counted, not matched, to stay quick on long lines. */
function symbolCount(line: string): number {
  let symbols = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code < 128 && IS_SYMBOL[code] === 1) symbols += 1;
  }
  return symbols;
}

/** A line that reads as code rather than prose. */
function codeLike(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.length < 3) return false;
  if (LINE_ENDS_CODE.test(trimmed)) return true;
  // Prose starting with a keyword ("Let me know…", "Import duties…") has no symbols in it.
  const symbols = symbolCount(trimmed);
  if (LINE_STARTS_CODE.test(trimmed) && symbols > 0 && !/[.!?。？！]$/.test(trimmed)) return true;
  return symbols >= 4 && symbols / trimmed.length >= 0.12;
}

/** Latin words as whole words: not inside a longer word, but fine right next to CJK text. */
const words = (list: string): RegExp => new RegExp(`(?<![A-Za-z0-9_])(?:${list})(?![A-Za-z0-9_])`, 'gi');

/**
 * Words that say a prompt is about programming, by weight: a programming language, tool or error
 * name settles it alone (3); an ambiguous name (2) or a programming word (1) needs company.
 */
const TERM_WEIGHTS: ReadonlyArray<readonly [RegExp, number]> = [
  [words(String.raw`python|javascript|typescript|kotlin|golang|goroutines?|c\+\+|c#|php|haskell|sql|regexp?|bash|powershell|shell script|dockerfile|docker|kubernetes|kubectl|django|flask|fastapi|spring boot|node\.js|nodejs|npm|pip|cargo|webpack|vite|redux|graphql|redis|postgres(?:ql)?|mysql|mongodb|pandas|numpy|pytorch|tensorflow|leetcode|segfault|stack trace|nullpointerexception|typeerror|syntaxerror|traceback|git|json|yaml|html|css|list comprehension|makefile|time complexity`), 3],
  // A source file's name, or an identifier called like a function (setCount(…), parse_args()).
  // Case matters here: with it ignored, the camel-case pattern would backtrack without end on a long word.
  [/(?<![\w.-])[\w-]+\.(?:py|js|mjs|ts|tsx|jsx|c|h|cc|cpp|hpp|java|go|rs|rb|php|cs|kt|swift|sh|sql|toml|ya?ml)(?![\w-])|(?<!\w)[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\(|(?<!\w)[a-z][a-z0-9]*_[a-z0-9_]*\(/g, 3],
  [/파이썬|자바스크립트|타입스크립트|코틀린|깃허브|도커|쿠버네티스|パイソン|ジャバスクリプト/g, 3],
  [words('java|rust|swift|ruby|scala|react|vue|angular|svelte|api'), 2],
  [/자바|러스트|리액트/g, 2],
  [words(String.raw`heap|stack|pointers?|threads?|mutex|deadlock|functions?|methods?|compile[rs]?|compiling|debug|debugging|refactor|refactoring|exceptions?|unit tests?|algorithms?|endpoints?|variables?|arrays?|recursion|recursive|linked list|binary tree|hash ?map|scripts?|query|queries|loops?|bugs?|class|library|framework|fonction|compilateur|débogu\w*|algorithme|requête|boucle`), 1],
  [/함수|코드|버그|디버깅|컴파일|리팩터|변수|배열|알고리즘|쿼리|스크립트|정규식|代码|函数|编译|报错|调试|变量|数组|算法|脚本|重构|正则|查询|接口|コード|関数|バグ|デバッグ|コンパイル|変数|配列|アルゴリズム|スクリプト|正規表現|リファクタ|クエリ/g, 1],
];

/** The prompt's programming words, each counted once, with their total weight. */
function programmingTerms(prose: string): { terms: string[]; weight: number } {
  const terms: string[] = [];
  let weight = 0;
  for (const [pattern, value] of TERM_WEIGHTS) {
    for (const term of new Set((prose.match(pattern) ?? []).map((t) => (t.endsWith('(') ? `${t})` : t.toLowerCase())))) {
      terms.push(term);
      weight += value;
    }
  }
  return { terms, weight };
}

/** How much of the start and of the end of long prose is searched for programming words. */
const QUESTION_CHARS = 4000;

/**
 * Where a long paste asks its question: at its start or its end. Searching only there keeps a
 * decision quick on a 100 KB document, whose middle is the material rather than the request.
 */
function questionOf(prose: string): string {
  return prose.length <= 2 * QUESTION_CHARS ? prose : `${prose.slice(0, QUESTION_CHARS)}\n${prose.slice(-QUESTION_CHARS)}`;
}

/** Backtick spans inside prose that hold an identifier or an expression rather than a word. */
function codeSpans(prose: string): number {
  let spans = 0;
  for (const match of prose.matchAll(/`([^`\n]{1,200})`/g)) {
    if (/[()[\]{}.=_<>:/]|[a-z][A-Z]/.test(match[1] ?? '')) spans += 1;
  }
  return spans;
}

/** Fenced blocks and the prose around them, in one pass over the lines. */
function splitFences(text: string): { prose: string[]; fenced: string[]; info: string | undefined; blocks: number } {
  const prose: string[] = [];
  const fenced: string[] = [];
  let info: string | undefined;
  let blocks = 0;
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = FENCE.exec(line);
    if (open === undefined && fence) {
      open = fence[1] ?? '```';
      blocks += 1;
      info ??= fence[2]?.toLowerCase();
    } else if (open !== undefined && fence && (fence[1] ?? '').startsWith(open) && !fence[2]) {
      open = undefined;
    } else (open === undefined ? prose : fenced).push(line);
  }
  return { prose, fenced, info, blocks };
}

/** Editor language ids and fence info strings, as a person would name the language. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  py: 'python', js: 'javascript', jsx: 'javascript', ts: 'typescript', tsx: 'typescript', typescriptreact: 'typescript', javascriptreact: 'javascript',
  sh: 'shell', bash: 'shell', shellscript: 'shell', zsh: 'shell', rs: 'rust', golang: 'go', cs: 'csharp', 'c#': 'csharp', cpp: 'c++', 'c++': 'c++', kt: 'kotlin', rb: 'ruby', yml: 'yaml',
};

/** A best guess at the language of unfenced code, from its most telling lines. */
const GUESSES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^[^\S\n\r\u2028\u2029]*(?:def \w+\(|elif |from [\w.]+ import |import \w+$)|self\.|print\(/m, 'python'],
  [/^[^\S\n\r\u2028\u2029]*(?:fn \w+|let mut |impl\b|use \w+::)/m, 'rust'],
  [/^[^\S\n\r\u2028\u2029]*(?:func \w+|package \w+$)|:= /m, 'go'],
  [/^[^\S\n\r\u2028\u2029]*#include|std::/m, 'c++'],
  [/^[^\S\n\r\u2028\u2029]*(?:public (?:static |final )?class|System\.out)/m, 'java'],
  [/^[^\S\n\r\u2028\u2029]*(?:interface \w+|type \w+ = )|: (?:string|number|boolean)\b/m, 'typescript'],
  [/^[^\S\n\r\u2028\u2029]*(?:const |let |function |export )|=> |console\./m, 'javascript'],
  [/^[^\S\n\r\u2028\u2029]*(?:SELECT|INSERT|UPDATE|CREATE TABLE|ALTER TABLE)\b/im, 'sql'],
  [/^[^\S\n\r\u2028\u2029]*(?:\$ |sudo |#!\/bin\/)/m, 'shell'],
  [/^[^\S\n\r\u2028\u2029]*<\/?[a-z][\w-]*[ >]/m, 'html'],
];

function languageOf(code: string, info: string | undefined): string | undefined {
  if (info && !NOT_CODE_INFO.has(info)) return LANGUAGE_NAMES[info] ?? info;
  return GUESSES.find(([pattern]) => pattern.test(code))?.[1];
}

function findCode(text: string): { code: CodeFinding | undefined; prose: string; termWeight: number } {
  const { prose: proseLines, fenced, info, blocks } = splitFences(text);
  const prose = proseLines.join('\n');
  if (fenced.some((l) => l.trim()) && (info === undefined || !NOT_CODE_INFO.has(info) || fenced.some(codeLike))) {
    const language = languageOf(fenced.join('\n'), info);
    return { code: { language, evidence: blocks > 1 ? `${blocks} fenced code blocks` : `a fenced ${language ?? 'code'} block` }, prose, termWeight: 0 };
  }
  const lines = proseLines.filter((l) => l.trim());
  const codeLines = lines.filter(codeLike);
  // Pasted code among a few lines of question, or mostly code in a longer text.
  if ((codeLines.length >= 2 && codeLines.length * 10 >= lines.length * 3) || (codeLines.length === 1 && lines.length <= 3)) {
    const language = languageOf(codeLines.join('\n'), undefined);
    return { code: { language, evidence: `${codeLines.length} of ${lines.length} lines read as ${language ?? 'code'}` }, prose, termWeight: 0 };
  }
  const question = questionOf(prose);
  const { terms, weight } = programmingTerms(question);
  const spans = codeSpans(question);
  const termWeight = weight + spans * 2;
  if (termWeight >= CODE_TERMS_AT) {
    const named = terms.slice(0, 3).join(', ');
    const evidence = named ? `it talks about programming (${named})` : `${spans} inline code spans`;
    const language = terms.map((t) => LANGUAGE_NAMES[t] ?? t).find((t) => GUESSES.some(([, name]) => name === t));
    return { code: { language, evidence }, prose, termWeight };
  }
  return { code: undefined, prose, termWeight };
}

function isHan(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ebef);
}

/** Counts the scripts of the prose; Latin letters count by word, since a word carries what a CJK character does. */
export function scriptShares(prose: string): ScriptShares {
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let latinWords = 0;
  let inWord = false;
  for (const ch of prose) {
    const cp = ch.codePointAt(0)!;
    const latin = (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7);
    if (latin && !inWord) latinWords += 1;
    inWord = latin;
    if (latin || cp < 0x2e80) continue;
    if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0xff66 && cp <= 0xff9f)) kana += 1;
    else if ((cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f)) hangul += 1;
    else if (isHan(cp)) han += 1;
  }
  return { han, kana, hangul, latinWords };
}

/** A CJK language the prose is mostly written in: Japanese when kana is mixed in with Han, Chinese when not. */
export function proseLanguageOf(shares: ScriptShares): { language: 'chinese' | 'japanese' | 'korean'; share: number; script: string } | undefined {
  const { han, kana, hangul, latinWords } = shares;
  const total = han + kana + hangul + latinWords * 1.5;
  if (total === 0) return undefined;
  const japanese = kana >= 2 && kana * 10 >= (han + kana);
  const candidates = [
    { language: 'korean' as const, units: hangul, script: 'Hangul' },
    japanese ? { language: 'japanese' as const, units: han + kana, script: 'kana and kanji' } : { language: 'chinese' as const, units: han, script: 'Han characters' },
  ];
  const best = candidates.reduce((a, b) => (b.units > a.units ? b : a));
  const share = best.units / total;
  return share >= 0.35 ? { ...best, share } : undefined;
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/**
 * Reads the task of a request: `prompt` is what the user asked now, `messages` the whole request
 * (history included) that has to fit the model's context.
 */
export function detectTask(prompt: string, messages: ReadonlyArray<{ readonly content: string }>, options: DetectOptions): Detection {
  const estimatedTokens = estimatePromptTokens(messages);
  const { code, prose, termWeight } = findCode(prompt.replace(/\r\n?/g, '\n'));
  const written = proseLanguageOf(scriptShares(prose));
  const extras = { ...(code?.language ? { codeLanguage: code.language } : {}), ...(written ? { proseLanguage: written.language } : {}) };
  if (estimatedTokens >= options.longInputTokens) {
    return { task: 'long', estimatedTokens, ...extras, evidence: `about ${thousands(estimatedTokens)} tokens, over the ${thousands(options.longInputTokens)} of a long input` };
  }
  if (code) return { task: 'code', estimatedTokens, ...extras, evidence: code.evidence };
  // Programming words just too few to call it code: close enough to say so.
  const maybeCode = termWeight >= MAYBE_CODE_AT ? { runnerUp: 'code' as const } : {};
  if (written) return { task: written.language, estimatedTokens, ...extras, evidence: `${percent(written.share)} of the text is ${written.script}`, ...maybeCode };
  return { task: 'general', estimatedTokens, ...extras, evidence: 'no code and no Chinese, Japanese or Korean text', ...maybeCode };
}
