/**
 * The workspace's files that may be offered to attach: those `files.exclude`, `search.exclude` and
 * the `.gitignore`s of each workspace folder leave out are not listed.
 */
import * as vscode from 'vscode';
import { excludeGlob, gitIgnored, type IgnoreFile } from '../core/fileRules';

/** More files than this are not listed: typing narrows the list, and Browse… reaches the rest. */
export const MAX_LISTED_FILES = 20_000;

export interface WorkspaceFiles {
  readonly files: readonly vscode.Uri[];
  /** The listing stopped at `MAX_LISTED_FILES`. */
  readonly capped: boolean;
}

async function ignoreFiles(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<IgnoreFile[]> {
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), null, 500, token);
  const read = await Promise.all(
    found.map(async (uri): Promise<IgnoreFile | undefined> => {
      const text = await vscode.workspace.fs.readFile(uri).then((bytes) => new TextDecoder().decode(bytes), () => undefined);
      const dir = vscode.workspace.asRelativePath(uri, false).split('/').slice(0, -1).join('/');
      return text === undefined ? undefined : { dir, text };
    }),
  );
  return read.filter((f) => f !== undefined);
}

async function folderFiles(folder: vscode.WorkspaceFolder, exclude: string | undefined, max: number, token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  // One more than asked for tells whether the list was cut.
  const [files, rules] = await Promise.all([
    vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), exclude === undefined ? null : new vscode.RelativePattern(folder, exclude), max + 1, token),
    ignoreFiles(folder, token),
  ]);
  const ignored = gitIgnored(rules);
  return files.filter((uri) => !ignored(vscode.workspace.asRelativePath(uri, false)));
}

export async function workspaceFiles(token: vscode.CancellationToken): Promise<WorkspaceFiles> {
  const files: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const config = (section: string): Record<string, unknown> | undefined => vscode.workspace.getConfiguration(section, folder.uri).get<Record<string, unknown>>('exclude');
    const left = MAX_LISTED_FILES - files.length;
    if (left <= 0) break;
    files.push(...(await folderFiles(folder, excludeGlob(config('files'), config('search')), left, token)));
  }
  const capped = files.length > MAX_LISTED_FILES;
  return { files: files.slice(0, MAX_LISTED_FILES).sort((a, b) => a.path.localeCompare(b.path)), capped };
}
