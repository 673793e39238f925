// Lint, including the layer rules from the design: pure core and the webview never import vscode,
// and the webview never imports Node or host code other than the shared protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'stream', 'url', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/protocol.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core and src/protocol.ts are pure: no vscode.' }] }],
    },
  },
  {
    files: ['src/protocol.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['vscode'], patterns: [{ group: ['node:*', './*', '../*'], message: 'The protocol is shared with the webview: no imports.' }] }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview runs in a browser: no vscode.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The webview runs in a browser: no Node built-ins.' },
            // Money formatting is shared so that the panel and the status bar say the same amounts, and
            // a comparison's naming and rankings so that the panel and the export say the same.
            { group: ['../src/*', '!../src/protocol', '!../src/core', '../src/core/*', '!../src/core/money', '!../src/core/compareSummary'], message: 'The webview may import only src/protocol.ts, src/core/money.ts and src/core/compareSummary.ts from the host side.' },
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
