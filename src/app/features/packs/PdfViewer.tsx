// A PDF inside the app, a page at a time: PDF.js draws the page on a canvas as wide as the
// screen (sharp on high-density screens), "Previous" and "Next" page through, and the
// page's text is there for screen readers and translation apps. Loaded only when a PDF
// is opened (its own chunk; PDF.js itself comes from pdf/pdfjs.ts).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PdfDocument } from '../../pdf/pdfjs.ts';
import { usePdfDocument } from './usePdfDocument.ts';

export function PdfViewer({
  blob,
  name,
  fallbackUrl,
}: {
  blob: Blob;
  name: string;
  fallbackUrl: string;
}) {
  const { t } = useTranslation('packs');
  const doc = usePdfDocument(blob);
  const [page, setPage] = useState(1);

  if (doc === undefined) {
    return (
      <p className="muted" role="status">
        {t('file.loadingReader')}
      </p>
    );
  }
  if (doc === null) {
    return (
      <p className="message message--error" role="alert" data-testid="pdf-failed">
        {t('pdf.failed')}{' '}
        <a href={fallbackUrl} download={name}>
          {t('file.save')}
        </a>
      </p>
    );
  }
  const pager = (
    <div className="actions pdf__pager" role="group" aria-label={t('pdf.pages')}>
      <button
        type="button"
        className="button"
        disabled={page <= 1}
        onClick={() => setPage((p) => Math.max(1, p - 1))}
        data-testid="pdf-previous"
      >
        {t('pdf.previous')}
      </button>
      <span className="pdf__count" aria-live="polite" data-testid="pdf-page">
        {t('pdf.pageOf', { page, pages: doc.numPages })}
      </span>
      <button
        type="button"
        className="button"
        disabled={page >= doc.numPages}
        onClick={() => setPage((p) => Math.min(doc.numPages, p + 1))}
        data-testid="pdf-next"
      >
        {t('pdf.next')}
      </button>
    </div>
  );
  return (
    <div className="pdf">
      {pager}
      <PdfPage doc={doc} page={page} pages={doc.numPages} />
    </div>
  );
}

export function PdfPage({
  doc,
  page,
  pages,
  width,
}: {
  doc: PdfDocument;
  page: number;
  pages: number;
  /** CSS pixels; default: the width the canvas gets from the layout. */
  width?: number;
}) {
  const { t } = useTranslation('packs');
  const canvas = useRef<HTMLCanvasElement>(null);
  const [text, setText] = useState<string | null>(null);
  const [rendered, setRendered] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    void (async () => {
      const element = canvas.current;
      if (!element) return;
      const p = await doc.getPage(page);
      if (cancelled) return;
      const cssWidth = width ?? (element.parentElement?.clientWidth || 600);
      const base = p.getViewport({ scale: 1 });
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      const viewport = p.getViewport({ scale: (cssWidth / base.width) * ratio });
      element.width = Math.floor(viewport.width);
      element.height = Math.floor(viewport.height);
      task = p.render({ canvas: element, viewport });
      try {
        await task.promise;
      } catch {
        return; // cancelled by a newer page
      }
      if (cancelled) return;
      setRendered(page);
      const content = await p.getTextContent();
      if (cancelled) return;
      setText(
        content.items
          .map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : ''))
          .join('')
          .trim(),
      );
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page, width]);

  return (
    <figure className="pdf__page">
      <canvas
        ref={canvas}
        className="pdf__canvas"
        role="img"
        aria-label={t('pdf.pageOf', { page, pages })}
        data-testid="pdf-canvas"
        data-rendered-page={rendered ?? ''}
      />
      {text ? (
        <details className="pdf__text no-print">
          <summary>{t('pdf.text')}</summary>
          <p dir="auto" data-testid="pdf-text">
            {text}
          </p>
        </details>
      ) : null}
    </figure>
  );
}
