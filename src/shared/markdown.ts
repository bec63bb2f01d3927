// Pack instructions: staff write Markdown; the server turns it into HTML with `marked`
// (so a phone needs no Markdown parser: 15 KB less to download and precache), and the
// workspace's live preview runs this same function, so what staff see is what families
// get. The HTML is NOT trusted by anyone: raw HTML in the Markdown passes through as
// written, and it is sanitised with DOMPurify before it reaches a page (the family app's
// `renderInstructions`). Pure JS, no DOM and no Node: shared may import `marked` for this.
// Cached by the Markdown itself, since sync maps the same pack often.
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
