// The parent area (settings, making and changing schedules and charts, leaving child
// mode) is behind a PIN on a shared family phone. The first time it is opened the parent
// sets the PIN; afterwards it asks for it. Five wrong tries wait 30 seconds, reload or
// not (pinTries.ts).
import { useEffect, useId, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { appDb } from '../../data/appDb.ts';
import { checkPin, pinPattern } from '../../data/parent.ts';
import { useHasPin } from '../../data/routineHooks.ts';
import { routine } from '../schedule/actions.ts';
import { pinRight, pinWaitLeft, pinWrong } from './pinTries.ts';
import { isUnlocked, onLockChange, touch, unlock } from './unlock.ts';

export function useUnlocked(): boolean {
  return useSyncExternalStore(onLockChange, () => isUnlocked());
}

/**
 * Every screen of the gate has a way back (an installed iPhone app has no back button):
 * `onCancel`, else the screen the family came from, else the week.
 */
export function ParentGate({
  children,
  title,
  onCancel,
}: {
  children: ReactNode;
  title?: string;
  onCancel?: () => void;
}) {
  const hasPin = useHasPin();
  const unlocked = useUnlocked();
  const navigate = useNavigate();
  // React Router's first entry of this visit has the key "default": nothing to go back to.
  const cameFromApp = useLocation().key !== 'default';
  const back =
    onCancel ?? (() => void (cameFromApp ? navigate(-1) : navigate('/week', { replace: true })));
  useEffect(() => {
    const keepOpen = () => touch();
    addEventListener('pointerdown', keepOpen);
    addEventListener('keydown', keepOpen);
    return () => {
      removeEventListener('pointerdown', keepOpen);
      removeEventListener('keydown', keepOpen);
    };
  }, []);
  if (hasPin === undefined) return null;
  if (unlocked) return <>{children}</>;
  return hasPin ? (
    <EnterPin title={title} onOpen={unlock} onCancel={back} />
  ) : (
    <SetPin onSet={unlock} onCancel={back} />
  );
}

export function EnterPin({
  onOpen,
  title,
  onCancel,
}: {
  onOpen: () => void;
  title?: string;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('routine');
  const inputId = useId();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  async function submit() {
    const left = pinWaitLeft();
    if (left > 0) {
      setError(t('pin.wait', { count: Math.ceil(left / 1000) }));
      return;
    }
    setChecking(true);
    const ok = await checkPin(appDb, pin);
    setChecking(false);
    if (ok) {
      pinRight();
      onOpen();
      return;
    }
    setPin('');
    const wait = pinWrong();
    setError(wait > 0 ? t('pin.wait', { count: wait / 1000 }) : t('pin.wrong'));
  }

  return (
    <form
      className="panel pin"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 className="screen-title">{title ?? t('pin.title')}</h1>
      <p>{t('pin.explain')}</p>
      <div className="field">
        <label htmlFor={inputId}>{t('pin.label')}</label>
        <input
          id={inputId}
          className="pin__input"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          pattern="[0-9]*"
          maxLength={8}
          value={pin}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          aria-describedby={error ? `${inputId}-error` : undefined}
          aria-invalid={error ? true : undefined}
          data-testid="pin-input"
        />
      </div>
      <p id={`${inputId}-error`} className="message message--error" role="alert">
        {error ?? ''}
      </p>
      <div className="confirm__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={checking || pin.length < 4}
        >
          {t('pin.open')}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel} data-testid="pin-cancel">
            {t('pin.cancel')}
          </button>
        ) : null}
      </div>
      <p className="hint">{t('pin.forgot')}</p>
    </form>
  );
}

function SetPin({ onSet, onCancel }: { onSet: () => void; onCancel: () => void }) {
  const { t } = useTranslation('routine');
  const firstId = useId();
  const againId = useId();
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit() {
    if (!pinPattern.test(pin)) return setError(t('pin.tooShort'));
    if (pin !== again) return setError(t('pin.mismatch'));
    await routine.setPin(pin);
    onSet();
  }

  const digits = (v: string) => v.replace(/\D/g, '').slice(0, 8);
  return (
    <form
      className="panel pin"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1 className="screen-title">{t('pin.setTitle')}</h1>
      <p>{t('pin.setExplain')}</p>
      <div className="field">
        <label htmlFor={firstId}>{t('pin.new')}</label>
        <input
          id={firstId}
          className="pin__input"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={pin}
          onChange={(e) => setPin(digits(e.target.value))}
          data-testid="pin-new"
        />
      </div>
      <div className="field">
        <label htmlFor={againId}>{t('pin.again')}</label>
        <input
          id={againId}
          className="pin__input"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(digits(e.target.value))}
          data-testid="pin-again"
        />
      </div>
      <p className="message message--error" role="alert">
        {error ?? ''}
      </p>
      <div className="confirm__actions">
        <button type="submit" className="button button--primary">
          {t('pin.save')}
        </button>
        <button type="button" className="button" onClick={onCancel} data-testid="pin-cancel">
          {t('pin.cancel')}
        </button>
      </div>
    </form>
  );
}
