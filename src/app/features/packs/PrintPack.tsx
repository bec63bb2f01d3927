// A paper copy of a pack for printing at home: instructions, activities with boxes to
// tick, links written out in full (paper cannot be tapped), every picture, and every page
// of every PDF, drawn from the copies on the phone. Files not on the phone yet are named,
// with a button to fetch them first.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PackFile } from '../../../shared/packs.ts';
import { useShell } from '../../components/ShellContext.tsx';
import type { PackView } from '../../data/packs.ts';
import { usePackView } from '../../data/packHooks.ts';
import { formatDay } from '../timetable/dates.ts';
import { useOpenFile } from './actions.ts';
import { renderInstructions } from './instructions.ts';

const PdfPages = lazy(() => import('./PdfPages.tsx').then((m) => ({ default: m.PdfPages })));

export function PrintPackScreen() {
  const { t } = useTranslation('packs');
  const { id } = useParams();
  const pupil = useShell()?.current;
  const pack = usePackView(id, pupil?.id);
  if (!pupil || pack === undefined) return null;
  if (pack === null) return <p className="empty">{t('pack.gone')}</p>;
  return <PrintPack pack={pack} name={pupil.displayName} />;
}

function PrintPack({ pack, name }: { pack: PackView; name: string }) {
  const { t, i18n } = useTranslation('packs');
  const html = useMemo(() => renderInstructions(pack.instructionsHtml), [pack.instructionsHtml]);
  return (
    <article className="print-pack" data-testid="print-pack-view">
      <div className="actions no-print">
        <Link className="button" to={`/packs/${pack.id}`}>
          {t('pack.back')}
        </Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
      </div>
      <h1 className="screen-title">{pack.title}</h1>
      <p>
        {t('print.for', { name })}
        {pack.weekStart
          ? ` · ${t('list.weekOf', { date: formatDay(pack.weekStart, i18n.language, 'long') })}`
          : ''}
      </p>
      {pack.instructionsHtml.trim() ? (
        <>
          {/* The instructions' own headings are h3 and below (instructions.ts). */}
          <h2>{t('pack.instructions')}</h2>
          {/* Cleaned by DOMPurify in renderInstructions (see instructions.ts). */}
          <div className="instructions" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />
        </>
      ) : null}
      {pack.activities.length > 0 ? (
        <>
          <h2>{t('pack.activities')}</h2>
          <ul className="print-pack__activities">
            {pack.activities.map((a) => (
              <li key={a.id} dir="auto">
                <span aria-hidden="true" className="print-pack__box">
                  {a.done ? '☑' : '☐'}
                </span>{' '}
                {a.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {pack.links.length > 0 ? (
        <>
          <h2>{t('pack.links')}</h2>
          <ul>
            {pack.links.map((l, i) => (
              <li key={`${l.url}-${i}`}>
                {l.title}: <span className="print-pack__url">{l.url}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {pack.files
        .filter((f) => f.kind !== 'audio')
        .map((f) => (
          <PrintFile key={f.id} file={f} />
        ))}
    </article>
  );
}

function PrintFile({ file }: { file: PackFile }) {
  const { t } = useTranslation('packs');
  const open = useOpenFile();
  const [blob, setBlob] = useState<Blob | null | undefined>(undefined);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let made: string | null = null;
    void open(file, navigator.onLine).then((b) => {
      if (!alive) return;
      setBlob(b);
      if (b && file.kind === 'image') {
        made = URL.createObjectURL(b);
        setUrl(made);
      }
    });
    return () => {
      alive = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file, open]);
  return (
    <section className="print-pack__file">
      <h2 dir="auto">{file.name}</h2>
      {blob === undefined ? (
        <p className="muted">{t('file.loading')}</p>
      ) : blob === null ? (
        <p className="message message--error">{t('print.missing')}</p>
      ) : file.kind === 'image' && url ? (
        <img className="print-pack__image" src={url} alt={file.name} />
      ) : file.kind === 'pdf' ? (
        <Suspense fallback={<p className="muted">{t('file.loadingReader')}</p>}>
          <PdfPages blob={blob} />
        </Suspense>
      ) : null}
    </section>
  );
}
