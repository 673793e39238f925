// tsconfig.core.json resolves 'vscode' to this file: a pure module gets none of the VS Code API,
// so any use of it fails to compile (lint reports the import itself).
export type PureModulesDoNotUseVscode = never;
