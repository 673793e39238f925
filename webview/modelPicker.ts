/**
 * The model picker: a button showing the current model, opening a searchable list grouped by
 * provider with context length, prices per million tokens and a badge for free models. Arrow keys
 * move, Enter picks, Escape closes.
 */
import { AUTO_MODEL, type ModelView, type WebviewMessage } from '../src/protocol';
import { formatUnits } from '../src/costs/core/money';
import { contextLabel } from '../src/gateway/core/modelLabels';
import { el } from './messageView';
import { request } from './requests';

const usd = (perM: string): string => formatUnits(Number(perM), 'USD', 4);
const krw = (perM: string): string => formatUnits(Number(perM), 'KRW', 0);


function priceLabel(model: ModelView): string {
  if (model.free) return '';
  if (model.inputUsdPerM === undefined || model.outputUsdPerM === undefined) return 'price unknown';
  const dollars = `${usd(model.inputUsdPerM)} / ${usd(model.outputUsdPerM)} per M`;
  const won = model.inputKrwPerM !== undefined && model.outputKrwPerM !== undefined ? ` · ${krw(model.inputKrwPerM)} / ${krw(model.outputKrwPerM)}` : '';
  return dollars + won;
}

/** Auto heads the list whatever the filters: it is not a model but a way of choosing one per request. */
const AUTO: ModelView = { id: AUTO_MODEL, name: 'Auto', provider: 'Switchboard', free: false };
const AUTO_FACTS = 'picks a model for each request: code, Chinese, Korean, long inputs… and says why';

export class ModelPicker {
  readonly button = el('button', { type: 'button', class: 'model-button', 'data-testid': 'model-picker', 'aria-haspopup': 'listbox', 'aria-expanded': 'false', title: 'Choose the model' });
  readonly panel = el('div', { class: 'model-panel', role: 'dialog', 'aria-label': 'Choose a model', hidden: '' });
  private readonly search = el('input', { type: 'search', placeholder: 'Search models', 'aria-label': 'Search models', 'data-testid': 'model-search' });
  private readonly freeOnly = el('input', { type: 'checkbox', 'data-testid': 'free-only' });
  private readonly refresh = el('button', { type: 'button', class: 'action', title: 'Fetch the model list again' }, 'Refresh');
  private readonly list = el('ul', { class: 'model-list', role: 'listbox', 'aria-label': 'Models' });
  private readonly status = el('div', { class: 'model-status', role: 'status' });
  private models: readonly ModelView[] = [];
  private current = '';
  private shown: ModelView[] = [];
  private highlighted = 0;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    const filter = el('label', { class: 'free-filter' });
    filter.append(this.freeOnly, ' Free models only');
    const tools = el('div', { class: 'model-tools' });
    tools.append(this.search, filter, this.refresh);
    this.panel.append(tools, this.status, this.list);
    this.button.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    this.search.addEventListener('input', () => this.render());
    this.freeOnly.addEventListener('change', () => this.render());
    this.refresh.addEventListener('click', () => this.load(true));
    this.panel.addEventListener('keydown', (event) => this.onKey(event));
    this.list.addEventListener('click', (event) => {
      const item = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-model]') : null;
      if (item?.dataset['model']) this.choose(item.dataset['model']);
    });
  }

  setCurrent(model: string): void {
    this.current = model;
    this.button.textContent = model === AUTO_MODEL ? 'Auto' : model;
  }

  /** With `switchboard.freeModelsOnly` on, paid models would be refused anyway: list free ones only. */
  setFreeOnly(freeOnly: boolean): void {
    this.freeOnly.checked = freeOnly;
    this.freeOnly.disabled = freeOnly;
    this.freeOnly.title = freeOnly ? 'switchboard.freeModelsOnly is on' : '';
    this.render();
  }

  private show(models: readonly ModelView[], error: string | undefined): void {
    this.models = models;
    this.status.textContent = error ? `Could not load the models: ${error}` : '';
    this.render();
  }

  private open(): void {
    this.panel.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    this.load(false);
    this.search.focus();
  }

  private close(): void {
    this.panel.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    this.button.focus();
  }

  private load(refresh: boolean): void {
    this.status.textContent = 'Loading models…';
    void request(this.post, 'listModels', { refresh }).then(({ models, error }) => this.show(models, error));
  }

  private choose(id: string): void {
    this.post({ type: 'chooseModel', payload: { id } });
    this.setCurrent(id);
    this.close();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.highlighted = Math.min(Math.max(0, this.highlighted + step), this.shown.length - 1);
      this.markHighlighted();
    } else if (event.key === 'Enter') {
      const model = this.shown[this.highlighted];
      if (model) {
        event.preventDefault();
        this.choose(model.id);
      }
    }
  }

  private markHighlighted(): void {
    this.list.querySelectorAll('[data-model]').forEach((item, index) => {
      item.classList.toggle('highlighted', index === this.highlighted);
      if (index === this.highlighted) {
        item.scrollIntoView({ block: 'nearest' });
        this.search.setAttribute('aria-activedescendant', item.id);
      }
    });
  }

  private render(): void {
    const query = this.search.value.trim().toLocaleLowerCase();
    const matches = (m: ModelView): boolean => !query || `${m.id} ${m.name}`.toLocaleLowerCase().includes(query);
    const models = this.models
      .filter((m) => !this.freeOnly.checked || m.free)
      .filter(matches)
      .sort((a, b) => a.provider.localeCompare(b.provider) || a.name.localeCompare(b.name));
    this.shown = [...(matches(AUTO) ? [AUTO] : []), ...models];
    this.list.replaceChildren();
    let provider = '';
    this.shown.forEach((model, index) => {
      if (model.provider !== provider) {
        provider = model.provider;
        this.list.append(el('li', { class: 'model-group', role: 'presentation' }, provider));
      }
      const item = el('li', { id: `model-${index}`, role: 'option', class: 'model-item', 'data-model': model.id, 'data-testid': 'model-option', 'aria-selected': String(model.id === this.current) });
      const top = el('span', { class: 'model-name' }, model.name);
      if (model.free) top.append(el('span', { class: 'badge', 'data-testid': 'free-badge' }, 'free'));
      const facts = model === AUTO ? AUTO_FACTS : [model.id, model.contextLength === undefined ? '' : `${contextLabel(model.contextLength)} ctx`, priceLabel(model)].filter(Boolean).join(' · ');
      item.append(top, el('span', { class: 'model-facts' }, facts));
      this.list.append(item);
    });
    if (models.length === 0 && !this.status.textContent) this.list.append(el('li', { class: 'model-empty' }, 'No model matches.'));
    this.highlighted = 0;
    this.markHighlighted();
  }
}
