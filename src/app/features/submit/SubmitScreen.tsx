// Hand in work: photos of the finished pages (camera or gallery), an optional note, sent
// when there is signal; below, everything handed in for this child and where it is.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShell } from '../../components/ShellContext.tsx';
import { useSearchParams } from 'react-router';
import { formatBytes } from '../../components/formatBytes.ts';
import { appDb } from '../../data/appDb.ts';
import { useRejectedByRecord, useSendOnWifiOnly, useSubmissions } from '../../data/hooks.ts';
import { forceSend } from '../../data/outbox.ts';
import { connectionKind } from '../../pwa/network.ts';
import { isQuotaError } from '../../pwa/storage.ts';
import { requestSync } from '../../sync/request.ts';
import { useSyncStatus } from '../../sync/status.ts';
import { PagePicker } from './PagePicker.tsx';
import { SubmissionCard } from './SubmissionCard.tsx';
import { usePhotoDraft } from './usePhotoDraft.ts';
import { useSharedPhotos } from './useSharedPhotos.ts';
import { useSubmit } from './useSubmit.ts';

export function SubmitScreen() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sessionId = params.get('session');
  const pupil = useShell()?.current;
  const submissions = useSubmissions(pupil?.id);
  const refused = useRejectedByRecord();
  const wifiOnly = useSendOnWifiOnly();
  const { uploads } = useSyncStatus();
  const draft = usePhotoDraft(pupil?.id);
  useSharedPhotos(params.get('shared') === '1', draft.add);
  const submit = useSubmit();
  // "Send a photo of this work" from a learning pack starts with a note naming the pack.
  const [note, setNote] = useState(() => (params.get('note') ?? '').slice(0, 1000));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const noteId = useId();

  if (!pupil) return <p className="muted">{t('app.loading')}</p>;
  const total = draft.ready.reduce((sum, p) => sum + p.page.bytes, 0);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!pupil || draft.ready.length === 0 || draft.working) return;
    try {
      await submit({
        pupilId: pupil.id,
        sessionId,
        note,
        pages: draft.ready.map((p) => p.page),
      });
      draft.clear();
      setNote('');
      setMessage({ ok: true, text: t('submit.saved') });
    } catch (e) {
      setMessage({
        ok: false,
        text: isQuotaError(e) ? t('errors.quota_device') : t('submit.saveFailed'),
      });
    }
  }

  return (
    <>
      <h1 className="screen-title">{t('submit.title', { name: pupil.displayName })}</h1>
      <form className="panel" onSubmit={(e) => void onSubmit(e)}>
        <p>{sessionId ? t('submit.forSession') : t('submit.intro')}</p>
        <PagePicker
          pages={draft.pages}
          onAdd={draft.add}
          onRemove={draft.remove}
          onMove={draft.move}
        />
        <div className="field">
          <label htmlFor={noteId}>{t('submit.note')}</label>
          <textarea
            id={noteId}
            value={note}
            maxLength={1000}
            rows={2}
            dir="auto"
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        {draft.ready.length > 0 ? (
          <p data-testid="send-size">
            {t('submit.willSend', { size: formatBytes(total, i18n.language) })}
          </p>
        ) : null}
        <p className={`message ${message?.ok ? 'message--ok' : 'message--error'}`} role="status">
          {message?.text}
        </p>
        <button
          type="submit"
          className="button button--primary"
          disabled={draft.ready.length === 0 || draft.working}
        >
          {t('submit.send')}
        </button>
        <p className="hint">{t('submit.privacy')}</p>
      </form>
      <section aria-labelledby="submit-list" data-loaded={submissions ? 'true' : undefined}>
        <h2 id="submit-list">{t('submit.listTitle')}</h2>
        {submissions && submissions.length > 0 ? (
          <ul className="notices">
            {submissions.map((s) => (
              <li key={s.id}>
                <SubmissionCard
                  submission={s}
                  progress={uploads[s.id]}
                  held={Boolean(
                    wifiOnly && s.queued && !s.queued.force && connectionKind() !== 'wifi',
                  )}
                  setAside={refused.get(s.id)}
                  onSendNow={() => {
                    void forceSend(appDb, s.id).then(() => requestSync('manual'));
                  }}
                  onRetake={(retake) => {
                    // The form above, as it was: the same note and lesson, new photos.
                    setNote(retake.note);
                    setParams(retake.sessionId ? { session: retake.sessionId } : {});
                    document.getElementById(noteId)?.focus();
                  }}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('submit.none')}</p>
        )}
      </section>
    </>
  );
}
