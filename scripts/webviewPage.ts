/**
 * The chat webview's real bundle and stylesheet, served in a page that stands in for the VS Code
 * webview frame: a stub `acquireVsCodeApi` and the theme variables. Each benchmark or test adds a
 * driver script that posts host messages inside the page, as the host would.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { ChatSnapshot, Message } from '../src/protocol';
import { ROOT, ensureTools } from './tools';

/** The tools (Chromium) and a production build of the bundles. */
export function buildForBench(): void {
  ensureTools();
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('build failed');
}

/** A snapshot as the host posts one: a conversation with these messages, nothing streaming. */
export function pageSnapshot(conversationId: string, messages: readonly Message[] = []): ChatSnapshot {
  return { conversationId, title: 'Bench', settings: {}, gateway: undefined, model: 'bench/model', currency: 'USD', freeModelsOnly: false, modelExtras: [], messages, activeRun: undefined, columnRuns: [], compareTargets: [] };
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
