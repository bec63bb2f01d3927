// A visual countdown for a timed step: a bar that empties, and the minutes left in words
// (updated once a minute, so a screen reader is not chattering). It starts when the step
// comes up; nothing happens when it runs out except a calm "time is up".
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function Countdown({ minutes }: { minutes: number }) {
  const { t } = useTranslation('routine');
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const totalMs = minutes * 60_000;
  const leftMs = Math.max(0, totalMs - (now - started));
  const leftMinutes = Math.ceil(leftMs / 60_000);
  return (
    <div className="countdown" data-testid="countdown">
      <div
        className="countdown__bar"
        role="progressbar"
        aria-label={t('player.timeLeftLabel')}
        aria-valuemin={0}
        aria-valuemax={minutes}
        aria-valuenow={leftMinutes}
        aria-valuetext={
          leftMs === 0 ? t('player.timeUp') : t('player.minutesLeft', { count: leftMinutes })
        }
      >
        <div className="countdown__fill" style={{ inlineSize: `${(leftMs / totalMs) * 100}%` }} />
      </div>
      <p className="countdown__text">
        {leftMs === 0 ? t('player.timeUp') : t('player.minutesLeft', { count: leftMinutes })}
      </p>
    </div>
  );
}
