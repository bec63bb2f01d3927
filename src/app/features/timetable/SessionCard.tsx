// One timetable session: time, subject, what to do, live link, and the "done" mark.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Pupil } from '../../../shared/entities.ts';
import type { SessionWithProgress } from '../../data/timetable.ts';
import { isQuotaError } from '../../pwa/storage.ts';
import { useMarkDone } from './useMarkDone.ts';

export function SessionCard({ session, pupil }: { session: SessionWithProgress; pupil: Pupil }) {
  const { t } = useTranslation();
  const markDone = useMarkDone();
  // The tick shows at once (a discrete update, so the checkbox never flickers back);
  // once IndexedDB has the mark, the stored value takes over again.
  const [local, setLocal] = useState<{ value: boolean; over: boolean } | null>(null);
  const done = local && local.over === session.done ? local.value : session.done;
  const [failed, setFailed] = useState<string | null>(null);
  const toggle = (next: boolean) => {
    setLocal({ value: next, over: session.done });
    setFailed(null);
    markDone(pupil.id, session.id, next).catch((e: unknown) => {
      setLocal(null);
      setFailed(isQuotaError(e) ? t('errors.quota_device') : t('errors.save_failed'));
    });
  };
  const titleId = `session-${session.id}`;
  return (
    <article
      className={`session session--${session.kind}${done ? ' session--done' : ''}`}
      aria-labelledby={titleId}
      data-testid="session"
      data-session-id={session.id}
      data-week-id={session.weekId}
    >
      <p className="session__time" dir="ltr">
        <time>{session.startTime}</time>–<time>{session.endTime}</time>
      </p>
      <div className="session__body">
        <h3 id={titleId} className="session__subject" dir="auto">
          {session.subject}
        </h3>
        <p className="session__tags">
          <span className={`badge badge--${session.kind}`}>
            {t(`session.kind.${session.kind}`)}
          </span>
          {session.pupilId ? (
            <span className="badge">{t('session.forChild', { name: pupil.displayName })}</span>
          ) : null}
        </p>
        {session.details ? (
          <p className="session__details" dir="auto">
            {session.details}
          </p>
        ) : null}
        {session.liveUrl ? (
          <p className="session__live">
            <a
              className="button button--live"
              href={session.liveUrl}
              target="_blank"
              rel="noopener noreferrer external"
              aria-describedby={`${titleId}-net`}
            >
              {t('session.joinLive')}
            </a>
            <span id={`${titleId}-net`} className="hint">
              {t('session.needsInternet')}
            </span>
          </p>
        ) : null}
        {session.kind !== 'break' ? (
          <div className="session__done">
            <label className={`check${done ? ' check--on' : ''}`}>
              <input
                type="checkbox"
                checked={done}
                onChange={(e) => toggle(e.target.checked)}
                data-testid="mark-done"
              />
              <span>{t('session.done')}</span>
            </label>
            {session.delivery ? (
              <span className={`delivery delivery--${session.delivery}`} data-testid="delivery">
                {t(`delivery.${session.delivery}`)}
              </span>
            ) : null}
          </div>
        ) : null}
        {failed ? (
          <p className="message message--error" role="alert">
            {failed}
          </p>
        ) : null}
        {session.packs.map((p) => (
          <p key={p.id} className="session__pack">
            <Link className="button button--small" to={`/packs/${p.id}`} data-testid="session-pack">
              {t('session.pack', { title: p.title })}
            </Link>
          </p>
        ))}
        {session.kind !== 'break' ? (
          <p className="session__handin">
            <Link className="button button--small" to={`/submit?session=${session.id}`}>
              {t('session.handIn')}
            </Link>
          </p>
        ) : null}
      </div>
    </article>
  );
}
