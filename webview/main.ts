import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { dispatch, parseHostMessage, type Handlers, type HostToWebview } from '../src/protocol';
import { handleAnswerClicks, imageLoaded } from './answerClicks';
import { ChatView } from './chatView';
import { warmUpHighlighting } from './markdown/highlight';
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
  runStarted: ({ runId, user, assistant, title, dropFrom }) => view.runStarted(runId, user, assistant, title, dropFrom),
  runDelta: ({ runId, seq, text, reasoning, metrics }) => {
    // A gap means deltas were lost (the panel was hidden): the snapshot carries the whole text.
    if (!view.appendDelta(runId, seq, text, reasoning, metrics)) post({ type: 'ready', payload: {} });
  },
  runNotice: ({ runId, notice }) => view.runNotice(runId, notice),
  runRouted: ({ runId, route }) => view.runRouted(runId, route),
  runEnded: ({ runId, message }) => view.runEnded(runId, message),
  comparisonStarted: ({ user, message, runs, title }) => view.comparisonStarted(user, message, runs, title),
  columnStarted: ({ messageId, column, runId }) => view.columnStarted(messageId, column, runId),
  columnEnded: ({ messageId, column }) => view.columnEnded(messageId, column),
  comparing: () => view.startComparing(),
  imageLoaded: ({ requestId, dataUrl, error }) => imageLoaded(requestId, dataUrl, error),
  history: ({ conversations }) => view.showHistory(conversations),
  models: ({ models, error }) => view.showModels(models, error),
  draft: ({ text }) => view.setDraft(text),
};

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) dispatch(handlers, message);
});

post({ type: 'ready', payload: {} });
warmUpHighlighting();
