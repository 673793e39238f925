/**
 * Code from an answer applied as an edit the user reviews first: the change opens in VS Code's
 * diff editor (the file as it is, and as it would be), with Apply Edit and Discard Edit in the
 * editor's title bar. Applying checks the file did not change meanwhile, and edits the document as
 * typing would: it is saved when the user saves.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../config/core/contributions';
import { selectedLineSpan } from './selectedLines';

export const PROPOSAL_SCHEME = 'switchboard-proposal';

interface Proposal {
  readonly target: vscode.TextDocument;
  readonly version: number;
  readonly range: vscode.Range;
  readonly code: string;
  readonly proposed: string;
}

/** Whole lines of a selection (code replaces lines, indentation included); an empty one stays the cursor. */
function replacedLines(editor: vscode.TextEditor): vscode.Range {
  const { selection, document } = editor;
  if (selection.isEmpty) return new vscode.Range(selection.active, selection.active);
  const { startLine, endLine } = selectedLineSpan(selection);
  return new vscode.Range(startLine, 0, endLine, document.lineAt(endLine).range.end.character);
}

export class ProposedEdits implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly proposals = new Map<string, Proposal>();
  private next = 1;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this),
      vscode.commands.registerCommand(COMMANDS.acceptEdit, (uri?: unknown) => this.accept(uri)),
      vscode.commands.registerCommand(COMMANDS.discardEdit, (uri?: unknown) => this.discard(uri)),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.proposals.get(uri.query)?.proposed ?? '';
  }

  /**
   * Shows the code replacing the lines the editor has selected (or inserted at its cursor) in a
   * diff beside the file, to apply or discard.
   */
  async propose(editor: vscode.TextEditor | undefined, code: string): Promise<void> {
    if (!editor) {
      void vscode.window.showWarningMessage('Open the file to change first, and select the lines the code should replace.');
      return;
    }
    const { document } = editor;
    const range = replacedLines(editor);
    // A code block ends with a line break that the replaced lines' own line end already gives.
    const text = range.isEmpty ? code : code.replace(/\r?\n$/, '');
    const id = String(this.next++);
    const before = document.getText(new vscode.Range(new vscode.Position(0, 0), range.start));
    const after = document.getText(new vscode.Range(range.end, document.lineAt(document.lineCount - 1).range.end));
    this.proposals.set(id, { target: document, version: document.version, range, code: text, proposed: before + text + after });
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1) || 'Untitled';
    const proposalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name}`, query: id });
    const options: vscode.TextDocumentShowOptions = { preview: false, ...(editor.viewColumn ? { viewColumn: editor.viewColumn } : {}) };
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposalUri, `${name} ↔ Switchboard's edit`, options);
  }

  private proposalOf(uri: unknown): [string, Proposal] | undefined {
    const shown = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (shown?.scheme !== PROPOSAL_SCHEME) return undefined;
    const proposal = this.proposals.get(shown.query);
    return proposal && [shown.query, proposal];
  }

  private async accept(uri: unknown): Promise<boolean> {
    const found = this.proposalOf(uri);
    if (!found) return false;
    const [id, proposal] = found;
    const name = vscode.workspace.asRelativePath(proposal.target.uri);
    if (proposal.target.isClosed || proposal.target.version !== proposal.version) {
      void vscode.window.showWarningMessage(`${name} changed after the edit was proposed, so it was not applied. Apply the code again from the answer.`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(proposal.target.uri, proposal.range, proposal.code);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) {
      void vscode.window.showWarningMessage(`Could not change ${name}: it may be read-only.`);
      return false;
    }
    await this.close(id);
    await vscode.window.showTextDocument(proposal.target, { preview: false });
    return true;
  }

  private async discard(uri: unknown): Promise<void> {
    const found = this.proposalOf(uri);
    if (found) await this.close(found[0]);
  }

  /** Closes the diff of a proposal and forgets it. */
  private async close(id: string): Promise<void> {
    this.proposals.delete(id);
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PROPOSAL_SCHEME && tab.input.modified.query === id);
    await vscode.window.tabGroups.close(tabs);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
