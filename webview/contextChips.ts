/** The context attached to the next prompt, as chips above the message box: name, size, tokens, a preview on hover, and × to remove. */
import type { AttachmentChip, WebviewMessage } from '../src/protocol';
import { el } from './messageView';

type Post = (message: WebviewMessage) => void;

const KIND: Record<AttachmentChip['kind'], string> = { file: 'File', selection: 'Selection', problems: 'Problems', folder: 'Folder listing', image: 'Image' };

function size(item: AttachmentChip): string {
  const thousands = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(item.size / 1000);
  if (item.kind === 'image') return item.size < 1000 ? `${item.size} B` : `${thousands} KB`;
  return item.size < 1000 ? `${item.size} chars` : `${thousands}K chars`;
}

export class ContextChips {
  readonly element = el('div', { class: 'context' });
  private readonly list = el('ul', { class: 'context-chips', 'data-testid': 'context-chips', 'aria-label': 'Context for the next prompt', hidden: '' });
  private readonly problem = el('div', { class: 'context-problem', 'data-testid': 'context-problem', role: 'alert', hidden: '' });

  constructor(post: Post) {
    this.element.append(this.list, this.problem);
    this.list.addEventListener('click', (event) => {
      const remove = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-remove-attachment]') : null;
      const id = remove?.dataset['removeAttachment'];
      if (id) post({ type: 'removeAttachment', payload: { id } });
    });
  }

  /** Why the last image was not attached, until the next one is. */
  showProblem(problem: string | undefined): void {
    this.problem.textContent = problem ?? '';
    this.problem.hidden = problem === undefined;
  }

  show(items: readonly AttachmentChip[]): void {
    this.list.replaceChildren();
    this.list.hidden = items.length === 0;
    for (const item of items) {
      const tokens = `≈ ${new Intl.NumberFormat().format(item.tokens)} tokens`;
      const left = item.omittedLines > 0 ? ` · trimmed: the last ${new Intl.NumberFormat().format(item.omittedLines)} lines are left out` : '';
      const chip = el('li', { class: 'context-chip', 'data-testid': 'context-chip', 'data-kind': item.kind, tabindex: '0', title: `${KIND[item.kind]} ${item.path}${left}\n\n${item.preview}` });
      if (item.thumbnail) chip.append(el('img', { class: 'chip-thumbnail', src: item.thumbnail, alt: '' }));
      chip.append(
        el('span', { class: 'chip-name' }, item.name),
        el('span', { class: 'chip-facts' }, `${size(item)} · ${tokens}`),
      );
      if (item.omittedLines > 0) chip.append(el('span', { class: 'chip-trimmed', 'data-testid': 'context-trimmed' }, 'trimmed'));
      chip.append(el('button', { type: 'button', class: 'remove', 'data-remove-attachment': item.id, 'aria-label': `Remove ${item.name}`, title: 'Remove' }, '×'));
      this.list.append(chip);
    }
  }
}
