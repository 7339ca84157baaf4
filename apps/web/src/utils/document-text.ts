import DOMPurify, { type Config } from 'dompurify';
import MarkdownIt from 'markdown-it';

/** The formats the document page renders as markup; plain text is shown as it is. */
export type RichTextFormat = 'markdown' | 'html';

// Markdown copied from the web carries inline HTML (<br>, tables): let markdown-it pass it through
// and leave every decision about markup to the one sanitiser below. `breaks` keeps the single line
// breaks Chinese documents use between clauses.
const markdown = new MarkdownIt({ html: true, breaks: true, linkify: true });

// An own instance, so these hooks never touch another DOMPurify user on the page.
const purifier = DOMPurify(window);

/** An image or media source the page may load: only data inside the document itself. */
const EMBEDDED_SOURCE = /^data:image\//i;

purifier.addHook('afterSanitizeAttributes', (node) => {
  if (!(node instanceof Element)) return;
  // No remote (or same-origin) fetches from a document: a same-origin <img src="/api/…"> would
  // make a request as the reader.
  if (node.hasAttribute('src') && !EMBEDDED_SOURCE.test(node.getAttribute('src') ?? '')) node.remove();
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('rel', 'noopener noreferrer');
    // A link out of the portal opens apart, so the reader keeps the document; #anchors stay in it.
    if (/^https?:/i.test(node.getAttribute('href') ?? '')) node.setAttribute('target', '_blank');
    else node.removeAttribute('target');
  }
});

const SANITIZE: Config & { RETURN_DOM_FRAGMENT: true } = {
  USE_PROFILES: { html: true },
  // Forms could post as the reader; <style>, `style` and `class` could restyle the app around the text.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'textarea', 'video', 'audio', 'picture', 'source', 'track'],
  FORBID_ATTR: ['style', 'class', 'srcset', 'poster', 'background'],
  ADD_ATTR: ['target'],
  RETURN_DOM_FRAGMENT: true,
};

/** The document's own headings sit under the page's "Full text" heading (h2), so h1 becomes h3. */
const HEADING_SHIFT = 2;

function nestHeadings(fragment: DocumentFragment): void {
  for (const heading of fragment.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Math.min(6, Number(heading.tagName[1]) + HEADING_SHIFT);
    const nested = heading.ownerDocument.createElement(`h${level}`);
    nested.append(...heading.childNodes);
    for (const { name, value } of heading.attributes) nested.setAttribute(name, value);
    heading.replaceWith(nested);
  }
}

/**
 * A Markdown or HTML document as sanitised HTML for `v-html`: no scripts, event handlers,
 * javascript: URLs, forms, styles or remote resources; links get noopener noreferrer, and web links open apart.
 */
export function renderDocumentText(text: string, format: RichTextFormat): string {
  const fragment = purifier.sanitize(format === 'markdown' ? markdown.render(text) : text, SANITIZE);
  nestHeadings(fragment);
  const container = document.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}
