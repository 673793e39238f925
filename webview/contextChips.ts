/** The context attached to the next prompt, as chips above the message box: name, size, tokens, a preview on hover, and × to remove. */
import type { AttachmentChip, WebviewMessage } from '../src/protocol';
import { el } from './messageView';

type Post = (message: WebviewMessage) => void;

const KIND: Record<AttachmentChip['kind'], string> = { file: 'File', selection: 'Selection', problems: 'Problems', folder: 'Folder listing' };

function size(chars: number): string {
  return chars < 1000 ? `${chars} chars` : `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(chars / 1000)}K chars`;
}

export class ContextChips {
  readonly element = el('ul', { class: 'context-chips', 'data-testid': 'context-chips', 'aria-label': 'Context for the next prompt', hidden: '' });
  private items: readonly AttachmentChip[] = [];

  constructor(post: Post) {
    this.element.addEventListener('click', (event) => {
      const remove = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-remove-attachment]') : null;
      const id = remove?.dataset['removeAttachment'];
      if (id) post({ type: 'removeAttachment', payload: { id } });
    });
  }

  get count(): number {
    return this.items.length;
  }

  show(items: readonly AttachmentChip[]): void {
    this.items = items;
    this.element.replaceChildren();
    this.element.hidden = items.length === 0;
    for (const item of items) {
      const tokens = `≈ ${new Intl.NumberFormat().format(item.tokens)} tokens`;
      const left = item.omittedLines > 0 ? ` · trimmed: the last ${new Intl.NumberFormat().format(item.omittedLines)} lines are left out` : '';
      const chip = el('li', { class: 'context-chip', 'data-testid': 'context-chip', 'data-kind': item.kind, tabindex: '0', title: `${KIND[item.kind]} ${item.path}${left}\n\n${item.preview}` });
      chip.append(
        el('span', { class: 'chip-name' }, item.name),
        el('span', { class: 'chip-facts' }, `${size(item.size)} · ${tokens}`),
      );
      if (item.omittedLines > 0) chip.append(el('span', { class: 'chip-trimmed', 'data-testid': 'context-trimmed' }, 'trimmed'));
      chip.append(el('button', { type: 'button', class: 'remove', 'data-remove-attachment': item.id, 'aria-label': `Remove ${item.name}`, title: 'Remove' }, '×'));
      this.element.append(chip);
    }
  }
}
