// "Download this week": how much data it will use first, then a progress bar; afterwards
// the week's packs stay on the phone and a changed file is fetched again on its own. For
// every child of the family at once: a shared phone keeps the whole family's week.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../components/formatBytes.ts';
import { uniqueFiles } from '../../data/packs.ts';
import { useKeptWeeks, useStoredFiles, useWeekPacks } from '../../data/packHooks.ts';
import { pdfViewerBytes, pdfViewerStored } from '../../pdf/pdfjs.ts';
import { downloadPlan, useDownloadState } from '../../sync/packDownloads.ts';
import { useOnline } from '../../sync/status.ts';
import { downloadWeek } from './actions.ts';
import { DownloadProgressBar } from './DownloadProgressBar.tsx';

type Step =
  | { step: 'idle' }
  | { step: 'confirm'; bytes: number; viewerBytes: number }
  | { step: 'running' }
  | { step: 'failed'; message: string };

export function DownloadWeek({ week }: { week: string }) {
  const { t, i18n } = useTranslation('packs');
  const online = useOnline();
  const kept = useKeptWeeks();
  const download = useDownloadState();
  const [step, setStep] = useState<Step>({ step: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const packs = useWeekPacks(week);
  const stored = useStoredFiles();
  if (!packs || !stored) return null;
  const have = new Set(stored.map((f) => f.sha256));
  const files = uniqueFiles(packs);
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const missing = files.reduce((s, f) => s + (have.has(f.sha256) ? 0 : f.bytes), 0);
  if (total === 0) return null;
  const size = (bytes: number) => formatBytes(bytes, i18n.language);

  async function plan() {
    if (!packs) return;
    const [cost, viewerStored] = await Promise.all([downloadPlan(packs), pdfViewerStored()]);
    setStep({
      step: 'confirm',
      bytes: cost.bytes,
      viewerBytes: cost.hasPdf && !viewerStored ? pdfViewerBytes : 0,
    });
  }

  async function start() {
    if (!packs) return;
    const controller = new AbortController();
    abort.current = controller;
    setStep({ step: 'running' });
    try {
      await downloadWeek(packs, week, controller.signal);
      setStep({ step: 'idle' });
    } catch (error) {
      setStep(
        controller.signal.aborted
          ? { step: 'idle' }
          : {
              step: 'failed',
              message:
                (error as { kind?: string }).kind === 'quota'
                  ? t('download.quota')
                  : t('download.failed'),
            },
      );
    }
  }

  if (step.step === 'confirm') {
    return (
      <div className="download" role="group" aria-labelledby={`confirm-${week}`}>
        <p id={`confirm-${week}`} data-testid="download-estimate">
          {step.viewerBytes > 0
            ? t('download.estimateWithViewer', {
                size: size(step.bytes + step.viewerBytes),
                viewer: size(step.viewerBytes),
              })
            : t('download.estimate', { size: size(step.bytes) })}
        </p>
        <p className="muted">{t('download.wifiHint')}</p>
        <div className="actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void start()}
            data-testid="download-confirm"
          >
            {t('download.confirm')}
          </button>
          <button type="button" className="button" onClick={() => setStep({ step: 'idle' })}>
            {t('download.notNow')}
          </button>
        </div>
      </div>
    );
  }

  if (step.step === 'running' && download.state === 'running') {
    return (
      <div className="download">
        <DownloadProgressBar progress={download.progress} />
        <button type="button" className="button" onClick={() => abort.current?.abort()}>
          {t('download.cancel')}
        </button>
      </div>
    );
  }

  if (missing === 0) {
    return (
      <p className="download download--done" role="status" data-testid="week-downloaded">
        {t('download.allHere', { size: size(total) })}
        {kept?.includes(week) ? ` ${t('download.keptHint')}` : ''}
      </p>
    );
  }

  return (
    <div className="download">
      {step.step === 'failed' ? (
        <p className="message message--error" role="alert">
          {step.message}
        </p>
      ) : null}
      <button
        type="button"
        className="button button--primary"
        disabled={!online}
        onClick={() => void plan()}
        data-testid="download-week"
      >
        {t('download.button')}
      </button>
      <p className="muted">
        {online ? t('download.missing', { size: size(missing) }) : t('download.offline')}
      </p>
    </div>
  );
}
