/**
 * Clicks inside answers, handled in one place: code actions, links and image placeholders. Only
 * elements our renderer made carry `data-action` / `data-href` (the sanitiser strips the model's
 * own data attributes), so an answer cannot forge them.
 */
import type { WebviewMessage, WebviewRequests } from '../src/protocol';
import { request } from './requests';

type Post = (message: WebviewMessage) => void;

function codeOf(target: Element): { code: string; language: string } | undefined {
  const pre = target.closest('pre');
  const code = pre?.querySelector('code');
  if (!pre || !code) return undefined;
  return { code: code.textContent ?? '', language: pre.dataset['language'] ?? '' };
}

export function handleAnswerClicks(root: HTMLElement, post: Post): void {
  root.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : undefined;
    if (!target) return;
    // Our own buttons first: "Load image" inside a linked image loads the image, not the link.
    const action = target.closest<HTMLElement>('[data-action]');
    if (action) {
      event.preventDefault();
      onAction(action, post);
      return;
    }
    const link = target.closest<HTMLAnchorElement>('a[data-href]');
    if (link) {
      event.preventDefault();
      post({ type: 'openLink', payload: { url: link.dataset['href'] ?? '' } });
      return;
    }
    // A link we did not vouch for goes nowhere.
    if (target.closest('a')) event.preventDefault();
  });
}

function onAction(action: HTMLElement, post: Post): void {
  const code = codeOf(action);
  switch (action.dataset['action']) {
    case 'copy':
      if (code) post({ type: 'copyText', payload: { text: code.code } });
      return;
    case 'insert':
      if (code) post({ type: 'insertCode', payload: { code: code.code } });
      return;
    case 'apply':
      if (code) post({ type: 'applyCode', payload: { code: code.code } });
      return;
    case 'open':
      if (code) post({ type: 'openCode', payload: code });
      return;
    case 'load-image': {
      const holder = action.closest<HTMLElement>('.image-placeholder');
      const url = holder?.dataset['src'];
      if (!holder || !url) return;
      action.textContent = 'Loading…';
      action.setAttribute('disabled', '');
      void request(post, 'loadImage', { url }).then((result) => imageLoaded(holder, result));
      return;
    }
  }
}

/** The host fetched the image: the placeholder becomes the image, or says why not. */
function imageLoaded(holder: HTMLElement, { dataUrl, error }: WebviewRequests['loadImage']['result']): void {
  if (dataUrl) {
    const img = document.createElement('img');
    img.src = dataUrl;
    img.alt = holder.querySelector('code')?.textContent ?? '';
    img.setAttribute('data-testid', 'loaded-image');
    holder.replaceWith(img);
    return;
  }
  const button = holder.querySelector('button');
  if (button) {
    button.textContent = 'Retry';
    button.removeAttribute('disabled');
  }
  holder.title = error ?? 'Could not load the image.';
  holder.classList.add('failed');
}
