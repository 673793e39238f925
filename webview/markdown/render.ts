/**
 * Markdown's HTML to safe DOM: DOMPurify, then our own treatment of what model output must not do
 * by itself: remote images become click-to-load placeholders, links open only through the host
 * after a click, code blocks get highlighting and their actions.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { highlight } from './highlight';
import { taskBox } from './markdownBlocks';

/** A prompt keeps the line breaks its writer typed, as comments on GitHub do. */
const promptMarked = new Marked({ gfm: true, breaks: true, async: false, renderer: { checkbox: taskBox } });

/** Model output: configured once, since parsing the configuration on every call costs more than the sanitising. */
const answerPurifier = DOMPurify(window);
answerPurifier.setConfig({
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'video', 'audio', 'source', 'base', 'link', 'meta'],
  // Every attribute that carries a URL, but the two our own treatment handles (an image's src, a
  // link's href): a table's background or a blockquote's cite would otherwise be fetched or kept.
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'ping', 'background', 'poster', 'cite', 'longdesc', 'lowsrc', 'dynsrc', 'usemap', 'xlink:href', 'profile', 'manifest', 'codebase', 'data', 'archive', 'classid'],
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
});

/** highlight.js output: only its spans and classes. */
const highlightPurifier = DOMPurify(window);
highlightPurifier.setConfig({ ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'], RETURN_DOM_FRAGMENT: true });

function safeUrl(value: string | null): URL | undefined {
  if (!value) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function button(action: string, label: string, title: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'action';
  b.dataset['action'] = action;
  b.textContent = label;
  b.title = title;
  b.setAttribute('data-testid', `code-${action}`);
  return b;
}

/** Highlights the code of a block `decorateCodeBlock` framed, in the language it names. */
export function highlightCodeBlock(pre: HTMLElement): void {
  const code = pre.querySelector('code');
  const html = code ? highlight(code.textContent ?? '', pre.dataset['language'] ?? '') : undefined;
  if (code && html !== undefined) code.replaceChildren(highlightedFragment(html));
}

/** Wraps a <pre><code> in a frame with the language and its actions; highlights it when asked. */
export function decorateCodeBlock(pre: HTMLElement, language: string, finished: boolean): void {
  const code = pre.querySelector('code');
  if (!code) return;
  pre.dataset['language'] = language;
  pre.setAttribute('data-testid', 'code-block');
  if (finished) highlightCodeBlock(pre);
  const bar = document.createElement('div');
  bar.className = 'code-bar';
  const name = document.createElement('span');
  name.className = 'code-language';
  name.textContent = language || 'text';
  bar.append(name, button('copy', 'Copy', 'Copy the code'), button('insert', 'Insert', 'Insert at the cursor of the active editor'), button('apply', 'Apply…', 'Replace the selection in the active editor, after reviewing the change in a diff'), button('open', 'Open', 'Open in a new editor'));
  pre.prepend(bar);
}

function imagePlaceholder(url: string, alt: string): HTMLElement {
  const holder = document.createElement('span');
  holder.className = 'image-placeholder';
  holder.setAttribute('data-testid', 'image-placeholder');
  holder.dataset['src'] = url;
  const load = document.createElement('button');
  load.type = 'button';
  load.className = 'action';
  load.dataset['action'] = 'load-image';
  load.textContent = 'Load image';
  const where = document.createElement('code');
  where.textContent = url;
  holder.append(load, ' ', alt ? `${alt} · ` : '', where);
  holder.title = 'Remote images load only when you ask: loading one tells its server you read this.';
  return holder;
}

function treat(root: DocumentFragment, highlightCode: boolean): void {
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const url = safeUrl(img.getAttribute('src'));
    if (url?.protocol === 'data:' && /^data:image\/(png|gif|jpeg|webp);/.test(url.href)) continue;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      img.remove();
      continue;
    }
    const alt = img.getAttribute('alt') ?? '';
    const placeholder = imagePlaceholder(url.href, alt);
    const link = img.closest('a');
    if (link) {
      // A linked image: the link keeps the image's words, and the placeholder stands after it, so
      // that asking for the image never follows the link.
      img.replaceWith(alt || url.href);
      link.after(' ', placeholder);
    } else {
      img.replaceWith(placeholder);
    }
  }
  for (const a of Array.from(root.querySelectorAll('a'))) {
    const url = safeUrl(a.getAttribute('href'));
    a.removeAttribute('target');
    if (url && (url.protocol === 'http:' || url.protocol === 'https:')) {
      a.dataset['href'] = url.href;
      a.title = url.href;
      a.setAttribute('href', url.href);
    } else {
      a.removeAttribute('href');
    }
  }
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    const language = /language-([\w+#.-]+)/.exec(code?.className ?? '')?.[1] ?? '';
    decorateCodeBlock(pre, language, highlightCode);
  }
}

/**
 * Markdown's HTML (an answer's blocks from `MarkdownBlocks`, or a prompt) to a sanitised fragment;
 * its code blocks left as plain text when the caller highlights them itself.
 */
export function renderHtml(html: string, highlightCode = true): DocumentFragment {
  const fragment = answerPurifier.sanitize(html) as unknown as DocumentFragment;
  treat(fragment, highlightCode);
  return fragment;
}

/** highlight.js's HTML to a fragment of its spans. */
export function highlightedFragment(html: string): DocumentFragment {
  return highlightPurifier.sanitize(html) as unknown as DocumentFragment;
}


/** A user's prompt, whole: the same markdown and sanitising as answers, its line breaks kept. */
export function renderPromptMarkdown(source: string): DocumentFragment {
  return renderHtml(promptMarked.parse(source) as string);
}
