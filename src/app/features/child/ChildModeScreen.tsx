// Child mode: the phone in the child's hands. Full screen, the day's schedule and the
// reward charts only, large targets, nothing that leaves the app or opens settings.
// Leaving needs the parent PIN; the mode is stored, so a reload stays in it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useShell } from '../../components/ShellContext.tsx';
import { useBoards, useHasPin, useSchedules } from '../../data/routineHooks.ts';
import { lock, unlock } from '../parent/unlock.ts';
import { EnterPin, ParentGate } from '../parent/ParentGate.tsx';
import { TokenBoard } from '../rewards/TokenBoard.tsx';
import { routine } from '../schedule/actions.ts';
import { SchedulePlayer, type PlayerView } from '../schedule/SchedulePlayer.tsx';
import { forToday, useToday } from '../schedule/useToday.ts';

export function ChildModeScreen() {
  const shell = useShell();
  const hasPin = useHasPin();
  const starting = (useLocation().state as { start?: boolean } | null)?.start === true;
  if (!shell || hasPin === undefined) return null;
  if (!shell.childMode) {
    if (!starting) return <Navigate to="/schedule" replace />;
    // Handing the phone over needs a PIN to come back with: set (or check) it first.
    return (
      <div className="shell shell--plain">
        <main id="main" className="shell__main">
          <ParentGate>
            <StartChildMode pupilId={shell.current?.id} />
          </ParentGate>
        </main>
      </div>
    );
  }
  return <ChildMode pupilId={shell.childMode.pupilId} />;
}

function StartChildMode({ pupilId }: { pupilId: string | undefined }) {
  const navigate = useNavigate();
  useEffect(() => {
    if (!pupilId) return;
    lock();
    // Forget the intent, so leaving child mode later does not start it again.
    void routine.enterChildMode(pupilId).then(() => navigate('/child', { replace: true }));
    // Full screen where the browser allows it (an installed app is already).
    document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, [pupilId, navigate]);
  if (!pupilId) return <Navigate to="/week" replace />;
  return null;
}

function ChildMode({ pupilId }: { pupilId: string }) {
  const { t } = useTranslation('routine');
  const shell = useShell();
  const pupil = shell?.pupils.find((p) => p.id === pupilId);
  const schedules = useSchedules(pupilId);
  const boards = useBoards(pupilId);
  const today = useToday();
  const [chosen, setChosen] = useState<string | null>(null);
  const [view, setView] = useState<PlayerView>('nowNext');
  const [leaving, setLeaving] = useState(false);
  if (!shell || schedules === undefined) return null;
  const todays = forToday(schedules, today);
  const schedule = todays.find((s) => s.id === chosen) ?? todays[0];

  if (leaving) {
    return (
      <div className="child child--leaving">
        <main id="main" className="child__main">
          <EnterPin
            title={t('child.leaveTitle')}
            onCancel={() => setLeaving(false)}
            onOpen={() => {
              unlock();
              void routine.leaveChildMode();
              if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
            }}
          />
        </main>
      </div>
    );
  }

  return (
    <div className="child" data-testid="child-mode-screen">
      <header className="child__header">
        <p className="child__name">{pupil?.displayName}</p>
        <button
          type="button"
          className="button button--small child__exit"
          onClick={() => setLeaving(true)}
          data-testid="leave-child-mode"
        >
          {t('child.grownUps')}
        </button>
      </header>
      <main id="main" className="child__main">
        {todays.length > 1 ? (
          <div className="segmented" role="group" aria-label={t('child.choose')}>
            {todays.map((s) => (
              <button
                key={s.id}
                type="button"
                className="segmented__option"
                aria-pressed={s.id === schedule?.id}
                onClick={() => setChosen(s.id)}
              >
                {s.title}
              </button>
            ))}
          </div>
        ) : null}
        {schedule ? (
          <SchedulePlayer
            key={schedule.id}
            schedule={schedule}
            date={today}
            by="child"
            prefs={shell.display}
            view={view}
            onViewChange={setView}
          />
        ) : (
          <p className="empty">{t('child.nothingToday')}</p>
        )}
        {boards?.map((b) => (
          <TokenBoard key={b.chart.id} board={b} by="child" canAdd />
        ))}
      </main>
    </div>
  );
}
