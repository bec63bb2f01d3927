// Join with a link (/join/<code>, what the school's QR code holds) or a typed code.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { normalizeJoinCode } from '../../../shared/paths.ts';
import { LanguagePicker } from '../../components/LanguagePicker.tsx';
import { useOnline } from '../../sync/status.ts';
import { useJoin } from './useJoin.ts';

const DRAFT_KEY = 'homeward.joinDraft';

export function JoinScreen() {
  const { t } = useTranslation();
  const params = useParams();
  const navigate = useNavigate();
  const online = useOnline();
  const { submit, pending, error } = useJoin();
  const [code, setCode] = useState(() => params.code ?? sessionStorage.getItem(DRAFT_KEY) ?? '');
  const [deviceName, setDeviceName] = useState('');
  const autoTried = useRef(false);
  const codeId = useId();
  const nameId = useId();
  const errorRef = useRef<HTMLParagraphElement>(null);

  // Keep what the parent typed across reloads and lost connections.
  useEffect(() => {
    try {
      sessionStorage.setItem(DRAFT_KEY, code);
    } catch {
      // storage blocked: the field still holds it
    }
  }, [code]);

  async function go(value: string) {
    if (await submit(normalizeJoinCode(value), deviceName)) {
      sessionStorage.removeItem(DRAFT_KEY);
      void navigate('/week', { replace: true });
    } else {
      errorRef.current?.focus();
    }
  }

  // Opening the school's link joins straight away.
  useEffect(() => {
    if (params.code && online && !autoTried.current) {
      autoTried.current = true;
      void go(params.code);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per link, when online
  }, [params.code, online]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) return;
    void go(code);
  }

  const message = !online ? t('join.offline') : error ? t(`errors.${error}`) : null;

  return (
    <main id="main" className="join">
      <div className="join__card">
        <div className="join__lang">
          <LanguagePicker />
        </div>
        <img className="join__logo" src="/icons/icon.svg" alt="" width="72" height="72" />
        <h1>{t('join.title')}</h1>
        <p>{t('join.intro')}</p>
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor={codeId}>{t('join.codeLabel')}</label>
            <input
              id={codeId}
              name="code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              inputMode="text"
              dir="ltr"
              aria-describedby={`${codeId}-hint`}
              aria-invalid={error === 'join_code_invalid' || undefined}
              required
            />
            <p id={`${codeId}-hint`} className="hint">
              {t('join.codeHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={nameId}>{t('join.deviceNameLabel')}</label>
            <input
              id={nameId}
              name="deviceName"
              value={deviceName}
              onChange={(e) => setDeviceName(e.target.value)}
              maxLength={60}
              autoComplete="off"
              aria-describedby={`${nameId}-hint`}
            />
            <p id={`${nameId}-hint`} className="hint">
              {t('join.deviceNameHint')}
            </p>
          </div>
          <p ref={errorRef} tabIndex={-1} className="message message--error" role="alert">
            {message}
          </p>
          <button className="button button--primary" type="submit" disabled={pending || !online}>
            {pending ? t(params.code ? 'join.joiningWithLink' : 'join.joining') : t('join.submit')}
          </button>
        </form>
        <p className="hint">{t('join.privacy')}</p>
      </div>
    </main>
  );
}
