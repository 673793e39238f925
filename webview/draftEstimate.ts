/**
 * The line under the composer that says what sending the draft would cost before it is sent: its
 * tokens, the price with no answer and with the longest answer allowed in both currencies, and a
 * warning with a way out when it will not fit the model's context.
 */
import type { DraftEstimate, WebviewMessage, WebviewRequests } from '../src/protocol';
import { AUTO_MODEL } from '../src/protocol';
import { formatAmount, type Currency } from '../src/costs/core/money';
import type { CompareIntent } from './compareBar';
import { request } from './requests';
import { display, el } from './messageView';

type Post = (message: WebviewMessage) => void;
type Estimate = WebviewRequests['estimateDraft']['result'];

/** How long typing pauses before the draft is counted again. */
const SETTLE_MS = 250;

const count = (n: number): string => new Intl.NumberFormat().format(n);

function range(estimate: DraftEstimate, currency: Currency): string | undefined {
  const prices = currency === 'USD' ? estimate.usd : estimate.krw;
  if (!prices) return undefined;
  const least = formatAmount(BigInt(prices.least), currency);
  const most = formatAmount(BigInt(prices.most), currency);
  return least === most ? least : `${least}–${most}`;
}

export class DraftEstimateView {
  readonly element = el('div', { class: 'draft-estimate' });
  private readonly line = el('span', { 'data-testid': 'draft-estimate', class: 'draft-line' });
  private readonly warning = el('div', { 'data-testid': 'draft-too-long', class: 'draft-too-long', role: 'alert', hidden: '' });
  private text = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the newest request's answer is shown: an older one may arrive after it. */
  private asked = 0;

  constructor(
    private readonly post: Post,
    private intent: CompareIntent,
  ) {
    this.element.append(this.line, this.warning);
    this.element.hidden = true;
  }

  /** The draft changed: count it again once typing settles. */
  update(text: string): void {
    this.text = text;
    this.schedule();
  }

  /** The model, the conversation or the compare mode changed: the same draft costs differently. */
  refresh(intent: CompareIntent): void {
    this.intent = intent;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.estimate(), SETTLE_MS);
  }

  private async estimate(): Promise<void> {
    const asked = ++this.asked;
    if (!this.text.trim()) {
      this.element.hidden = true;
      return;
    }
    // A chat always sends the conversation; a comparison only when asked to.
    const withHistory = !this.intent.comparing || this.intent.withHistory;
    const estimate = await request(this.post, 'estimateDraft', { text: this.text, withHistory });
    if (asked !== this.asked) return;
    this.show(estimate);
  }

  private show(estimate: Estimate): void {
    this.element.hidden = false;
    const tokens = `≈ ${count(estimate.promptTokens)} tokens${estimate.earlier > 0 ? ' with the conversation' : ''}`;
    const lead = display.currency;
    const prices = [range(estimate, lead), range(estimate, lead === 'USD' ? 'KRW' : 'USD')].filter((p) => p !== undefined);
    if (this.intent.comparing) {
      this.line.textContent = `${tokens} · each compared model prices it at its own rates`;
    } else if (estimate.model === AUTO_MODEL) {
      this.line.textContent = `${tokens} · the price depends on the model Auto picks`;
    } else {
      this.line.textContent = prices.length > 0 ? `${tokens} · ${prices.join(' · ')}` : `${tokens} · no prices listed for ${estimate.model}`;
    }
    this.line.title = prices.length > 0
      ? `The request as it would be sent now (the conversation, the system prompt and this draft), priced from the model’s list prices: without an answer, and with the longest answer allowed (${count(estimate.maxOutputTokens)} tokens).`
      : 'The request as it would be sent now: the conversation, the system prompt and this draft.';
    this.showFit(estimate);
  }

  private showFit(estimate: Estimate): void {
    this.warning.replaceChildren();
    if (estimate.images > 0 && estimate.takesImages === false && !this.intent.comparing) {
      this.warning.hidden = false;
      this.warning.append(el('span', { 'data-testid': 'draft-no-images' }, `${estimate.model} takes no images: sending would be refused. Pick a model that takes images (the model list says which), or remove the image.`));
      return;
    }
    this.warning.hidden = estimate.fits || this.intent.comparing;
    if (this.warning.hidden || estimate.contextLength === undefined) return;
    this.warning.append(
      el('span', {}, `Too long for ${estimate.model}: the request (≈ ${count(estimate.promptTokens)} tokens) and its answer will not fit its context of ${count(estimate.contextLength)} tokens. Shorten the draft, start a new conversation, lower Max tokens, or `),
    );
    const other = estimate.fitsIn;
    if (other) {
      const use = el('button', { type: 'button', class: 'action', 'data-testid': 'draft-use-model' }, `use ${other.name}`);
      use.addEventListener('click', () => this.post({ type: 'chooseModel', payload: { id: other.id } }));
      this.warning.append(use, el('span', {}, '.'));
    } else {
      this.warning.append(el('span', {}, 'pick a model with a larger context.'));
    }
  }
}
