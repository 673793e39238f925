/** This conversation's system prompt, temperature and maximum answer length. */
import type { ConversationSettings, WebviewMessage } from '../src/protocol';
import { el } from './messageView';

export class SettingsView {
  readonly element = el('form', { class: 'conversation-settings', 'data-testid': 'conversation-settings', 'aria-label': 'Conversation settings', hidden: '' });
  private readonly systemPrompt = el('textarea', { rows: '3', 'data-testid': 'system-prompt', placeholder: 'For example: Answer in Korean, briefly.' });
  private readonly temperature = el('input', { type: 'number', min: '0', max: '2', step: '0.1', placeholder: 'model default', 'data-testid': 'temperature' });
  private readonly maxTokens = el('input', { type: 'number', min: '1', step: '1', placeholder: 'model default', 'data-testid': 'max-tokens' });

  constructor(private readonly post: (message: WebviewMessage) => void) {
    const field = (label: string, control: HTMLElement): HTMLElement => {
      const wrapper = el('label', { class: 'field' });
      wrapper.append(el('span', {}, label), control);
      return wrapper;
    };
    const save = el('button', { type: 'submit', class: 'action', 'data-testid': 'settings-save' }, 'Apply');
    const numbers = el('div', { class: 'field-row' });
    numbers.append(field('Temperature', this.temperature), field('Max tokens', this.maxTokens), save);
    this.element.append(field('System prompt', this.systemPrompt), numbers);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.element.reportValidity()) return;
      this.post({ type: 'updateSettings', payload: { settings: this.read() } });
    });
  }

  toggle(): boolean {
    this.element.hidden = !this.element.hidden;
    if (!this.element.hidden) this.systemPrompt.focus();
    return !this.element.hidden;
  }

  show(settings: ConversationSettings): void {
    this.systemPrompt.value = settings.systemPrompt ?? '';
    this.temperature.value = settings.temperature === undefined ? '' : String(settings.temperature);
    this.maxTokens.value = settings.maxTokens === undefined ? '' : String(settings.maxTokens);
  }

  private read(): ConversationSettings {
    const systemPrompt = this.systemPrompt.value;
    const temperature = this.temperature.value === '' ? undefined : Number(this.temperature.value);
    const maxTokens = this.maxTokens.value === '' ? undefined : Math.round(Number(this.maxTokens.value));
    return {
      ...(systemPrompt.trim() ? { systemPrompt } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(maxTokens !== undefined ? { maxTokens } : {}),
    };
  }
}
