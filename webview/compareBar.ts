/**
 * Comparing, above the composer: while it is on, a prompt goes to every chosen model at once. It
 * shows the models (each removable), the choice of more, blind mode, whether the conversation so
 * far goes along, and the leaderboard.
 */
import type { ChatSnapshot, WebviewMessage } from '../src/protocol';
import { columnLabel } from '../src/compare/core/compareSummary';
import { el } from './messageView';

export interface CompareIntent {
  readonly comparing: boolean;
  readonly blind: boolean;
  readonly withHistory: boolean;
}

type Post = (message: WebviewMessage) => void;

export class CompareBar {
  readonly toggle = el('button', { type: 'button', class: 'action', 'data-testid': 'compare-toggle', 'aria-pressed': 'false', title: 'Ask the next prompt of several models side by side' }, 'Compare');
  readonly element = el('div', { class: 'compare-bar', 'data-testid': 'compare-bar', role: 'group', 'aria-label': 'Compare models', hidden: '' });
  private readonly targets = el('ul', { class: 'compare-targets', 'data-testid': 'compare-targets' });
  private readonly blind = el('input', { type: 'checkbox', 'data-testid': 'compare-blind', id: 'compare-blind' });
  private readonly withHistory = el('input', { type: 'checkbox', 'data-testid': 'compare-history', id: 'compare-history' });

  constructor(
    post: Post,
    intent: CompareIntent,
    private readonly changed: (intent: CompareIntent) => void,
  ) {
    const choose = el('button', { type: 'button', class: 'action', 'data-testid': 'compare-choose', title: 'Choose 2 to 6 models, from any gateway' }, 'Models…');
    const leaderboard = el('button', { type: 'button', class: 'action', 'data-testid': 'compare-leaderboard', title: 'Which models won your blind picks, per kind of task' }, 'Leaderboard');
    const blindLabel = el('label', { for: 'compare-blind', title: 'Hide the model names until you pick the better answer' });
    blindLabel.append(this.blind, document.createTextNode(' Blind'));
    const historyLabel = el('label', { for: 'compare-history', title: 'Send the conversation so far along with the prompt, not the prompt alone' });
    historyLabel.append(this.withHistory, document.createTextNode(' With the conversation'));
    const options = el('span', { class: 'compare-options' });
    options.append(blindLabel, historyLabel, choose, leaderboard);
    this.element.append(el('span', { class: 'compare-label' }, 'Compare:'), this.targets, options);
    this.blind.checked = intent.blind;
    this.withHistory.checked = intent.withHistory;
    this.setOn(intent.comparing);

    this.toggle.addEventListener('click', () => this.setOn(!this.on, true));
    this.blind.addEventListener('change', () => this.changed(this.intent));
    this.withHistory.addEventListener('change', () => this.changed(this.intent));
    choose.addEventListener('click', () => post({ type: 'chooseCompareModels', payload: {} }));
    leaderboard.addEventListener('click', () => post({ type: 'showLeaderboard', payload: {} }));
    this.targets.addEventListener('click', (event) => {
      const remove = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-gateway]') : null;
      const { gateway, model, provider } = remove?.dataset ?? {};
      if (gateway && model) post({ type: 'removeCompareModel', payload: { gateway, model, ...(provider ? { provider } : {}) } });
    });
  }

  get on(): boolean {
    return this.toggle.getAttribute('aria-pressed') === 'true';
  }

  get intent(): CompareIntent {
    return { comparing: this.on, blind: this.blind.checked, withHistory: this.withHistory.checked };
  }

  setOn(on: boolean, byUser = false): void {
    this.toggle.setAttribute('aria-pressed', String(on));
    this.element.hidden = !on;
    if (byUser) this.changed(this.intent);
  }

  show(targets: ChatSnapshot['compareTargets']): void {
    this.targets.replaceChildren();
    for (const target of targets) {
      const chip = el('li', { class: 'compare-target', 'data-testid': 'compare-target' });
      const label = columnLabel(target);
      chip.append(el('span', {}, label), el('span', { class: 'column-gateway' }, target.gatewayLabel));
      const pinned = target.provider === undefined ? {} : { 'data-provider': target.provider };
      chip.append(el('button', { type: 'button', class: 'remove', 'data-gateway': target.gateway, 'data-model': target.model, ...pinned, 'aria-label': `Remove ${label} (${target.gatewayLabel})`, title: 'Remove' }, '×'));
      this.targets.append(chip);
    }
    if (targets.length < 2) this.targets.append(el('li', { class: 'compare-empty' }, 'Choose at least two models (Models…); sending asks you otherwise.'));
  }
}
