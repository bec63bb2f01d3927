// An item that could not be sent as it is: why, in the family's words, and what they can
// do — try again (when that can help), take the photos again, or remove it (asked twice).
// Shown beside the item (hand-in list, absence notices, packs, schedules) and in the list
// of everything that needs attention. Its strings load with it (the attention namespace).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { OutboxEntry } from '../data/db.ts';
import { getAppDb } from '../data/lazyDb.ts';
import { requeueRejected, retryable } from '../data/outbox.ts';
import { removeSetAside, type Retake } from '../data/setAside.ts';
import { attentionReady } from '../i18n/attention.ts';
import { guardWrite } from '../pwa/bridge.ts';
import { requestSync } from '../sync/request.ts';

await attentionReady;

/** Codes with words of their own; any other refusal shows the server's message. */
const worded = new Set([
  'missing_pages',
  'missing_bytes',
  'unreadable_body',
  'app_error',
  'upload_incomplete',
  'upload_gone',
  'server_error',
  'already_acknowledged',
  'conflict',
  'quota_exceeded',
  'made_by_school',
  'gone',
]);

export function useSetAsideReason(): (entry: OutboxEntry) => string {
  const { t } = useTranslation('attention');
  return (entry) => {
    const code = entry.lastError?.code ?? '';
    return worded.has(code)
      ? t(`reason.${code}`)
      : t('reason.refused', { message: entry.lastError?.message ?? '' });
  };
}

type Props = {
  entry: OutboxEntry;
  /** "Take the photos again" where the hand-in form is (else: go to it). */
  onRetake?: (retake: Retake) => void;
};

export function SetAside({ entry, onRetake }: Props) {
  const { t } = useTranslation('attention');
  const reason = useSetAsideReason();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const canRetry = retryable(entry);
  const canRetake = entry.kind === 'submission' && entry.lastError?.code === 'missing_pages';

  async function tryAgain() {
    await guardWrite(async () => requeueRejected(await getAppDb(), entry.id));
    await requestSync('manual');
  }
  async function remove(): Promise<Retake | null> {
    return guardWrite(async () => removeSetAside(await getAppDb(), entry.id));
  }
  async function retake() {
    const made = await remove();
    if (!made) return;
    if (onRetake) return onRetake(made);
    const query = new URLSearchParams({ note: made.note });
    if (made.sessionId) query.set('session', made.sessionId);
    void navigate(`/submit?${query.toString()}`);
  }

  return (
    <div className="message message--error set-aside" role="alert" data-testid="set-aside">
      <p data-testid="set-aside-reason" dir="auto">
        {reason(entry)}
      </p>
      {confirming ? (
        <div className="confirm__actions">
          <p>{t('removeConfirm')}</p>
          <button type="button" className="button button--small" onClick={() => void remove()}>
            {t('removeYes')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setConfirming(false)}
          >
            {t('keep')}
          </button>
        </div>
      ) : (
        <div className="confirm__actions">
          {canRetake ? (
            <button type="button" className="button button--small" onClick={() => void retake()}>
              {t('retake')}
            </button>
          ) : null}
          {canRetry ? (
            <button type="button" className="button button--small" onClick={() => void tryAgain()}>
              {t('tryAgain')}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small"
            onClick={() => setConfirming(true)}
          >
            {t('remove')}
          </button>
        </div>
      )}
    </div>
  );
}
