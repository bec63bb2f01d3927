// Always in sight: online or offline, how many items wait to be sent, when the phone last
// synced, and a way to sync now; items that could not be sent, with a way to see them and
// to try again.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNow } from '../../components/useNow.ts';
import { useShell } from '../../components/ShellContext.tsx';
import { retryRejected } from './retry.ts';
import { requestSync } from '../../sync/request.ts';
import { useOnline, useSyncStatus } from '../../sync/status.ts';
import { formatRelative } from './formatRelative.ts';

export function SyncStatusBar() {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const status = useSyncStatus();
  const shell = useShell();
  const waiting = shell?.waiting ?? 0;
  const needsAttention = shell?.needsAttention ?? 0;
  const lastSyncedAt = shell?.lastSyncedAt ?? null;
  const now = useNow();

  const state = !online ? 'offline' : status.error?.kind === 'server' ? 'trouble' : 'online';
  const connection = status.syncing
    ? status.progress && status.progress.total > 0
      ? t('status.sending', status.progress)
      : t('status.syncing')
    : online
      ? t('status.online')
      : t('status.offline');

  return (
    <section className={`sync sync--${state}`} aria-label={t('status.syncNow')}>
      <p className="sync__line" role="status" aria-live="polite" data-testid="sync-status">
        <span className="sync__dot" aria-hidden="true" />
        <span data-testid="sync-connection">{connection}</span>
        <span aria-hidden="true"> · </span>
        <span data-testid="outbox-waiting">
          {waiting > 0 ? t('status.waiting', { count: waiting }) : t('status.allSent')}
        </span>
        <span aria-hidden="true"> · </span>
        <span data-testid="last-synced">
          {lastSyncedAt
            ? t('status.lastSynced', { when: formatRelative(lastSyncedAt, now, i18n.language) })
            : t('status.neverSynced')}
        </span>
      </p>
      {state === 'trouble' ? <p className="sync__note">{t('status.serverTrouble')}</p> : null}
      {needsAttention > 0 ? (
        <p className="sync__note sync__note--error">
          {t('status.needsAttention', { count: needsAttention })}{' '}
          <Link className="button button--small" to="/attention">
            {t('status.seeWhat')}
          </Link>{' '}
          <button
            type="button"
            className="button button--small"
            onClick={() => void retryRejected()}
          >
            {t('status.tryAgain')}
          </button>
        </p>
      ) : null}
      {online && !status.syncing ? (
        <button
          type="button"
          className="button button--small sync__now"
          onClick={() => void requestSync('manual')}
        >
          {t('status.syncNow')}
        </button>
      ) : null}
    </section>
  );
}
