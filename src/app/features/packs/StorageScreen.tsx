// Space on this phone: how much Homeward uses, which packs' files are stored (biggest
// first), and ways to free space: one pack, or every pack from past weeks. Queued photos
// and notices are never touched here. Also: whether the browser may clear Homeward's data
// when space runs low, and whether packs download on their own on Wi-Fi.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../components/formatBytes.ts';
import { appDb } from '../../data/appDb.ts';
import { setAutoDownload, type PackStorage } from '../../data/packs.ts';
import { useAutoDownload, usePacksOnPhone } from '../../data/packHooks.ts';
import { storageEstimate } from '../../pwa/storage.ts';
import { useToday } from '../schedule/useToday.ts';
import { weekStartOf } from '../../../shared/calendar.ts';
import { formatDay } from '../timetable/dates.ts';
import { freePacks, tidyFiles } from './actions.ts';

type Estimate = { usage: number; quota: number; persisted: boolean | null };

/** Asked again whenever the pack files on the phone change (`_packBytes`). */
async function readEstimate(_packBytes: number): Promise<Estimate | null> {
  const estimate = await storageEstimate();
  if (!estimate) return null;
  const persisted = navigator.storage?.persisted ? await navigator.storage.persisted() : null;
  return { ...estimate, persisted };
}

export function StorageScreen() {
  const { t, i18n } = useTranslation('packs');
  const packs = usePacksOnPhone();
  const auto = useAutoDownload();
  const thisWeek = weekStartOf(useToday());
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const size = (bytes: number) => formatBytes(bytes, i18n.language);
  const stored = packs?.reduce((s, p) => s + p.storedBytes, 0) ?? 0;

  useEffect(() => {
    void tidyFiles()
      .then(() => readEstimate(stored))
      .then(setEstimate);
  }, [stored]);

  async function free(list: PackStorage[]) {
    const freed = await freePacks(list);
    setMessage(t('storage.freed', { size: size(freed) }));
  }

  async function keepSafe() {
    const granted = navigator.storage?.persist ? await navigator.storage.persist() : false;
    setMessage(granted ? t('storage.safeNow') : t('storage.safeRefused'));
    setEstimate(await readEstimate(stored));
  }

  const past = packs?.filter((p) => !p.pinned && p.weekStart !== null && p.weekStart < thisWeek);

  return (
    <>
      <p>
        <Link to="/packs">{t('pack.back')}</Link>
      </p>
      <h1 className="screen-title">{t('storage.title')}</h1>
      <section className="panel" aria-labelledby="storage-use">
        <h2 id="storage-use">{t('storage.use')}</h2>
        {estimate ? (
          <>
            <p data-testid="storage-usage">
              {t('storage.usage', {
                used: size(estimate.usage),
                free: size(Math.max(0, estimate.quota - estimate.usage)),
              })}
            </p>
            <progress
              max={Math.max(estimate.quota, 1)}
              value={estimate.usage}
              aria-label={t('storage.bar')}
            />
            <p>
              {estimate.persisted ? t('storage.safe') : t('storage.notSafe')}{' '}
              {estimate.persisted === false ? (
                <button type="button" className="button" onClick={() => void keepSafe()}>
                  {t('storage.makeSafe')}
                </button>
              ) : null}
            </p>
          </>
        ) : (
          <p className="muted">{t('storage.unknown')}</p>
        )}
        <p data-testid="storage-packs">{t('storage.packBytes', { size: size(stored) })}</p>
        <p className="muted">{t('storage.queuedSafe')}</p>
      </section>

      <section className="panel" aria-labelledby="storage-packs">
        <h2 id="storage-packs">{t('storage.packs')}</h2>
        {packs && packs.length > 0 ? (
          <ul className="storage-list">
            {packs.map((p) => (
              <li key={p.id} className="storage-item" data-testid="storage-item">
                <span className="storage-item__title" dir="auto">
                  {p.title}
                </span>
                <span className="muted">
                  {[
                    p.weekStart
                      ? t('list.weekOf', { date: formatDay(p.weekStart, i18n.language, 'short') })
                      : null,
                    size(p.storedBytes),
                    p.pinned ? t('list.kept') : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                <button
                  type="button"
                  className="button"
                  onClick={() => void free([p])}
                  aria-label={t('storage.removeOne', { title: p.title })}
                  data-testid="storage-remove"
                >
                  {t('storage.remove')}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('storage.noPacks')}</p>
        )}
        {past && past.length > 0 ? (
          <button type="button" className="button" onClick={() => void free(past)}>
            {t('storage.removePast', { size: size(past.reduce((s, p) => s + p.storedBytes, 0)) })}
          </button>
        ) : null}
        {message ? (
          <p className="message message--ok" role="status">
            {message}
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="storage-auto">
        <h2 id="storage-auto">{t('storage.autoTitle')}</h2>
        <label className={`check${auto ? ' check--on' : ''}`}>
          <input
            type="checkbox"
            checked={auto ?? true}
            onChange={(e) => void setAutoDownload(appDb, e.target.checked)}
            data-testid="auto-download"
          />
          <span>{t('storage.auto')}</span>
        </label>
        <p className="muted">{t('storage.autoHint')}</p>
      </section>
    </>
  );
}
