/**
 * This conversation's system prompt and request parameters: temperature and maximum answer length
 * up front; the other sampling parameters, and the options only some models take (shown only
 * when the chosen model takes them), under "More parameters".
 */
import { REASONING_EFFORTS, VERBOSITIES, type ConversationSettings, type ExtraParameter, type WebviewMessage } from '../src/protocol';
import { el } from './messageView';

type NumberKey = 'temperature' | 'maxTokens' | 'topP' | 'frequencyPenalty' | 'presencePenalty' | 'seed' | 'topK' | 'minP' | 'repetitionPenalty';
type ChoiceKey = 'reasoningEffort' | 'verbosity';

interface NumberField {
  readonly key: NumberKey;
  readonly label: string;
  readonly testId: string;
  readonly min: number;
  readonly max?: number;
  readonly step: string;
  readonly integer?: boolean;
}

const MAIN: readonly NumberField[] = [
  { key: 'temperature', label: 'Temperature', testId: 'temperature', min: 0, max: 2, step: '0.1' },
  { key: 'maxTokens', label: 'Max tokens', testId: 'max-tokens', min: 1, step: '1', integer: true },
];

const SAMPLING: readonly NumberField[] = [
  { key: 'topP', label: 'Top P', testId: 'top-p', min: 0, max: 1, step: '0.05' },
  { key: 'frequencyPenalty', label: 'Frequency penalty', testId: 'frequency-penalty', min: -2, max: 2, step: '0.1' },
  { key: 'presencePenalty', label: 'Presence penalty', testId: 'presence-penalty', min: -2, max: 2, step: '0.1' },
  { key: 'seed', label: 'Seed', testId: 'seed', min: -9007199254740991, max: 9007199254740991, step: '1', integer: true },
];

/** Taken only by some models: each is shown when the chosen model lists it. */
const EXTRAS: ReadonlyArray<NumberField & { readonly key: NumberKey & ExtraParameter }> = [
  { key: 'topK', label: 'Top K', testId: 'top-k', min: 1, max: 1000, step: '1', integer: true },
  { key: 'minP', label: 'Min P', testId: 'min-p', min: 0, max: 1, step: '0.01' },
  { key: 'repetitionPenalty', label: 'Repetition penalty', testId: 'repetition-penalty', min: 0, max: 2, step: '0.05' },
];

const CHOICES: ReadonlyArray<{ readonly key: ChoiceKey; readonly label: string; readonly testId: string; readonly options: readonly string[] }> = [
  { key: 'reasoningEffort', label: 'Reasoning effort', testId: 'reasoning-effort', options: REASONING_EFFORTS },
  { key: 'verbosity', label: 'Verbosity', testId: 'verbosity', options: VERBOSITIES },
];

const MAX_STOPS = 4;

function field(label: string, control: HTMLElement): HTMLLabelElement {
  const wrapper = el('label', { class: 'field' });
  wrapper.append(el('span', {}, label), control);
  return wrapper;
}

export class SettingsView {
  readonly element = el('form', { class: 'conversation-settings', 'data-testid': 'conversation-settings', 'aria-label': 'Conversation settings', hidden: '' });
  private readonly systemPrompt = el('textarea', { rows: '3', 'data-testid': 'system-prompt', placeholder: 'For example: Answer in Korean, briefly.' });
  private readonly stop = el('textarea', { rows: '2', 'data-testid': 'stop-sequences', placeholder: `Up to ${MAX_STOPS}, one per line` });
  private readonly more = el('details', { class: 'more-parameters', 'data-testid': 'more-parameters' });
  private readonly numbers = new Map<NumberKey, HTMLInputElement>();
  private readonly choices = new Map<ChoiceKey, HTMLSelectElement>();
  /** The wrappers of the extras, shown only for a model that takes them. */
  private readonly extras = new Map<ExtraParameter, HTMLElement>();

  constructor(private readonly post: (message: WebviewMessage) => void) {
    const save = el('button', { type: 'submit', class: 'action', 'data-testid': 'settings-save' }, 'Apply');
    const main = el('div', { class: 'field-row' });
    main.append(...MAIN.map((f) => this.numberField(f)), save);
    const sampling = el('div', { class: 'field-row wrap' });
    sampling.append(...SAMPLING.map((f) => this.numberField(f)));
    const extras = el('div', { class: 'field-row wrap' });
    for (const f of EXTRAS) extras.append(this.extra(f.key, this.numberField(f)));
    for (const choice of CHOICES) {
      const select = el('select', { 'data-testid': choice.testId });
      select.append(el('option', { value: '' }, 'model default'), ...choice.options.map((option) => el('option', { value: option }, option)));
      this.choices.set(choice.key, select);
      extras.append(this.extra(choice.key, field(choice.label, select)));
    }
    this.more.append(el('summary', {}, 'More parameters'), sampling, field('Stop sequences', this.stop), extras);
    this.element.append(field('System prompt', this.systemPrompt), main, this.more);
    this.stop.addEventListener('input', () => {
      const count = this.stopSequences().length;
      this.stop.setCustomValidity(count > MAX_STOPS ? `At most ${MAX_STOPS} stop sequences.` : '');
    });
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

  /** The conversation's settings, and which extras the chosen model takes. */
  show(settings: ConversationSettings, modelExtras: readonly ExtraParameter[]): void {
    this.systemPrompt.value = settings.systemPrompt ?? '';
    for (const [key, input] of this.numbers) input.value = settings[key] === undefined ? '' : String(settings[key]);
    for (const [key, select] of this.choices) select.value = settings[key] ?? '';
    this.stop.value = (settings.stop ?? []).join('\n');
    for (const [key, wrapper] of this.extras) wrapper.hidden = !modelExtras.includes(key);
    // Opened by itself when something in it is set, so nothing chosen is out of sight.
    const setBelow = [...SAMPLING, ...EXTRAS].some((f) => settings[f.key] !== undefined) || settings.stop !== undefined || CHOICES.some((c) => settings[c.key] !== undefined);
    if (setBelow) this.more.open = true;
  }

  private numberField({ key, label, testId, min, max, step }: NumberField): HTMLLabelElement {
    const input = el('input', { type: 'number', min: String(min), step, placeholder: 'model default', 'data-testid': testId, ...(max !== undefined ? { max: String(max) } : {}) });
    this.numbers.set(key, input);
    return field(label, input);
  }

  private extra(key: ExtraParameter, wrapper: HTMLElement): HTMLElement {
    wrapper.hidden = true;
    this.extras.set(key, wrapper);
    return wrapper;
  }

  private stopSequences(): string[] {
    return this.stop.value.split('\n').filter((line) => line.length > 0);
  }

  private read(): ConversationSettings {
    const integers = new Set([...MAIN, ...SAMPLING, ...EXTRAS].filter((f) => f.integer).map((f) => f.key));
    const chosen: { -readonly [K in keyof ConversationSettings]: ConversationSettings[K] } = {};
    if (this.systemPrompt.value.trim()) chosen.systemPrompt = this.systemPrompt.value;
    for (const [key, input] of this.numbers) {
      // A parameter the chosen model does not take is not sent to it anyway; it is kept for others.
      if (input.value === '') continue;
      const value = Number(input.value);
      chosen[key] = integers.has(key) ? Math.round(value) : value;
    }
    // The options are the lists the host's guard checks against again.
    const effort = this.choices.get('reasoningEffort')?.value;
    if (effort) chosen.reasoningEffort = effort as NonNullable<ConversationSettings['reasoningEffort']>;
    const verbosity = this.choices.get('verbosity')?.value;
    if (verbosity) chosen.verbosity = verbosity as NonNullable<ConversationSettings['verbosity']>;
    const stops = this.stopSequences();
    if (stops.length > 0) chosen.stop = stops;
    return chosen;
  }
}
