// Every page of a PDF one under another, for printing a pack.
import { useTranslation } from 'react-i18next';
import { PdfPage } from './PdfViewer.tsx';
import { usePdfDocument } from './usePdfDocument.ts';

export function PdfPages({ blob }: { blob: Blob }) {
  const { t } = useTranslation('packs');
  const doc = usePdfDocument(blob);
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
