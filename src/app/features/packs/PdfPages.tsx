// Every page of a PDF one under another, for printing a pack.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openPdf, type PdfDocument } from '../../pdf/pdfjs.ts';
import { PdfPage } from './PdfViewer.tsx';

export function PdfPages({ blob }: { blob: Blob }) {
  const { t } = useTranslation('packs');
  const [doc, setDoc] = useState<PdfDocument | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    let opened: PdfDocument | null = null;
    void blob
      .arrayBuffer()
      .then(openPdf)
      .then((d) => {
        opened = d;
        if (alive) setDoc(d);
      })
      .catch(() => alive && setDoc(null));
    return () => {
      alive = false;
      void opened?.loadingTask.destroy();
    };
  }, [blob]);
  if (doc === undefined) return <p className="muted">{t('file.loadingReader')}</p>;
  if (doc === null) return <p className="message message--error">{t('pdf.failed')}</p>;
  return (
    <div className="print-pack__pdf">
      {Array.from({ length: doc.numPages }, (_, i) => (
        <PdfPage key={i} doc={doc} page={i + 1} pages={doc.numPages} width={700} />
      ))}
    </div>
  );
}
