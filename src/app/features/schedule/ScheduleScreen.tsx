// "My day": the child's visual schedules and reward charts. Starting a schedule, printing
// it and handing the phone to the child are for everyone; making and changing schedules
// and charts is the parent area's (PIN).
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useShell } from '../../components/ShellContext.tsx';
import type { LocalSchedule } from '../../data/db.ts';
import { SetAside } from '../../components/SetAside.tsx';
import { useRejectedByRecord } from '../../data/hooks.ts';
import {
  useBoards,
  useSchedules,
  useStepPacks,
  useTimetableSession,
} from '../../data/routineHooks.ts';
import { TokenBoard } from '../rewards/TokenBoard.tsx';
import { SymbolView } from './SymbolView.tsx';
import { forToday, useToday } from './useToday.ts';

export function ScheduleScreen() {
  const { t } = useTranslation('routine');
  const shell = useShell();
  const pupil = shell?.current;
  const schedules = useSchedules(pupil?.id);
  const boards = useBoards(pupil?.id);
  const today = useToday();
  const navigate = useNavigate();
  if (!pupil || schedules === undefined) return null;
  const now = forToday(schedules, today);
  const other = schedules.filter((s) => !now.includes(s));

  return (
    <>
      <h1 className="screen-title">{t('day.title', { name: pupil.displayName })}</h1>
      <div className="day__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => navigate('/child', { state: { start: true } })}
          data-testid="child-mode"
        >
          {t('day.handOver', { name: pupil.displayName })}
        </button>
        <Link className="button" to="/schedule/new" data-testid="new-schedule">
          {t('day.newSchedule')}
        </Link>
        <Link className="button" to="/rewards/new" data-testid="new-chart">
          {t('rewards.newChart')}
        </Link>
      </div>

      <section className="panel" aria-labelledby="day-today">
        <h2 id="day-today">{t('day.today')}</h2>
        {now.length === 0 ? (
          <p className="empty">{t('day.noneToday')}</p>
        ) : (
          <ul className="schedules">
            {now.map((s) => (
              <ScheduleItem key={s.id} schedule={s} />
            ))}
          </ul>
        )}
      </section>

      {other.length > 0 ? (
        <section className="panel" aria-labelledby="day-other">
          <h2 id="day-other">{t('day.otherDays')}</h2>
          <ul className="schedules">
            {other.map((s) => (
              <ScheduleItem key={s.id} schedule={s} />
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="day-rewards">
        <h2 id="day-rewards">{t('rewards.title')}</h2>
        {boards && boards.length > 0 ? (
          boards.map((b) => <TokenBoard key={b.chart.id} board={b} by="parent" canAdd />)
        ) : (
          <p className="empty">{t('rewards.none')}</p>
        )}
      </section>
    </>
  );
}

function ScheduleItem({ schedule }: { schedule: LocalSchedule }) {
  const { t } = useTranslation('routine');
  const first = schedule.steps[0];
  const session = useTimetableSession(schedule.sessionId);
  const refused = useRejectedByRecord().get(schedule.id);
  const packs = useStepPacks(schedule.steps);
  return (
    <li className="schedule-item" data-testid="schedule-item">
      {first ? <SymbolView symbol={first.symbol} className="symbol symbol--thumb" /> : null}
      <div className="schedule-item__text">
        <p className="schedule-item__title">{schedule.title}</p>
        <p className="muted">
          {t('day.steps', { count: schedule.steps.length })} ·{' '}
          {schedule.madeBy === 'school' ? t('day.fromSchool') : t('day.fromFamily')}
          {schedule.delivery === 'saved' ? ` · ${t('day.notSent')}` : ''}
        </p>
        {refused ? <SetAside entry={refused} /> : null}
        {packs?.map((p) => (
          <p key={`${p.id}-${p.step}`}>
            <Link to={`/packs/${p.id}`} data-testid="step-pack">
              {t('day.pack', { step: p.step, title: p.title })}
            </Link>
          </p>
        ))}
        {session ? (
          <p className="muted" data-testid="schedule-session">
            {t('day.withSession', { subject: session.subject, time: session.startTime })}
          </p>
        ) : null}
      </div>
      <div className="schedule-item__actions">
        <Link className="button button--primary" to={`/schedule/${schedule.id}`}>
          {t('day.start')}
        </Link>
        <Link className="button" to={`/schedule/${schedule.id}/print`}>
          {t('day.print')}
        </Link>
        <Link className="button" to={`/schedule/${schedule.id}/edit`}>
          {t('day.change')}
        </Link>
      </div>
    </li>
  );
}
