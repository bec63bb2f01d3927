// Child mode: the phone in the child's hands. Full screen, the day's schedule and the
// child's stars only, large targets, nothing that leaves the app or opens settings: no
// choice of schedule (the parent picks it when handing over; today's others follow it),
// no choice of view, no "Add a star" (stars come from the steps; "Go back one step" takes
// a mistaken one back).
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
import { SchedulePlayer } from '../schedule/SchedulePlayer.tsx';
import { forToday, useToday } from '../schedule/useToday.ts';

export function ChildModeScreen() {
  const shell = useShell();
  const hasPin = useHasPin();
  const navigate = useNavigate();
  const starting = (useLocation().state as { start?: boolean } | null)?.start === true;
  if (!shell || hasPin === undefined) return null;
  if (!shell.childMode) {
    if (!starting) return <Navigate to="/schedule" replace />;
    // Handing the phone over needs a PIN to come back with: set (or check) it first.
    return (
      <div className="shell shell--plain">
        <main id="main" className="shell__main">
          <ParentGate onCancel={() => void navigate('/schedule', { replace: true })}>
            <StartChildMode pupilId={shell.current?.id} />
          </ParentGate>
        </main>
      </div>
    );
  }
  return <ChildMode pupilId={shell.childMode.pupilId} startWith={shell.childMode.scheduleId} />;
}

function StartChildMode({ pupilId }: { pupilId: string | undefined }) {
  const { t } = useTranslation('routine');
  const navigate = useNavigate();
  const shell = useShell();
  const schedules = useSchedules(pupilId);
  const today = useToday();
  const [chosen, setChosen] = useState<string | null>(null);
  const todays = schedules ? forToday(schedules, today) : undefined;
  // With several schedules today the parent says which one the child starts with.
  const ready = todays !== undefined && (todays.length < 2 || chosen !== null);
  useEffect(() => {
    if (!pupilId || !ready) return;
    lock();
    // Forget the intent, so leaving child mode later does not start it again.
    void routine
      .enterChildMode(pupilId, chosen ?? undefined)
      .then(() => navigate('/child', { replace: true }));
    // Full screen where the browser allows it (an installed app is already).
    document.documentElement.requestFullscreen?.().catch(() => undefined);
  }, [pupilId, ready, chosen, navigate]);
  if (!pupilId) return <Navigate to="/week" replace />;
  if (!todays || ready) return null;
  const name = shell?.pupils.find((p) => p.id === pupilId)?.displayName ?? '';
  return (
    <div className="panel" data-testid="hand-over">
      <h1 className="screen-title">{t('child.handOverTitle', { name })}</h1>
      <div className="day__actions">
        {todays.map((s) => (
          <button
            key={s.id}
            type="button"
            className="button button--primary"
            onClick={() => setChosen(s.id)}
          >
            {s.title}
          </button>
        ))}
        <button
          type="button"
          className="button"
          onClick={() => void navigate('/schedule', { replace: true })}
        >
          {t('pin.cancel')}
        </button>
      </div>
    </div>
  );
}

function ChildMode({ pupilId, startWith }: { pupilId: string; startWith?: string }) {
  const { t } = useTranslation('routine');
  const shell = useShell();
  const pupil = shell?.pupils.find((p) => p.id === pupilId);
  const schedules = useSchedules(pupilId);
  const boards = useBoards(pupilId);
  const today = useToday();
  // How many schedules after the one handed over the child has moved on.
  const [moved, setMoved] = useState(0);
  const [leaving, setLeaving] = useState(false);
  if (!shell || schedules === undefined) return null;
  const todays = forToday(schedules, today);
  const index =
    Math.max(
      0,
      todays.findIndex((s) => s.id === startWith),
    ) + moved;
  const schedule = todays[Math.min(index, todays.length - 1)];
  const following = todays[index + 1];

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
        {schedule ? (
          <SchedulePlayer
            key={schedule.id}
            schedule={schedule}
            date={today}
            by="child"
            prefs={shell.display}
            view="nowNext"
            upNext={
              following ? { title: following.title, start: () => setMoved(moved + 1) } : undefined
            }
          />
        ) : (
          <h1 className="empty screen-title">{t('child.nothingToday')}</h1>
        )}
        {boards && boards.length > 0 ? (
          <section aria-labelledby="child-stars">
            <h2 id="child-stars" className="visually-hidden">
              {t('rewards.title')}
            </h2>
            {boards.map((b) => (
              <TokenBoard key={b.chart.id} board={b} by="child" canAdd={false} />
            ))}
          </section>
        ) : null}
      </main>
    </div>
  );
}
