// Pack instructions: staff write Markdown; families get HTML made here with `marked`, so a
// phone needs no Markdown parser (15 KB less to download and precache). The HTML is NOT
// trusted by anyone: raw HTML in the Markdown passes through as written, and the phone
// sanitises everything with DOMPurify before it reaches the page (src/app/features/packs/
// instructions.ts). Cached by the Markdown itself, since sync maps the same pack often.
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: true, async: false });
const cache = new Map<string, string>();

export function markdownToHtml(markdown: string): string {
  let html = cache.get(markdown);
  if (html === undefined) {
    html = marked.parse(markdown, { async: false });
    if (cache.size > 500) cache.clear();
    cache.set(markdown, html);
  }
  return html;
}
