// The weekly timetable: choose the week and the day, see each session with what to do,
// live-lesson links and a "done" mark that works offline.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useCurrentPupil,
  useLastSyncedAt,
  useSchool,
  useSessions,
  useWeeks,
} from '../../data/hooks.ts';
import { addDays, formatDay, pickWeek, todayIn, weekDays } from './dates.ts';
import { DayPicker } from './DayPicker.tsx';
import { SessionCard } from './SessionCard.tsx';

export function WeekScreen() {
  const { t, i18n } = useTranslation();
  const { pupils, current: pupil } = useCurrentPupil();
  const school = useSchool();
  const weeks = useWeeks(pupil?.id);
  const lastSyncedAt = useLastSyncedAt();
  const today = todayIn(school?.timeZone ?? 'Europe/London');
  const [weekId, setWeekId] = useState<string | null>(null);
  // A chosen day belongs to one child's week: switching either starts from the default.
  const [dayChoice, setDayChoice] = useState<{ key: string; day: string } | null>(null);

  const week = useMemo(() => {
    if (!weeks) return undefined;
    return weeks.find((w) => w.id === weekId) ?? pickWeek(weeks, today);
  }, [weeks, weekId, today]);
  const sessions = useSessions(week?.id, pupil?.id);

  const choiceKey = `${pupil?.id}/${week?.id}`;
  const day = dayChoice?.key === choiceKey ? dayChoice.day : null;
  const setDay = (d: string) => setDayChoice({ key: choiceKey, day: d });

  if (pupils === undefined || weeks === undefined)
    return <p className="muted">{t('app.loading')}</p>;
  if (!pupil) {
    return <p className="empty">{lastSyncedAt ? t('children.none') : t('week.noWeekOffline')}</p>;
  }

  const heading = <h1 className="screen-title">{t('week.title', { name: pupil.displayName })}</h1>;
  if (!week) {
    return (
      <>
        {heading}
        <p className="empty">{lastSyncedAt ? t('week.noWeek') : t('week.noWeekOffline')}</p>
      </>
    );
  }

  const index = weeks.indexOf(week);
  const days = weekDays(week.weekStart, hasWeekend(sessions, week.weekStart) ? 7 : 5);
  const selectedDay =
    day && days.includes(day) ? day : days.includes(today) ? today : (days[0] ?? week.weekStart);
  const daySessions = (sessions ?? []).filter((s) => s.date === selectedDay);
  const isThisWeek = week.weekStart <= today && today < addDays(week.weekStart, 7);
  const isNextWeek = !isThisWeek && week.weekStart > today && week.weekStart <= addDays(today, 7);

  return (
    <>
      {heading}
      <div className="weeknav">
        <button
          type="button"
          className="button button--icon"
          onClick={() => setWeekId(weeks[index - 1]?.id ?? null)}
          disabled={index <= 0}
          aria-label={t('week.previous')}
        >
          <span aria-hidden="true" className="flip-rtl">
            ‹
          </span>
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
          <span aria-hidden="true" className="flip-rtl">
            ›
          </span>
        </button>
      </div>
      {week.note ? (
        <aside className="note">
          <h3>{t('week.note')}</h3>
          <p dir="auto">{week.note}</p>
        </aside>
      ) : null}
      <DayPicker days={days} selected={selectedDay} today={today} onSelect={setDay} />
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

function hasWeekend(sessions: { date: string }[] | undefined, weekStart: string): boolean {
  const saturday = addDays(weekStart, 5);
  return (sessions ?? []).some((s) => s.date >= saturday);
}
