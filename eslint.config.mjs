// Lint, including the layers of docs/architecture.md, enforced here rather than by review:
// - every source file sits in a layer: src/<feature>/core (pure), src/<feature>/vscode (adapters),
//   or is one of src/extension.ts and src/protocol.ts;
// - pure code never imports vscode, an adapter, the extension's entry point, or Node's I/O modules;
// - the protocol is shared with the webview, so it imports only pure code;
// - the webview runs in a browser: no vscode, no Node, and from src/ only its allow-list.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';
import { layers } from './scripts/lint/layers.mjs';

/** What the webview may import from src/: the protocol, and pure modules whose words it shows. */
const WEBVIEW_ALLOWED = ['./protocol.ts', './costs/core/money.ts', './compare/core/compareSummary.ts', './gateway/core/modelLabels.ts', './context/core/attachmentName.ts', './context/core/imageLimits.ts'];

/** Node modules that reach outside the process: pure code takes what it needs through ports. */
const NODE_IO = ['fs', 'fs/*', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'dns', 'tls', 'worker_threads', 'cluster', 'os', 'readline', 'repl', 'vm'];
const nodeIo = NODE_IO.flatMap((name) => [name, `node:${name}`]);
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'stream', 'url', 'util'];

const noVscode = (why) => ({ name: 'vscode', message: why });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'types/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // A regular expression over text from outside (a gateway's body, a prompt, a setting) must not
    // take super-linear time on a crafted input.
    files: ['**/*.ts', '**/*.mjs'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      'regexp/no-misleading-capturing-group': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX, layers },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js'] })] },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // Type-aware: a promise nobody awaits, or one handed where a plain callback is expected, loses
    // its failure silently.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.webview.json', './tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'layers/in-a-layer': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: 'src/*/core/**', from: 'src/*/vscode/**', message: 'Pure code (core/) never imports an adapter (vscode/): pass what it needs in as a port.' },
            { target: 'src/*/core/**', from: 'src/extension.ts', message: 'Pure code (core/) never imports the extension entry point.' },
            { target: 'src/*/core/**', from: 'src/protocol.ts', message: 'The domain owns its types: the protocol imports them, never the reverse.' },
            { target: 'src/protocol.ts', from: 'src/*/vscode/**', message: 'The protocol is shared with the webview: it imports only pure code.' },
            { target: 'src/protocol.ts', from: 'src/extension.ts', message: 'The protocol is shared with the webview: it imports only pure code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/*/core/**/*.ts', 'src/protocol.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode('Pure code (core/ and protocol.ts) never imports vscode.')],
          patterns: [
            { group: ['@vscode/*'], message: 'Pure code never imports VS Code packages.' },
            { group: nodeIo, message: 'Pure code does no I/O of its own: the adapter passes it in as a port.' },
          ],
        },
      ],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode('The webview runs in a browser: no vscode.')],
          patterns: [{ group: nodeBuiltins, message: 'The webview runs in a browser: no Node built-ins.' }],
        },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: 'webview',
              from: 'src',
              except: WEBVIEW_ALLOWED,
              message: `The webview may import from src/ only ${WEBVIEW_ALLOWED.map((p) => `src/${p.slice(2)}`).join(', ')}.`,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
