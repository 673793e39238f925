/**
 * Text nobody here wrote, from this machine, to hold the token estimate to a real tokenizer:
 * translators' work in the gettext catalogs Debian installs (`/usr/share/locale/<lang>/LC_MESSAGES/*.mo`:
 * the English originals and their Korean, Chinese, Japanese, French, Russian, Greek and Arabic
 * translations),
 * English prose from the READMEs of installed npm packages, and source code (TypeScript from
 * node_modules, Python's standard library). Each corpus is split by source before anything is
 * tuned: `train` sources may be tuned on, `test` sources never are.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const LANGUAGES = ['English', 'Korean', 'Chinese', 'Japanese', 'French', 'Russian', 'Greek', 'Arabic', 'code'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Split = 'train' | 'test';

export interface Sample {
  readonly language: Language;
  readonly split: Split;
  readonly source: string;
  readonly text: string;
}

const LOCALES: Partial<Record<Language, string>> = { Korean: 'ko', Chinese: 'zh_CN', Japanese: 'ja', French: 'fr', Russian: 'ru', Greek: 'el', Arabic: 'ar' };

/** Catalogs tuned on; every other catalog is held out. */
const TRAIN_CATALOGS = new Set(['coreutils', 'git', 'apt', 'dpkg', 'tar', 'grep', 'sed', 'bash', 'findutils', 'wget', 'make', 'libapt-pkg6.0']);

/** About this many characters a sample: long enough that a few odd strings do not decide it. */
const SAMPLE_CHARS = 2000;

/** The original and translated strings of a compiled gettext catalog (plural forms and contexts taken apart). */
export function readMo(bytes: Buffer): Array<{ original: string; translation: string }> {
  const magic = bytes.readUInt32LE(0);
  const little = magic === 0x950412de;
  if (!little && bytes.readUInt32BE(0) !== 0x950412de) return [];
  const u32 = (at: number): number => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const count = u32(8);
  const originals = u32(12);
  const translations = u32(16);
  const text = (table: number, i: number): string => {
    const length = u32(table + i * 8);
    const offset = u32(table + i * 8 + 4);
    return bytes.subarray(offset, offset + length).toString('utf8');
  };
  const pairs: Array<{ original: string; translation: string }> = [];
  for (let i = 0; i < count; i++) {
    const original = text(originals, i);
    if (original === '') continue; // the catalog's header
    const withoutContext = original.slice(original.indexOf('\u0004') + 1);
    pairs.push({ original: withoutContext.split('\u0000')[0] ?? '', translation: text(translations, i).split('\u0000')[0] ?? '' });
  }
  return pairs;
}

/** Strings joined into samples of about SAMPLE_CHARS characters. */
function chunked(strings: readonly string[], make: (text: string, index: number) => Sample): Sample[] {
  const samples: Sample[] = [];
  let current: string[] = [];
  let length = 0;
  for (const s of strings) {
    const trimmed = s.trim();
    if (!trimmed) continue;
    current.push(trimmed);
    length += trimmed.length + 1;
    if (length >= SAMPLE_CHARS) {
      samples.push(make(current.join('\n'), samples.length));
      current = [];
      length = 0;
    }
  }
  if (length > SAMPLE_CHARS / 4) samples.push(make(current.join('\n'), samples.length));
  return samples;
}

function catalogSamples(): Sample[] {
  const samples: Sample[] = [];
  const englishSeen = new Set<string>();
  for (const language of LANGUAGES) {
    const locale = LOCALES[language];
    if (!locale) continue;
    const dir = `/usr/share/locale/${locale}/LC_MESSAGES`;
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.mo')).sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const name = file.slice(0, -3);
      // ISO code lists are names of countries and languages, not sentences.
      if (name.startsWith('iso_') || name === 'xkeyboard-config') continue;
      const split: Split = TRAIN_CATALOGS.has(name) ? 'train' : 'test';
      const pairs = readMo(readFileSync(join(dir, file))).filter((p) => p.translation.trim() && p.translation !== p.original);
      samples.push(...chunked(pairs.map((p) => p.translation), (text, i) => ({ language, split, source: `${locale}/${name}#${i}`, text })));
      if (!englishSeen.has(name)) {
        englishSeen.add(name);
        samples.push(...chunked(pairs.map((p) => p.original), (text, i) => ({ language: 'English', split, source: `msgid/${name}#${i}`, text })));
      }
    }
  }
  return samples;
}

function* filesUnder(dir: string, accept: (path: string) => boolean, depth = 0): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory() && depth < 6 && entry !== 'test' && entry !== 'tests') yield* filesUnder(path, accept, depth + 1);
    else if (stat.isFile() && accept(path) && stat.size > 500 && stat.size < 200_000) yield path;
  }
}

/** Markdown prose of the READMEs in node_modules, without its code blocks; packages a–m train, the rest test. */
function readmeSamples(root: string): Sample[] {
  const samples: Sample[] = [];
  for (const pkg of readdirSync(join(root, 'node_modules')).sort()) {
    const path = join(root, 'node_modules', pkg, 'README.md');
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    const prose = text.replace(/```[\s\S]*?```/g, '').split('\n').filter((line) => line.split(' ').filter((word) => /^[a-z]{3,}$/i.test(word)).length >= 3 && !/^\s*[|<]/.test(line));
    const split: Split = /^[a-m@]/i.test(pkg) ? 'train' : 'test';
    samples.push(...chunked(prose, (t, i) => ({ language: 'English', split, source: `readme/${pkg}#${i}`, text: t })));
  }
  return samples;
}

/** Source files, cut into samples: TypeScript of the openai SDK trains; Python's standard library and playwright's JavaScript test. */
function codeSamples(root: string): Sample[] {
  const samples: Sample[] = [];
  const add = (files: Iterable<string>, split: Split, limit: number): void => {
    let taken = 0;
    for (const file of files) {
      if (taken >= limit) return;
      const lines = readFileSync(file, 'utf8').split('\n');
      const made = chunked(lines, (text, i) => ({ language: 'code', split, source: `${file}#${i}`, text }));
      samples.push(...made.slice(0, 3));
      taken += Math.min(3, made.length);
    }
  };
  add(filesUnder(join(root, 'node_modules/openai/src'), (p) => p.endsWith('.ts')), 'train', 150);
  const python = readdirSync('/root/.pyenv/versions').map((v) => `/root/.pyenv/versions/${v}/lib`).flatMap((lib) => {
    try {
      return readdirSync(lib).filter((d) => d.startsWith('python')).map((d) => join(lib, d));
    } catch {
      return [];
    }
  })[0];
  if (python) add(filesUnder(python, (p) => p.endsWith('.py') && !p.includes('site-packages')), 'test', 100);
  add(filesUnder(join(root, 'node_modules/playwright-core/lib'), (p) => p.endsWith('.js')), 'test', 100);
  return samples;
}

export function loadCorpora(root: string): Sample[] {
  return [...catalogSamples(), ...readmeSamples(root), ...codeSamples(root)];
}
