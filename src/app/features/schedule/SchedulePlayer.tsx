// A schedule in the child's hands: Now / Next (/ Then), First / Then, or the whole day as
// a strip. "Done" shows the next step at once (the write follows), with a calm fade that
// reduced motion turns off. Tapping a step reads it aloud. Timed steps count down.
// "Done", the child's one action, stays on screen however tall the cards are: it sticks to
// the bottom of the screen, above the app's bottom bar when there is one.
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScheduleStep } from '../../../shared/schedules.ts';
import type { LocalSchedule } from '../../data/db.ts';
import type { DisplayPrefs } from '../../data/parent.ts';
import { useMediaUrl, useScheduleRun } from '../../data/routineHooks.ts';
import { routine } from './actions.ts';
import { Countdown } from './Countdown.tsx';
import { speak } from './speech.ts';
import { SymbolView } from './SymbolView.tsx';

export type PlayerView = 'nowNext' | 'firstThen' | 'strip';

type Props = {
  schedule: LocalSchedule;
  date: string;
  by: 'child' | 'parent';
  prefs: DisplayPrefs;
  view: PlayerView;
  /** The parent's choice of view; without it (child mode) the view buttons are not shown. */
  onViewChange?: (view: PlayerView) => void;
  /** Child mode: the schedule that follows today, offered once this one is finished. */
  upNext?: { title: string; start: () => void };
};

type Tapped = { stepId: string; tokens: { chartId: string; tokenId: string }[] };

export function SchedulePlayer({ schedule, date, by, prefs, view, onViewChange, upNext }: Props) {
  const { t } = useTranslation('routine');
  const bar = useBottomBarHeight();
  const run = useScheduleRun(schedule.id, date);
  // Steps tapped here whose write has not come back yet: shown as done at once.
  const [pending, setPending] = useState<string[]>([]);
  const [history, setHistory] = useState<Tapped[]>([]);
  const done = useMemo(
    () => new Set([...(run?.doneStepIds ?? []), ...pending]),
    [run?.doneStepIds, pending],
  );

  const remaining = schedule.steps.filter((s) => !done.has(s.id));
  const [now, next, then] = remaining;
  const position = schedule.steps.length - remaining.length;

  const say = (step: ScheduleStep, clip: string | null) => {
    if (prefs.sound) speak(step.label, schedule.language, clip);
  };

  async function markDone() {
    if (!now) return;
    setPending((p) => [...p, now.id]);
    const tokens = await routine.stepDone({
      scheduleId: schedule.id,
      date,
      stepId: now.id,
      pupilId: schedule.pupilId,
      by,
    });
    setHistory((h) => [...h, { stepId: now.id, tokens }]);
  }

  async function undoLast() {
    const last = history.at(-1);
    const lastDone = last?.stepId ?? [...(run?.doneStepIds ?? [])].at(-1);
    if (!lastDone) return;
    setHistory((h) => h.slice(0, -1));
    setPending((p) => p.filter((id) => id !== lastDone));
    await routine.stepUndone({
      scheduleId: schedule.id,
      date,
      stepId: lastDone,
      pupilId: schedule.pupilId,
      tokens: last?.tokens ?? [],
      by,
    });
  }

  const labelsShown = prefs.symbolLabels === 'text';

  return (
    <section
      className="player"
      aria-labelledby="player-title"
      data-view={view}
      style={{ '--bottom-bar': `${bar}px` } as CSSProperties}
    >
      <div className="player__head">
        {/* The screen's heading: the player is the whole screen wherever it is shown. */}
        <h1 id="player-title" className="player__title screen-title">
          {schedule.title}
        </h1>
        <p className="player__progress" data-testid="progress">
          {t('player.progress', { done: position, total: schedule.steps.length })}
        </p>
        {onViewChange ? (
          <div className="segmented" role="group" aria-label={t('player.viewLabel')}>
            {(['nowNext', 'firstThen', 'strip'] as const).map((v) => (
              <button
                key={v}
                type="button"
                className="segmented__option"
                aria-pressed={view === v}
                onClick={() => onViewChange(v)}
              >
                {t(`player.views.${v}`)}
              </button>
            ))}
          </div>
        ) : null}
      </div>

      {now === undefined ? (
        <div className="player__finished" role="status" data-testid="all-done">
          <SymbolView symbol={{ kind: 'openmoji', code: '2B50' }} className="symbol symbol--xl" />
          <p className="player__finished-text">{t('player.allDone')}</p>
          {upNext ? (
            <button
              type="button"
              className="button button--primary button--huge"
              onClick={upNext.start}
              data-testid="next-schedule"
            >
              {t('child.nextSchedule', { title: upNext.title })}
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => void undoLast()}>
            {t('player.back')}
          </button>
        </div>
      ) : view === 'strip' ? (
        <ol className="strip" aria-label={t('player.wholeDay')}>
          {schedule.steps.map((step) => (
            <StripStep
              key={step.id}
              step={step}
              state={done.has(step.id) ? 'done' : step.id === now.id ? 'now' : 'later'}
              showLabel={labelsShown}
              onSay={say}
            />
          ))}
        </ol>
      ) : (
        <div className="player__cards" key={now.id}>
          <StepCard
            step={now}
            place={view === 'firstThen' ? 'first' : 'now'}
            showLabel={labelsShown}
            onSay={say}
            big
          />
          {next ? (
            <StepCard
              step={next}
              place={view === 'firstThen' ? 'then' : 'next'}
              showLabel={labelsShown}
              onSay={say}
            />
          ) : null}
          {view === 'nowNext' && then ? (
            <StepCard step={then} place="then" showLabel={labelsShown} onSay={say} small />
          ) : null}
        </div>
      )}

      {/* Keys are shared by all of the section's children: not the cards' key again. */}
      {now?.minutes ? <Countdown key={`countdown:${now.id}`} minutes={now.minutes} /> : null}
      {now ? (
        <div className="player__done">
          <button
            type="button"
            className="button button--primary button--huge"
            onClick={() => void markDone()}
            data-testid="step-done"
          >
            {t('player.done', { step: now.label })}
          </button>
        </div>
      ) : null}
      {now && position > 0 ? (
        <div className="player__actions">
          <button type="button" className="button" onClick={() => void undoLast()}>
            {t('player.back')}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/**
 * The height of the app's bottom bar (the frame's navigation), which "Done" keeps clear of:
 * it grows with the family's text size, and child mode has none.
 */
function useBottomBarHeight(): number {
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const bar = document.querySelector('.shell__nav');
    if (!bar) return;
    const observer = new ResizeObserver(() => setHeight(bar.getBoundingClientRect().height));
    observer.observe(bar);
    return () => observer.disconnect();
  }, []);
  return height;
}

type CardProps = {
  step: ScheduleStep;
  place: 'now' | 'next' | 'then' | 'first';
  showLabel: boolean;
  onSay: (step: ScheduleStep, clip: string | null) => void;
  big?: boolean;
  small?: boolean;
};

function StepCard({ step, place, showLabel, onSay, big, small }: CardProps) {
  const { t } = useTranslation('routine');
  const clip = useMediaUrl(step.audioId);
  const size = big ? ' step-card--big' : small ? ' step-card--small' : '';
  return (
    <div className={`step-card step-card--${place}${size}`} data-testid={`step-${place}`}>
      <p className="step-card__role">{t(`player.roles.${place}`)}</p>
      <button
        type="button"
        className="step-card__say"
        onClick={() => onSay(step, clip)}
        aria-label={t('player.say', { step: step.label })}
      >
        <SymbolView symbol={step.symbol} className="symbol symbol--card" />
        <span className={showLabel ? 'step-card__label' : 'visually-hidden'}>{step.label}</span>
      </button>
      {step.minutes ? (
        <p className="step-card__minutes">{t('player.minutes', { count: step.minutes })}</p>
      ) : null}
    </div>
  );
}

function StripStep({
  step,
  state,
  showLabel,
  onSay,
}: {
  step: ScheduleStep;
  state: 'done' | 'now' | 'later';
  showLabel: boolean;
  onSay: (step: ScheduleStep, clip: string | null) => void;
}) {
  const { t } = useTranslation('routine');
  const clip = useMediaUrl(step.audioId);
  return (
    <li
      className={`strip__step strip__step--${state}`}
      aria-current={state === 'now' ? 'step' : undefined}
    >
      <button
        type="button"
        className="step-card__say"
        onClick={() => onSay(step, clip)}
        aria-label={t(`player.stripSay.${state}`, { step: step.label })}
      >
        <SymbolView symbol={step.symbol} className="symbol symbol--strip" />
        <span className={showLabel ? 'strip__label' : 'visually-hidden'}>{step.label}</span>
        {state === 'done' ? (
          <span className="strip__tick" aria-hidden="true">
            ✓
          </span>
        ) : null}
      </button>
    </li>
  );
}
