import * as vscode from 'vscode';
import { CatalogService } from './catalogService';
import { registerChat } from './chat/chatPanel';
import { ConversationStore } from './conversations/conversationStore';
import { registerCodeCommands } from './editor/codeCommands';
import { EditorTracker } from './editor/editorTracker';
import { ProposedEdits } from './editor/proposedEdits';
import { AnswerDiff } from './compare/answerDiff';
import { LeaderboardStore } from './compare/leaderboardStore';
import { FreeSlots } from './core/freeSlots';
import { CreditStatus } from './creditStatus';
import { BudgetGuard } from './costs/budgetGuard';
import { FreeRequestLog } from './costs/freeRequestLog';
import { SpendLedger } from './costs/spendLedger';
import type { MessageView } from './protocol';
import * as settings from './settings';
import { KeyCommands } from './keyCommands';
import { offerEnvironmentKeys } from './keyImport';
import { KeyStore } from './keys';
import { watchSettingsProblems } from './settingsProblems';

export function activate(context: vscode.ExtensionContext): void {
  const keys = new KeyStore(context.secrets);
  const catalog = new CatalogService(context.globalState, keys);
  const keyCommands = new KeyCommands(keys, catalog);
  const store = new ConversationStore(context.globalStorageUri);
  const ledger = new SpendLedger(context.globalStorageUri);
  const freeRequests = new FreeRequestLog(context.globalState);
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
async function recordSpend(ledger: SpendLedger, message: MessageView, gatewayId: string): Promise<void> {
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
