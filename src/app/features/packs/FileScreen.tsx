// One pack file, inside the app: a PDF pages through (PDF.js, loaded only now), a picture
// zooms, a sound plays. From the phone when it is stored, else fetched once (and kept)
// when there is signal; offline and not stored, it says so plainly.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PackFile } from '../../../shared/packs.ts';
import { useShell } from '../../components/ShellContext.tsx';
import { usePackView } from '../../data/packHooks.ts';
import { useOnline } from '../../sync/status.ts';
import { useOpenFile } from './actions.ts';
import { ImageViewer } from './ImageViewer.tsx';

const PdfViewer = lazy(() => import('./PdfViewer.tsx').then((m) => ({ default: m.PdfViewer })));

type Loaded =
  { state: 'loading' } | { state: 'missing' } | { state: 'ready'; blob: Blob; url: string };

export function FileScreen() {
  const { t } = useTranslation('packs');
  const { id, fileId } = useParams();
  const pupil = useShell()?.current;
  const pack = usePackView(id, pupil?.id);
  const file = pack?.files.find((f) => f.id === fileId);
  if (!pupil || pack === undefined) return null;
  return (
    <>
      <p>
        <Link to={`/packs/${id ?? ''}`}>{t('file.back', { title: pack?.title ?? '' })}</Link>
      </p>
      {file ? (
        <FileView key={file.sha256} file={file} />
      ) : (
        <>
          <h1 className="screen-title">{t('pack.goneTitle')}</h1>
          <p className="empty">{t('file.gone')}</p>
        </>
      )}
    </>
  );
}

function FileView({ file }: { file: PackFile }) {
  const { t } = useTranslation('packs');
  const open = useOpenFile();
  const online = useOnline();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });

  useEffect(() => {
    let alive = true;
    let url: string | null = null;
    // Offline: only what is on the phone. When the signal comes back, this runs again.
    void open(file, online).then((blob) => {
      if (!alive) return;
      if (!blob) {
        setLoaded({ state: 'missing' });
        return;
      }
      url = URL.createObjectURL(blob);
      setLoaded({ state: 'ready', blob, url });
    });
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [file, open, online]);

  return (
    <>
      <h1 className="screen-title" dir="auto">
        {file.name}
      </h1>
      {loaded.state === 'loading' ? (
        <p className="muted" role="status">
          {t('file.loading')}
        </p>
      ) : loaded.state === 'missing' ? (
        <p className="empty" role="status" data-testid="file-missing">
          {online ? t('file.failed') : t('file.notHere')}
        </p>
      ) : file.kind === 'pdf' ? (
        <Suspense
          fallback={
            <p className="muted" role="status">
              {t('file.loadingReader')}
            </p>
          }
        >
          <PdfViewer blob={loaded.blob} name={file.name} fallbackUrl={loaded.url} />
        </Suspense>
      ) : file.kind === 'image' ? (
        <ImageViewer url={loaded.url} name={file.name} />
      ) : (
        <audio className="pack-audio" controls src={loaded.url} data-testid="pack-audio">
          <track kind="captions" />
        </audio>
      )}
      {loaded.state === 'ready' ? (
        <p>
          <a className="button" href={loaded.url} download={file.name}>
            {t('file.save')}
          </a>
        </p>
      ) : null}
    </>
  );
}
