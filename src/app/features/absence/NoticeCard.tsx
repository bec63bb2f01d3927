// One absence notice and where it is: saved on this phone → sent → acknowledged by school.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SetAside } from '../../components/SetAside.tsx';
import { currentBody } from '../../data/absences.ts';
import type { LocalAbsenceNotice, OutboxEntry } from '../../data/db.ts';
import { formatDay } from '../timetable/dates.ts';

type Props = {
  notice: LocalAbsenceNotice;
  refused: OutboxEntry | undefined;
  onEdit: () => void;
  onWithdraw: (reason: string) => Promise<void>;
};

export function NoticeCard({ notice, refused, onEdit, onWithdraw }: Props) {
  const { t, i18n } = useTranslation();
  const [withdrawing, setWithdrawing] = useState(false);
  const [why, setWhy] = useState('');
  const whyId = useId();
  const body = currentBody(notice);
  if (!body) return null;
  const acknowledged = notice.server?.acknowledgedAt ?? null;
  const withdrawn = body.withdrawnReason !== null;
  const days =
    body.from === body.to
      ? formatDay(body.from, i18n.language, 'long')
      : t('absence.range', {
          from: formatDay(body.from, i18n.language, 'long'),
          to: formatDay(body.to, i18n.language, 'long'),
        });
  const status = withdrawn
    ? t('absence.status.withdrawn')
    : acknowledged
      ? notice.server?.acknowledgedBy
        ? t('absence.status.acknowledged', { name: notice.server.acknowledgedBy })
        : t('absence.status.acknowledgedNoName')
      : t(`delivery.${notice.delivery}`);

  return (
    <article
      className={`notice${withdrawn ? ' notice--withdrawn' : ''}`}
      data-testid="absence-notice"
    >
      <h3 className="notice__title">{t(`absence.reason.${body.reason}`)}</h3>
      <p>{days}</p>
      {body.note ? (
        <p dir="auto" className="notice__note">
          {body.note}
        </p>
      ) : null}
      {withdrawn ? (
        <p className="hint" dir="auto">
          {t('absence.withdrawnBecause', { reason: body.withdrawnReason })}
        </p>
      ) : null}
      <p
        className={`delivery delivery--${acknowledged ? 'delivered' : notice.delivery}`}
        data-testid="notice-status"
      >
        {status}
      </p>
      {refused ? <SetAside entry={refused} /> : null}
      {!withdrawn && !withdrawing ? (
        <div className="confirm__actions">
          {!acknowledged ? (
            <button type="button" className="button button--small" onClick={onEdit}>
              {t('absence.edit')}
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small"
            onClick={() => setWithdrawing(true)}
          >
            {t('absence.withdraw')}
          </button>
        </div>
      ) : null}
      {withdrawing ? (
        <form
          className="confirm"
          onSubmit={(e) => {
            e.preventDefault();
            if (why.trim()) void onWithdraw(why).then(() => setWithdrawing(false));
          }}
        >
          <div className="field">
            <label htmlFor={whyId}>{t('absence.withdrawWhy')}</label>
            <input
              id={whyId}
              value={why}
              maxLength={500}
              dir="auto"
              onChange={(e) => setWhy(e.target.value)}
              required
            />
          </div>
          <div className="confirm__actions">
            <button type="submit" className="button button--primary" disabled={!why.trim()}>
              {t('absence.withdrawConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setWithdrawing(false)}>
              {t('absence.cancelEdit')}
            </button>
          </div>
        </form>
      ) : null}
    </article>
  );
}
