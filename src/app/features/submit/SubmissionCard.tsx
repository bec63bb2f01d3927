// One handed-in piece of work and where it is: saved on this phone → sending (with
// progress) → delivered → seen by the teacher → feedback.
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../components/formatBytes.ts';
import { useNow } from '../../components/useNow.ts';
import { SetAside } from '../../components/SetAside.tsx';
import type { OutboxEntry } from '../../data/db.ts';
import type { SubmissionWithFeedback } from '../../data/hooks.ts';
import type { Retake } from '../../data/setAside.ts';
import { formatRelative } from '../status/formatRelative.ts';

type Props = {
  submission: SubmissionWithFeedback;
  /** Bytes the server has acknowledged, while it is being sent. */
  progress: { sent: number; total: number } | undefined;
  held: boolean;
  /** Set aside: it could not be sent as it is (the reason and what to do are shown). */
  setAside: OutboxEntry | undefined;
  onSendNow: () => void;
  onRetake: (retake: Retake) => void;
};

export function SubmissionCard({
  submission: s,
  progress,
  held,
  setAside,
  onSendNow,
  onRetake,
}: Props) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const stage = setAside
    ? 'refused'
    : progress && s.delivery === 'saved'
      ? 'sending'
      : s.feedback.length > 0
        ? 'feedback'
        : s.server?.seenAt
          ? 'seen'
          : s.delivery;
  const percent =
    progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;
  return (
    <article
      className={`submission submission--${stage}`}
      data-testid="submission"
      data-submission-id={s.id}
    >
      <p>
        <strong>{t('submit.pages', { count: s.pageCount })}</strong>
        {s.bytes ? <span className="hint"> · {formatBytes(s.bytes, i18n.language)}</span> : null}
        <span className="hint"> · {formatRelative(s.createdAt, now, i18n.language)}</span>
      </p>
      {s.note ? (
        <p dir="auto" className="notice__note">
          {s.note}
        </p>
      ) : null}
      <p className="submission__stage" data-testid="submission-status">
        {stage === 'sending' ? t('submit.stage.sending', { percent }) : t(`submit.stage.${stage}`)}
      </p>
      {stage === 'sending' ? (
        <progress max={100} value={percent} aria-label={t('submit.stage.sending', { percent })} />
      ) : null}
      {setAside ? <SetAside entry={setAside} onRetake={onRetake} /> : null}
      {held && stage === 'saved' ? (
        <p>
          <span className="hint">{t('submit.heldForWifi')} </span>
          <button type="button" className="button button--small" onClick={onSendNow}>
            {t('submit.sendNow')}
          </button>
        </p>
      ) : null}
      {s.feedback.map((f) => (
        <blockquote key={f.id} className="feedback" data-testid="feedback">
          <p dir="auto">{f.text}</p>
          <footer className="hint">
            {f.staffName}, {formatRelative(f.createdAt, now, i18n.language)}
          </footer>
        </blockquote>
      ))}
    </article>
  );
}
