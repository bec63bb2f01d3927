// One schedule, played on the parent's screen (inside the app's frame).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useShell } from '../../components/ShellContext.tsx';
import { useSchedule } from '../../data/routineHooks.ts';
import { SchedulePlayer, type PlayerView } from './SchedulePlayer.tsx';
import { useToday } from './useToday.ts';

export function PlayScreen() {
  const { t } = useTranslation('routine');
  const { id } = useParams();
  const schedule = useSchedule(id);
  const shell = useShell();
  const today = useToday();
  const [view, setView] = useState<PlayerView>('nowNext');
  if (schedule === undefined || !shell) return null;
  if (schedule === null) {
    return (
      <div className="panel">
        <p>{t('day.gone')}</p>
        <Link to="/schedule">{t('day.back')}</Link>
      </div>
    );
  }
  return (
    <>
      <Link to="/schedule" className="back-link">
        {t('day.back')}
      </Link>
      <SchedulePlayer
        schedule={schedule}
        date={today}
        by="parent"
        prefs={shell.display}
        view={view}
        onViewChange={setView}
      />
    </>
  );
}
