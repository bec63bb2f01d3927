// A download's progress: a real <progress> (read out by screen readers) and the bytes.
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../components/formatBytes.ts';
import type { DownloadProgress } from '../../net/packFiles.ts';

export function DownloadProgressBar({ progress }: { progress: DownloadProgress }) {
  const { t, i18n } = useTranslation('packs');
  const label = t('download.progress', {
    received: formatBytes(progress.received, i18n.language),
    total: formatBytes(progress.total, i18n.language),
  });
  return (
    <div className="download__progress" data-testid="download-progress">
      <progress max={Math.max(progress.total, 1)} value={progress.received} aria-label={label} />
      <p className="muted" aria-live="polite">
        {label}
      </p>
    </div>
  );
}
