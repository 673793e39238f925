/**
 * The layers are enforced by the build: each forbidden import, linted as if it stood in the file
 * named, is reported by the rule that guards it; and the pure tsconfig gives pure code no VS Code.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');

interface Case {
  readonly what: string;
  /** Where the code is linted as if it stood. */
  readonly file: string;
  readonly code: string;
  readonly rule: string;
}

const FORBIDDEN: readonly Case[] = [
  { what: 'a pure module importing vscode', file: 'src/router/core/probe.ts', code: "import * as vscode from 'vscode';\nexport const v = vscode.version;\n", rule: 'no-restricted-imports' },
  { what: 'a pure module importing an adapter', file: 'src/router/core/probe.ts', code: "import { ChatPanel } from '../../chat/vscode/chatPanel';\nexport const p = ChatPanel;\n", rule: 'import-x/no-restricted-paths' },
  { what: 'a pure module importing the entry point', file: 'src/costs/core/probe.ts', code: "import { activate } from '../../extension';\nexport const a = activate;\n", rule: 'import-x/no-restricted-paths' },
  { what: 'a pure module reading files itself', file: 'src/costs/core/probe.ts', code: "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n", rule: 'no-restricted-imports' },
  { what: 'a pure module importing a VS Code package', file: 'src/gateway/core/probe.ts', code: "import { createVSIX } from '@vscode/vsce';\nexport const c = createVSIX;\n", rule: 'no-restricted-imports' },
  { what: 'a pure module importing the protocol', file: 'src/chat/core/probe.ts', code: "import type { HostMessage } from '../../protocol';\nexport type H = HostMessage;\n", rule: 'import-x/no-restricted-paths' },
  { what: 'the protocol importing an adapter', file: 'src/protocol.ts', code: "import { KeyStore } from './keys/vscode/keyStore';\nexport const k = KeyStore;\n", rule: 'import-x/no-restricted-paths' },
  { what: 'the webview importing the settings adapter', file: 'webview/probe.ts', code: "import { chatModel } from '../src/config/vscode/settings';\nexport const m = chatModel;\n", rule: 'import-x/no-restricted-paths' },
  { what: 'the webview importing a pure module off its allow-list', file: 'webview/probe.ts', code: "import { route } from '../src/router/core/route';\nexport const r = route;\n", rule: 'import-x/no-restricted-paths' },
  { what: 'the webview importing vscode', file: 'webview/probe.ts', code: "import * as vscode from 'vscode';\nexport const v = vscode.version;\n", rule: 'no-restricted-imports' },
  { what: 'the webview importing Node', file: 'webview/probe.ts', code: "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", rule: 'no-restricted-imports' },
  { what: 'a source file in no layer', file: 'src/helpers.ts', code: 'export const x = 1;\n', rule: 'layers/in-a-layer' },
  { what: 'a source file in a folder that is no layer', file: 'src/chat/util/probe.ts', code: 'export const x = 1;\n', rule: 'layers/in-a-layer' },
];

/** The same imports where the layers allow them: the rules report nothing. */
const ALLOWED: readonly Omit<Case, 'rule'>[] = [
  { what: 'an adapter importing vscode and a pure module', file: 'src/chat/vscode/probe.ts', code: "import * as vscode from 'vscode';\nimport { route } from '../../router/core/route';\nexport const x = [vscode.version, route];\n" },
  { what: 'a pure module importing another feature\'s pure module', file: 'src/router/core/probe.ts', code: "import { perMillion } from '../../costs/core/pricing';\nexport const p = perMillion;\n" },
  { what: 'the webview importing its allow-list', file: 'webview/probe.ts', code: "import { formatPair } from '../src/costs/core/money';\nimport { columnName } from '../src/compare/core/compareSummary';\nimport { AUTO_MODEL } from '../src/protocol';\nexport const x = [formatPair, columnName, AUTO_MODEL];\n" },
];

async function reported(eslint: ESLint, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('layers enforced by lint', function () {
  this.timeout(60_000);
  // The probes stand in files that are in no tsconfig, so the type-aware rules (which are not the
  // layer rules) are set aside for them.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { project: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });

  for (const { what, file, code, rule } of FORBIDDEN) {
    it(`reports ${what}`, async () => {
      assert.ok((await reported(eslint, file, code)).includes(rule), `${rule} was not reported for ${file}`);
    });
  }

  for (const { what, file, code } of ALLOWED) {
    it(`allows ${what}`, async () => {
      assert.deepEqual(await reported(eslint, file, code), []);
    });
  }
});

describe('the pure tsconfig', function () {
  this.timeout(60_000);
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-layers-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  function errors(config: string): string[] {
    const probe = join(folder, 'probe.ts');
    writeFileSync(probe, "import * as vscode from 'vscode';\nexport const version: string = vscode.version;\n");
    const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    assert.ok(parsed, `${config} could not be read`);
    const program = ts.createProgram([probe], parsed.options);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it('fails to compile a pure module that uses vscode', () => {
    assert.ok(errors('tsconfig.core.json').some((message) => message.includes("'version' does not exist")));
  });

  it('while the adapters’ tsconfig compiles the same code', () => {
    assert.deepEqual(errors('tsconfig.json'), []);
  });
});
