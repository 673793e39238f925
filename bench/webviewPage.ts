/**
 * The chat webview's real bundle and stylesheet, served in a page that stands in for the VS Code
 * webview frame: a stub `acquireVsCodeApi` and the theme variables. Each benchmark adds a driver
 * script that posts host messages inside the page, as the host would.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { ROOT, ensureTools } from '../scripts/tools';

/** The tools (Chromium) and a production build of the bundles. */
export function buildForBench(): void {
  ensureTools();
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('build failed');
}

/** A deterministic markdown answer of about `bytes` bytes: prose, lists, tables and code. */
export function markdownAnswer(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const section = [
      `## Step ${i + 1}: handling case ${i}`,
      '',
      `This section explains **case ${i}** in some detail, with \`inline code\`, a [link](https://example.com/${i}) and enough prose to wrap over several lines in a narrow panel, as real answers do.`,
      '',
      `- first point about ${i}`,
      `- second point, with *emphasis*`,
      `- third point, ending the list`,
      '',
      i % 2 === 0 ? '```typescript' : '```python',
      ...(i % 2 === 0
        ? [`export function handle${i}(input: string[]): number {`, '  let total = 0;', '  for (const item of input) {', `    total += item.length * ${i};`, '  }', '  return total;', '}']
        : [`def handle_${i}(items: list[str]) -> int:`, '    total = 0', '    for item in items:', `        total += len(item) * ${i}`, '    return total']),
      '```',
      '',
      '| input | output |',
      '|-------|--------|',
      `| a | ${i} |`,
      `| bb | ${2 * i} |`,
      '',
    ].join('\n');
    parts.push(section);
    size += Buffer.byteLength(section);
  }
  return parts.join('\n');
}

/** An answer that is one TypeScript code block of about `bytes` bytes, functions with blank lines between them, as a model writes a long file. */
export function codeAnswer(bytes: number): string {
  const lines = ['Here is the whole module:', '', '```typescript'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const fn = [
      `/** Totals the lengths of the items, weighted by ${i}. */`,
      `export function handle${i}(input: readonly string[]): number {`,
      '  let total = 0;',
      '  for (const item of input) {',
      `    total += item.length * ${i}; // "weighted"`,
      '  }',
      '  return total;',
      '}',
      '',
    ];
    lines.push(...fn);
    size += Buffer.byteLength(fn.join('\n'));
  }
  lines.push('```', '', 'Each function is independent.');
  return lines.join('\n');
}

function page(driver: string, width: number): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/media/chat.css">
<style>
:root { --vscode-foreground:#cccccc; --vscode-editor-background:#1f1f1f; --vscode-font-family:sans-serif; --vscode-font-size:13px;
  --vscode-editor-font-family:monospace; --vscode-editor-font-size:13px; --vscode-textCodeBlock-background:#2b2b2b;
  --vscode-descriptionForeground:#9d9d9d; --vscode-textLink-foreground:#4daafc; --vscode-widget-border:#313131; }
</style>
<script>
  window.__posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
${driver}
</script>
</head><body style="width:${width}px;height:900px"><div id="app"></div><script src="/dist/webview.js"></script></body></html>`;
}

export function serveWebview(driver: string, width = 700): Promise<Server> {
  const html = page(driver, width);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else if (path === '/dist/webview.js' || path === '/media/chat.css') {
      res.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(readFileSync(join(ROOT, path)));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
