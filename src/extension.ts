import * as vscode from 'vscode';
import { CatalogStore } from './gateway/vscode/catalogStore';
import { registerChat } from './chat/vscode/chatPanel';
import { ConversationStore } from './conversations/vscode/conversationStore';
import { registerCodeCommands } from './editor/vscode/codeCommands';
import { EditorTracker } from './editor/vscode/editorTracker';
import { ProposedEdits } from './editor/vscode/proposedEdits';
import { AnswerDiff } from './compare/vscode/answerDiff';
import { LeaderboardStore } from './compare/vscode/leaderboardStore';
import { FreeSlots } from './costs/core/freeSlots';
import { CreditStatus } from './costs/vscode/creditStatus';
import { BudgetGuard } from './costs/vscode/budgetGuard';
import { FreeLimitsStore } from './costs/vscode/freeLimitsStore';
import { LedgerStore } from './costs/vscode/ledgerStore';
import type { MessageView } from './protocol';
import * as settings from './config/vscode/settings';
import { KeyCommands } from './keys/vscode/keyCommands';
import { offerEnvironmentKeys } from './keys/vscode/keyImport';
import { KeyStore } from './keys/vscode/keyStore';
import { watchSettingsProblems } from './config/vscode/settingsProblems';

export function activate(context: vscode.ExtensionContext): void {
  const keys = new KeyStore(context.secrets);
  const catalog = new CatalogStore(context.globalState, keys);
  const keyCommands = new KeyCommands(keys, catalog);
  const store = new ConversationStore(context.globalStorageUri);
  const ledger = new LedgerStore(context.globalStorageUri);
  const freeRequests = new FreeLimitsStore(context.globalState);
  const edits = new ProposedEdits();
  const editors = new EditorTracker();
  const credit = new CreditStatus(keys, ledger, freeRequests);
  const diffs = new AnswerDiff();
  const leaderboard = new LeaderboardStore(context.globalState);
  context.subscriptions.push(
    store,
    store.onDidSetAside(({ file, detail }) => {
      void vscode.window.showWarningMessage(`Switchboard could not read a saved conversation (${detail}). It was moved aside, unchanged, to ${file}.`);
    }),
    keyCommands.register(),
    ledger,
    freeRequests,
    edits,
    editors,
    credit,
    diffs,
    leaderboard,
    registerChat({
      extensionUri: context.extensionUri,
      editors,
      keys,
      catalog,
      budget: new BudgetGuard(ledger),
      freeSlots: new FreeSlots(freeRequests),
      edits,
      store,
      diffs,
      leaderboard,
      shown: context.workspaceState,
      answered: (message, gatewayId) => void recordSpend(ledger, message, gatewayId).then(() => credit.refresh()),
    }),
    watchSettingsProblems(),
    registerCodeCommands(editors),
  );
  // Not awaited: a question about keys must never hold up activation.
  void offerEnvironmentKeys(process.env, keys, keyCommands, context.globalState);
}

/** Every priced answer goes into the ledger, under the gateway and the model that answered. */
async function recordSpend(ledger: LedgerStore, message: MessageView, gatewayId: string): Promise<void> {
  const cost = message.cost;
  if (!cost) return;
  await ledger.record({
    at: new Date().toISOString(),
    gatewayId,
    model: message.model ?? settings.chatModel(),
    usdNano: BigInt(cost.usdNano),
    krwNano: BigInt(cost.krwNano),
    source: cost.source,
    krwPerUsd: cost.krwPerUsd,
  });
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
