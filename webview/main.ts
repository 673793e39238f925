import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { dispatch, parseHostMessage, type Handlers, type HostToWebview } from '../src/protocol';
import { handleAnswerClicks } from './answerClicks';
import { ChatView } from './chatView';
import { warmUpHighlighting } from './markdown/highlight';
import { warmUpRendering } from './markdown/streamingMarkdown';
import { settle } from './requests';
import { loadUiState, post, saveUiState } from './vscodeApi';

const root = document.getElementById('app');
if (!root) throw new Error('the page has no #app element');

let ui = loadUiState();
const remember = (change: Partial<typeof ui>): void => {
  ui = { ...ui, ...change };
  saveUiState(ui);
};
const view = new ChatView(root, post, ui.draft, (draft) => remember({ draft }), ui.compare, (compare) => remember({ compare }));
handleAnswerClicks(root, post);

const handlers: Handlers<HostToWebview> = {
  snapshot: ({ snapshot }) => view.showSnapshot(snapshot),
  runStarted: (started) => view.runStarted(started),
  runDelta: (delta) => {
    // A gap means deltas were lost (the panel was hidden): the snapshot carries the whole text.
    if (!view.appendDelta(delta)) post({ type: 'ready', payload: {} });
  },
  runNotice: (notice) => view.runNotice(notice),
  runRouted: (routed) => view.runRouted(routed),
  runEnded: (ended) => view.runEnded(ended),
  comparisonStarted: (started) => view.comparisonStarted(started),
  columnStarted: (started) => view.columnStarted(started),
  columnEnded: (ended) => view.columnEnded(ended),
  answerBilled: (billed) => view.answerBilled(billed),
  comparing: () => view.startComparing(),
  response: settle,
  history: ({ conversations }) => view.showHistory(conversations),
  draft: ({ text }) => view.setDraft(text),
  attachments: ({ items }) => view.showAttachments(items),
};

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) dispatch(handlers, message);
});

post({ type: 'ready', payload: {} });
warmUpHighlighting();
warmUpRendering();
