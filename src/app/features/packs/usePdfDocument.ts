// A PDF opened from its bytes for as long as a component shows it (closed afterwards).
// `undefined` while opening, `null` when PDF.js cannot read it.
import { useEffect, useState } from 'react';
import { openPdf, type PdfDocument } from '../../pdf/pdfjs.ts';

export function usePdfDocument(blob: Blob): PdfDocument | null | undefined {
  const [doc, setDoc] = useState<{ blob: Blob; doc: PdfDocument | null } | null>(null);
  useEffect(() => {
    let alive = true;
    let opened: PdfDocument | null = null;
    void blob
      .arrayBuffer()
      .then(openPdf)
      .then((d) => {
        opened = d;
        if (alive) setDoc({ blob, doc: d });
        else void d.loadingTask.destroy();
      })
      .catch(() => {
        if (alive) setDoc({ blob, doc: null });
      });
    return () => {
      alive = false;
      void opened?.loadingTask.destroy();
    };
  }, [blob]);
  return doc && doc.blob === blob ? doc.doc : undefined;
}
