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
import { BudgetGuard } from './costs/core/budgetGuard';
import { entryOf } from './costs/core/ledger';
import { budgetPrompts } from './costs/vscode/budgetPrompts';
import type { Served } from './request/core/requestPipeline';
import { gatewayPipeline } from './request/vscode/requestPorts';
import { FreeLimitsStore } from './costs/vscode/freeLimitsStore';
import { LedgerStore } from './costs/vscode/ledgerStore';
import { BillReader } from './costs/vscode/billReader';
import { KeyCommands } from './keys/vscode/keyCommands';
import { offerEnvironmentKeys } from './keys/vscode/keyImport';
import { KeyStore } from './keys/vscode/keyStore';
import { watchSettingsProblems } from './config/vscode/settingsProblems';
import { LmProvider } from './lm/vscode/lmProvider';
import { registerParticipant } from './lm/vscode/chatParticipant';

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
  const leaderboard = new LeaderboardStore(context.globalStorageUri);
  const bills = new BillReader(keys, ledger);
  const pipeline = gatewayPipeline({
    keys,
    catalog,
    budget: new BudgetGuard(budgetPrompts(ledger)),
    freeSlots: new FreeSlots(freeRequests),
    served: (served) => {
      const recorded = recordServed(ledger, bills, served);
      void recorded.then(() => credit.refresh());
      return recorded;
    },
  });
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
    bills,
    bills.onDidBill(() => credit.refresh()),
    registerChat({
      extensionUri: context.extensionUri,
      editors,
      keys,
      catalog,
      pipeline,
      edits,
      store,
      diffs,
      leaderboard,
      bills,
      shown: context.workspaceState,
    }),
    new LmProvider({ keys, catalog, pipeline, ledger }),
    registerParticipant({ pipeline, ledger, editors, store }),
    watchSettingsProblems(),
    registerCodeCommands(editors),
  );
  // Not awaited: a question about keys must never hold up activation.
  void offerEnvironmentKeys(process.env, keys, keyCommands, context.globalState);
}

/** Every answer served at a known cost goes into the ledger; an estimated one's bill is looked for. */
async function recordServed(ledger: LedgerStore, bills: BillReader, served: Served): Promise<void> {
  const { cost } = served;
  if (!cost) return;
  const entry = entryOf({ ...served, cost });
  await ledger.record(entry);
  bills.track(entry);
}

export function deactivate(): void {
  // Everything is released through context.subscriptions.
}
