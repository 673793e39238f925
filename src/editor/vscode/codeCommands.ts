/**
 * Switchboard from the code being read: Explain Selection, Ask Switchboard About Selection, and a
 * quick fix on problems, "Explain this problem with Switchboard". Each reads the editor, builds the
 * prompt in core, and hands it to the chat panel.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../config/core/contributions';
import { askAboutPrompt, explainPrompt, innermostRange, languageName, lineSpan, paragraphAround, problemPrompt, type CodeExcerpt, type CodePrompt } from '../core/codeContext';
import type { PanelRequest } from '../../chat/vscode/chatPanel';
import * as settings from '../../config/vscode/settings';
import type { EditorTracker } from './editorTracker';
import { selectedLineSpan } from './selectedLines';

function answerLanguage(): string {
  return settings.answerLanguage() ?? languageName(vscode.env.language);
}

/** The text of the document's lines `from` to `to` (inclusive, clipped to the document); all by default. */
function linesOf(document: vscode.TextDocument, from = 0, to = document.lineCount - 1): string[] {
  const out: string[] = [];
  for (let i = Math.max(0, from); i <= Math.min(document.lineCount - 1, to); i++) out.push(document.lineAt(i).text);
  return out;
}

function excerpt(document: vscode.TextDocument, startLine: number, endLine: number): CodeExcerpt {
  const around = settings.contextLines();
  return {
    fileName: vscode.workspace.asRelativePath(document.uri),
    languageId: document.languageId,
    startLine,
    endLine,
    lines: linesOf(document, startLine, endLine),
    before: around > 0 ? linesOf(document, startLine - around, startLine - 1) : [],
    after: around > 0 ? linesOf(document, endLine + 1, endLine + around) : [],
  };
}

/** The selected lines; with nothing selected, the block the cursor is in. */
async function selectedLines(editor: vscode.TextEditor): Promise<{ startLine: number; endLine: number }> {
  const { selection, document } = editor;
  if (!selection.isEmpty) return selectedLineSpan(selection);
  const line = selection.active.line;
  const folding = await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>('vscode.executeFoldingRangeProvider', document.uri).then(
    (ranges) => ranges ?? [],
    () => [],
  );
  // The whole document is read only when no folding range holds the line.
  return innermostRange(folding, line) ?? paragraphAround(linesOf(document), line);
}

function send(request: PanelRequest, built: CodePrompt, span: { startLine: number; endLine: number }): Thenable<unknown> {
  if (built.omittedLines > 0) {
    const kept = span.endLine - span.startLine + 1 - built.omittedLines;
    void vscode.window.showInformationMessage(`Switchboard sent the first ${kept} lines of the selection (${lineSpan(span.startLine, span.endLine)}); the last ${built.omittedLines} were left out for length.`);
  }
  return vscode.commands.executeCommand(COMMANDS.openChat, request);
}

function activeEditor(editors: EditorTracker, purpose: string): vscode.TextEditor | undefined {
  // From the palette or the chat panel there is no active editor: the one the user came from counts.
  const editor = vscode.window.activeTextEditor ?? editors.editor;
  if (!editor) void vscode.window.showInformationMessage(`Open a file and put the cursor in the code ${purpose}.`);
  return editor;
}

/** Explain Selection's prompt for an editor's selection (or the block the cursor is in), and the lines it covers. */
export async function explainSelectionPrompt(editor: vscode.TextEditor): Promise<{ readonly built: CodePrompt; readonly span: { readonly startLine: number; readonly endLine: number } }> {
  const span = await selectedLines(editor);
  return { built: explainPrompt(excerpt(editor.document, span.startLine, span.endLine), answerLanguage()), span };
}

/** Explains the selected code: in the chat, or (`compare`) by every model to compare, side by side. */
async function explainSelection(editors: EditorTracker, compare: boolean): Promise<void> {
  const editor = activeEditor(editors, compare ? 'to compare explanations of' : 'to explain');
  if (!editor) return;
  const { built, span } = await explainSelectionPrompt(editor);
  await send(compare ? { compare: built.prompt } : { prompt: built.prompt }, built, span);
}

async function askAboutSelection(editors: EditorTracker): Promise<void> {
  const editor = activeEditor(editors, 'to ask about');
  if (!editor) return;
  const span = await selectedLines(editor);
  const built = askAboutPrompt(excerpt(editor.document, span.startLine, span.endLine));
  await send({ draft: built.prompt }, built, span);
}

/** Arguments of the quick fix's command: which problem, where. */
interface ProblemArgs {
  readonly uri: string;
  readonly line: number;
  readonly message: string;
  readonly source?: string;
}

function isProblemArgs(value: unknown): value is ProblemArgs {
  const v = value as Partial<ProblemArgs> | undefined;
  return typeof v?.uri === 'string' && typeof v.line === 'number' && typeof v.message === 'string';
}

async function explainProblem(args: unknown): Promise<void> {
  if (!isProblemArgs(args)) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
  const span = paragraphAround(linesOf(document), args.line);
  const built = problemPrompt(excerpt(document, span.startLine, span.endLine), { message: args.message, line: args.line, ...(args.source ? { source: args.source } : {}) }, answerLanguage());
  await send({ prompt: built.prompt }, built, span);
}

/** Offers "Explain this problem with Switchboard" on each problem under the cursor. */
class ProblemActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.map((diagnostic) => {
      const action = new vscode.CodeAction('Explain this problem with Switchboard', vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      const args: ProblemArgs = { uri: document.uri.toString(), line: diagnostic.range.start.line, message: diagnostic.message, ...(diagnostic.source ? { source: diagnostic.source } : {}) };
      action.command = { command: COMMANDS.explainProblem, title: 'Explain this problem with Switchboard', arguments: [args] };
      return action;
    });
  }
}

export function registerCodeCommands(editors: EditorTracker): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.explainSelection, () => explainSelection(editors, false)),
    vscode.commands.registerCommand(COMMANDS.askAboutSelection, () => askAboutSelection(editors)),
    vscode.commands.registerCommand(COMMANDS.compareSelection, () => explainSelection(editors, true)),
    vscode.commands.registerCommand(COMMANDS.explainProblem, explainProblem),
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new ProblemActions(), { providedCodeActionKinds: ProblemActions.kinds }),
  );
}
