// The weekly timetable: choose the week and the day, see each session with what to do,
// live-lesson links and a "done" mark that works offline.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWeekView } from '../../data/firstHooks.ts';
import { firstScreenShown } from '../../pwa/firstScreen.ts';
import { useSyncStatus } from '../../sync/status.ts';
import { addDays, formatDay, weekDays } from './dates.ts';
import { DayPicker } from './DayPicker.tsx';
import { SessionCard } from './SessionCard.tsx';

export function WeekScreen() {
  const { t, i18n } = useTranslation();
  const [weekId, setWeekId] = useState<string | null>(null);
  // A chosen day belongs to one child's week: switching either starts from the default.
  const [dayChoice, setDayChoice] = useState<{ key: string; day: string } | null>(null);
  const view = useWeekView(weekId);
  const { syncing } = useSyncStatus();
  useEffect(() => {
    if (view) firstScreenShown();
  }, [view]);

  if (!view) return <p className="muted">{t('app.loading')}</p>;
  const { pupil, week, weeks, sessions, today, lastSyncedAt } = view;

  const emptyMessage = lastSyncedAt
    ? t('week.noWeek')
    : syncing
      ? t('week.downloading')
      : t('week.noWeekOffline');
  if (!pupil) {
    return (
      <p className="empty" role="status">
        {lastSyncedAt ? t('children.none') : emptyMessage}
      </p>
    );
  }

  const heading = <h1 className="screen-title">{t('week.title', { name: pupil.displayName })}</h1>;
  if (!week) {
    return (
      <>
        {heading}
        <p className="empty" role="status">
          {emptyMessage}
        </p>
      </>
    );
  }

  const index = weeks.indexOf(week);
  const days = weekDays(week.weekStart, hasWeekend(sessions, week.weekStart) ? 7 : 5);
  const choiceKey = `${pupil.id}/${week.id}`;
  const chosen = dayChoice?.key === choiceKey ? dayChoice.day : null;
  const selectedDay =
    chosen && days.includes(chosen)
      ? chosen
      : days.includes(today)
        ? today
        : (days[0] ?? week.weekStart);
  const daySessions = sessions.filter((s) => s.date === selectedDay);
  const isThisWeek = week.weekStart <= today && today < addDays(week.weekStart, 7);
  const isNextWeek = !isThisWeek && week.weekStart > today && week.weekStart <= addDays(today, 7);

  return (
    <>
      {heading}
      <div className="weeknav-box">
        <div className="weeknav">
          <button
            type="button"
            className="button button--icon"
            onClick={() => setWeekId(weeks[index - 1]?.id ?? null)}
            disabled={index <= 0}
            aria-label={t('week.previous')}
          >
            {/* ‹ and › are mirrored glyphs: right-to-left text draws them the other way. */}
            <span aria-hidden="true">‹</span>
          </button>
          <h2 className="weeknav__label" aria-live="polite">
            {isThisWeek ? t('week.thisWeek') : isNextWeek ? t('week.nextWeek') : null}
            <span className="weeknav__date">
              {t('week.weekOf', { date: formatDay(week.weekStart, i18n.language, 'long') })}
            </span>
          </h2>
          <button
            type="button"
            className="button button--icon"
            onClick={() => setWeekId(weeks[index + 1]?.id ?? null)}
            disabled={index >= weeks.length - 1}
            aria-label={t('week.next')}
          >
            <span aria-hidden="true">›</span>
          </button>
        </div>
      </div>
      {week.note ? (
        <aside className="note">
          <h3>{t('week.note')}</h3>
          <p dir="auto">{week.note}</p>
        </aside>
      ) : null}
      <DayPicker
        days={days}
        selected={selectedDay}
        today={today}
        onSelect={(day) => setDayChoice({ key: choiceKey, day })}
      />
      <section aria-labelledby="day-heading">
        <h2 id="day-heading" className="day-heading">
          {formatDay(selectedDay, i18n.language, 'long')}
          {selectedDay === today ? (
            <span className="badge badge--today">{t('week.today')}</span>
          ) : null}
        </h2>
        {daySessions.length === 0 ? (
          <p className="empty">{t('week.noSessions')}</p>
        ) : (
          <ol className="sessions">
            {daySessions.map((s) => (
              <li key={s.id}>
                <SessionCard session={s} pupil={pupil} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function hasWeekend(sessions: { date: string }[], weekStart: string): boolean {
  const saturday = addDays(weekStart, 5);
  return sessions.some((s) => s.date >= saturday);
}
