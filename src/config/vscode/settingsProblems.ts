/** Tells the user, once per distinct set, which gateway, router and provider settings were ignored and why. */
import * as vscode from 'vscode';
import * as settings from './settings';

export function watchSettingsProblems(): vscode.Disposable {
  let shown = '';
  const check = (): void => {
    const problems = [...settings.gateways().problems, ...settings.routerRules().problems, ...settings.providerPreferences().problems];
    const key = problems.join('\n');
    if (key === shown) return;
    shown = key;
    if (problems.length === 0) return;
    void vscode.window
      .showWarningMessage(`Switchboard ignored part of its settings: ${problems.join('; ')}.`, 'Open Settings')
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', '@ext:switchboard.switchboard');
      });
  };
  check();
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (settings.affectsSwitchboard(event)) check();
  });
}
