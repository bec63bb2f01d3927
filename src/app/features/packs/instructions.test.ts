// @vitest-environment happy-dom
// Staff text reaches the page only through renderInstructions: whatever HTML it carries,
// nothing in it can run. happy-dom is not a faithful browser (DOMPurify misbehaves in it),
// which makes it a good test that renderInstructions fails closed; the formatting that
// must survive is checked in real Chromium (tests/e2e/packs.test.ts).
import { describe, expect, it } from 'vitest';
import { renderInstructions } from './instructions.ts';

function render(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = renderInstructions(html);
  return div;
}

describe('pack instructions', () => {
  it('makes scripts, event handlers, javascript: links and remote content inert', () => {
    const div = render(
      [
        '<script>window.pwned = 1</script>',
        '<img src="https://tracker.example/x.gif" onerror="window.pwned = 2">',
        '<a href="javascript:window.pwned = 3">click</a>',
        '<p><a href="javascript:alert(1)">also</a></p>',
        '<a href="JaVaScRiPt:alert(1)" onclick="alert(1)">mixed case</a>',
        '<form action="https://evil.example"><input name="q"></form>',
        '<p style="position:fixed" onmouseover="alert(1)">styled</p>',
        '<svg><script>alert(1)</script></svg>',
        '<a href="http://plain.example">not https</a>',
        '<a href="data:text/html,<script>alert(1)</script>">data</a>',
      ].join('\n\n'),
    );
    expect(div.querySelector('script, img, iframe, form, input, svg, style')).toBeNull();
    for (const el of div.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        expect(attr.startsWith('on'), `${el.tagName} ${attr}`).toBe(false);
        expect(attr).not.toBe('style');
      }
    }
    const hrefs = [...div.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'));
    for (const href of hrefs) expect(href).toMatch(/^(https:|mailto:|tel:)/);
    expect(div.textContent).toContain('styled'); // the words stay, the danger goes
  });
});
