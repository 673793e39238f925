/**
 * The prompt box: Enter sends, Shift+Enter breaks the line, Up (at the start of the box) recalls
 * earlier prompts, and editing an earlier prompt is a mode with a banner and a way out. A `#` typed
 * at the start of a word, or the + button, asks for context to attach.
 */
import { el } from './messageView';
import { imageFiles } from './imagePaste';

interface TextAreaElement extends HTMLElement {
  value: string;
}

export interface ComposerActions {
  send(text: string): void;
  resend(messageId: string, text: string): void;
  stop(): void;
  draftChanged(draft: string): void;
  /** Resolves true when something was attached. */
  addContext(): Promise<boolean>;
  /** Images pasted or dropped in the box. */
  attachImages(files: readonly File[]): void;
}

export class Composer {
  readonly element = el('footer', { class: 'composer' });
  private readonly box = document.createElement('vscode-textarea') as TextAreaElement;
  private readonly sendButton = document.createElement('vscode-button');
  private readonly stopButton = document.createElement('vscode-button');
  private readonly addButton = el('button', { type: 'button', class: 'action add-context', 'data-testid': 'add-context', 'aria-label': 'Add context: files, open editors, the selection, problems, a folder', title: 'Add context (or type # in the message)' }, '+');
  /** Where the line holds before the last input, to tell a `#` just typed. */
  private before = '';
  private readonly banner = el('div', { class: 'editing', 'data-testid': 'editing-banner', role: 'status', hidden: '' });
  private editing: string | undefined;
  private busy = false;
  /** Earlier prompts, oldest first, and where Up/Down is in them. */
  private prompts: readonly string[] = [];
  private recall = -1;

  constructor(private readonly actions: ComposerActions, draft: string) {
    this.box.setAttribute('data-testid', 'composer');
    this.box.setAttribute('placeholder', 'Message the model (Enter sends, Shift+Enter new line, Up recalls)');
    this.box.setAttribute('aria-label', 'Message');
    this.box.setAttribute('rows', '3');
    this.box.setAttribute('resize', 'vertical');
    this.box.value = draft;
    this.before = draft;
    this.sendButton.setAttribute('data-testid', 'send');
    this.sendButton.textContent = 'Send';
    this.stopButton.setAttribute('data-testid', 'stop');
    this.stopButton.setAttribute('secondary', '');
    this.stopButton.textContent = 'Stop';
    this.stopButton.hidden = true;
    const cancel = el('button', { type: 'button', class: 'action', 'data-testid': 'editing-cancel' }, 'Cancel');
    this.banner.append(el('span', {}, 'Editing an earlier prompt: sending replaces it and everything after it. '), cancel);
    const buttons = el('div', { class: 'buttons' });
    buttons.append(this.sendButton, this.stopButton);
    const row = el('div', { class: 'composer-row' });
    row.append(this.addButton, this.box, buttons);
    this.element.append(this.banner, row);

    this.box.addEventListener('keydown', (event) => this.onKey(event));
    this.box.addEventListener('input', () => {
      actions.draftChanged(this.box.value);
      this.onTyped();
    });
    // An image pasted or dropped goes to the prompt as an attachment; text goes in the box as ever.
    this.box.addEventListener('paste', (event) => this.takeImages(event, event.clipboardData));
    this.element.addEventListener('dragover', (event) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    });
    this.element.addEventListener('drop', (event) => this.takeImages(event, event.dataTransfer));
    this.addButton.addEventListener('click', () => void actions.addContext().then(() => this.box.focus()));
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton.addEventListener('click', () => actions.stop());
    cancel.addEventListener('click', () => this.stopEditing(''));
  }

  focus(): void {
    this.box.focus();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.sendButton.toggleAttribute('disabled', busy);
    this.stopButton.hidden = !busy;
  }

  setPrompts(prompts: readonly string[]): void {
    this.prompts = prompts;
    this.recall = -1;
  }

  /** Puts an earlier prompt in the box; sending then replaces it and what followed. */
  edit(messageId: string, text: string): void {
    this.editing = messageId;
    this.banner.hidden = false;
    this.setValue(text);
    this.box.focus();
  }

  /** Fills the box with text to finish (a question about code), caret at the end, focused. */
  draft(text: string): void {
    this.editing = undefined;
    this.banner.hidden = true;
    this.setValue(text);
    this.box.focus();
    this.inner?.setSelectionRange(text.length, text.length);
  }

  private stopEditing(value: string): void {
    this.editing = undefined;
    this.banner.hidden = true;
    this.setValue(value);
  }

  private setValue(value: string): void {
    this.box.value = value;
    this.before = value;
    this.actions.draftChanged(value);
  }

  private takeImages(event: Event, data: DataTransfer | null): void {
    const files = imageFiles(data);
    if (files.length === 0) return;
    event.preventDefault();
    this.actions.attachImages(files);
  }

  private get inner(): HTMLTextAreaElement | null | undefined {
    return this.box.shadowRoot?.querySelector('textarea');
  }

  /** A `#` just typed where a word starts asks for context; once something is attached, the `#` has done its work and goes. */
  private onTyped(): void {
    const value = this.box.value;
    const at = (this.inner?.selectionStart ?? value.length) - 1;
    const typedHash = value.length === this.before.length + 1 && value[at] === '#' && (at === 0 || /\s/.test(value[at - 1] ?? ''));
    this.before = value;
    if (!typedHash) return;
    void this.actions.addContext().then((added) => {
      const now = this.box.value;
      if (added && now[at] === '#') {
        this.setValue(now.slice(0, at) + now.slice(at + 1));
        this.inner?.setSelectionRange(at, at);
      }
      this.box.focus();
    });
  }

  private caretAtStart(): boolean {
    const inner = this.inner;
    return !this.box.value || (inner?.selectionStart === 0 && inner.selectionEnd === 0);
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    } else if (event.key === 'ArrowUp' && !this.editing && this.prompts.length > 0 && this.caretAtStart()) {
      event.preventDefault();
      this.recall = this.recall < 0 ? this.prompts.length - 1 : Math.max(0, this.recall - 1);
      this.setValue(this.prompts[this.recall] ?? '');
    } else if (event.key === 'ArrowDown' && this.recall >= 0 && this.caretAtStart()) {
      event.preventDefault();
      this.recall += 1;
      if (this.recall >= this.prompts.length) this.recall = -1;
      this.setValue(this.recall < 0 ? '' : (this.prompts[this.recall] ?? ''));
    } else if (event.key === 'Escape' && this.editing) {
      this.stopEditing('');
    }
  }

  private submit(): void {
    const text = this.box.value;
    if (!text.trim() || this.busy) return;
    if (this.editing) this.actions.resend(this.editing, text);
    else this.actions.send(text);
    this.stopEditing('');
    this.recall = -1;
  }
}
