/** The list of saved conversations: search as you type, open, rename, export, delete. */
import type { ConversationSummary, WebviewMessage } from '../src/protocol';
import { el } from './messageView';
import { dateOf } from './savedTime';

/** What each button of a conversation in the list asks the host to do with it. */
const HISTORY_ACTIONS = { open: 'openConversation', rename: 'renameConversation', export: 'exportConversation', delete: 'deleteConversation' } as const;

export class HistoryView {
  readonly element = el('aside', { class: 'history', 'data-testid': 'history', 'aria-label': 'Conversations', hidden: '' });
  private readonly search = el('input', { type: 'search', placeholder: 'Search conversations', 'aria-label': 'Search conversations', 'data-testid': 'history-search' });
  private readonly list = el('ul', { class: 'history-list', role: 'list' });
  private conversations: readonly ConversationSummary[] = [];
  private currentId = '';

  constructor(private readonly post: (message: WebviewMessage) => void) {
    this.element.append(this.search, this.list);
    this.search.addEventListener('input', () => this.render());
    this.list.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-history-action]') : null;
      const id = target?.closest<HTMLElement>('[data-id]')?.dataset['id'];
      if (!target || !id) return;
      const action = target.dataset['historyAction'];
      const type = action !== undefined && Object.hasOwn(HISTORY_ACTIONS, action) ? HISTORY_ACTIONS[action as keyof typeof HISTORY_ACTIONS] : undefined;
      if (type) this.post({ type, payload: { id } });
    });
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  toggle(): void {
    this.element.hidden = !this.element.hidden;
    if (!this.element.hidden) this.search.focus();
  }

  show(conversations: readonly ConversationSummary[]): void {
    this.conversations = conversations;
    this.render();
  }

  setCurrent(id: string): void {
    this.currentId = id;
    this.render();
  }

  private render(): void {
    const query = this.search.value.trim().toLocaleLowerCase();
    const shown = this.conversations.filter((c) => !query || c.title.toLocaleLowerCase().includes(query));
    this.list.replaceChildren(
      ...shown.map((c) => {
        const item = el('li', { class: c.id === this.currentId ? 'history-item current' : 'history-item', 'data-testid': 'history-item', 'data-id': c.id });
        const open = el('button', { type: 'button', class: 'history-open', 'data-history-action': 'open', title: `Open "${c.title}"` });
        open.append(el('span', { class: 'history-title' }, c.title), el('span', { class: 'history-meta' }, `${dateOf(c.updatedAt)} · ${c.messageCount} ${c.messageCount === 1 ? 'message' : 'messages'}`));
        const actions = el('span', { class: 'history-actions' });
        for (const [action, label] of [['rename', 'Rename'], ['export', 'Export'], ['delete', 'Delete']] as const) {
          actions.append(el('button', { type: 'button', class: 'action', 'data-history-action': action, 'data-testid': `history-${action}`, 'aria-label': `${label} "${c.title}"` }, label));
        }
        item.append(open, actions);
        return item;
      }),
    );
    if (shown.length === 0) this.list.append(el('li', { class: 'history-empty' }, query ? 'No conversation matches.' : 'No saved conversations yet.'));
  }
}
