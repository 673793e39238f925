/** The budget guard's questions and warnings, in VS Code's own dialogs. */
import * as vscode from 'vscode';
import type { BudgetPorts } from '../core/budgetGuard';
import type { LedgerStore } from './ledgerStore';

const SEND_ANYWAY = 'Send Anyway';
const OPEN_SETTINGS = 'Open Budget Settings';

export function budgetPrompts(ledger: LedgerStore): BudgetPorts {
  return {
    entries: () => ledger.entries(),
    now: () => new Date(),
    warn: (message) => void vscode.window.showWarningMessage(`Switchboard: ${message}`),
    askToSend: async (message) => {
      const choice = await vscode.window.showWarningMessage(
        'Switchboard: this request is over your budget.',
        { modal: true, detail: `${message}\n\nSend it anyway, or change the limits in Settings.` },
        SEND_ANYWAY,
        OPEN_SETTINGS,
      );
      if (choice === OPEN_SETTINGS) void vscode.commands.executeCommand('workbench.action.openSettings', 'switchboard.budget');
      return choice === SEND_ANYWAY;
    },
  };
}
