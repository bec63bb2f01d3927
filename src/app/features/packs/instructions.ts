// Staff write pack instructions in Markdown; the server sends them as HTML (made with
// `marked`, raw HTML and all: src/shared/markdown.ts). Nothing of it reaches the page
// unless DOMPurify lets it through: text formatting, lists, headings, quotes, and links to
// https, mailto and tel only. No scripts, no event handlers, no styles, no images (a
// remote image would leak that the family opened the pack), no forms, no iframes.
// Headings move down to h3–h4 so the screen's own outline (h1 pack, h2 sections) holds.
import DOMPurify from 'dompurify';

const allowedTags = [
  'p',
  'br',
  'strong',
  'em',
  'b',
  'i',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'code',
  'pre',
  'hr',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];
const safeHref = /^(https:|mailto:|tel:)/i;

let purifier: ReturnType<typeof DOMPurify> | null = null;

function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href') ?? '';
    if (!safeHref.test(href.trim())) {
      node.removeAttribute('href');
      return;
    }
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
    if (/^https:/i.test(href.trim())) node.setAttribute('data-needs-internet', '');
  });
  purifier = p;
  return p;
}

const allowedAttributes = ['href', 'title', 'target', 'rel', 'data-needs-internet'];

/** Fail closed: anything DOMPurify let through that is not on the lists means plain text. */
function onlyAllowed(root: ParentNode): boolean {
  for (const el of root.querySelectorAll('*')) {
    if (!allowedTags.includes(el.tagName.toLowerCase())) return false;
    for (const name of el.getAttributeNames()) {
      if (!allowedAttributes.includes(name)) return false;
    }
    const href = el.getAttribute('href');
    if (href !== null && !safeHref.test(href.trim())) return false;
  }
  return true;
}

function escapeText(text: string): string {
  const p = document.createElement('p');
  p.textContent = text;
  return p.outerHTML;
}

/** Safe HTML for the instructions (a string DOMPurify has cleaned). */
export function renderInstructions(html: string): string {
  const fragment = getPurifier().sanitize(html, {
    ALLOWED_TAGS: allowedTags,
    ALLOWED_ATTR: allowedAttributes,
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: safeHref,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const heading of fragment.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const to = Number(heading.tagName[1]) <= 3 ? 'h3' : 'h4';
    if (heading.tagName.toLowerCase() === to) continue;
    const replacement = document.createElement(to);
    replacement.append(...heading.childNodes);
    heading.replaceWith(replacement);
  }
  const holder = document.createElement('div');
  holder.append(fragment);
  return onlyAllowed(holder) ? holder.innerHTML : escapeText(holder.textContent ?? '');
}
