// Join with a link (/join/<code>, what the school's QR code holds) or a typed code.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { checkJoinCode, type JoinCodeCheck } from '../../../shared/paths.ts';
import { LanguagePicker } from '../../components/LanguagePicker.tsx';
import { useOnline } from '../../sync/status.ts';
import { codeProblem } from './codeMessage.ts';
import { useJoin } from './useJoin.ts';

const DRAFT_KEY = 'homeward.joinDraft';

type Shape = Exclude<JoinCodeCheck, { ok: true }>;

export function JoinScreen() {
  const { t, i18n } = useTranslation();
  const { t: tw } = useTranslation('welcome');
  const params = useParams();
  const navigate = useNavigate();
  const online = useOnline();
  const { submit, pending, error } = useJoin();
  // What is wrong with the code's shape, found on the phone (offline too) before sending.
  const [shape, setShape] = useState<Shape | null>(null);
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
    const checked = checkJoinCode(value);
    setShape(checked.ok ? null : checked);
    // Offline the shape is still checked; the code waits here for a connection (join.offline).
    const joined = checked.ok && online ? await submit(checked.code, deviceName) : null;
    if (joined) {
      sessionStorage.removeItem(DRAFT_KEY);
      // The welcome names the family and children from the answer, before the first sync.
      void navigate('/welcome', { replace: true, state: { children: joined.children } });
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

  const message = shape
    ? codeProblem(shape, tw, i18n.language)
    : !online
      ? t('join.offline')
      : error === 'join_code_length'
        ? tw('code.lengthServer')
        : error === 'join_code_characters'
          ? tw('code.charactersServer')
          : error
            ? t(`errors.${error}`)
            : null;
  const codeWrong =
    shape !== null ||
    error === 'join_code_invalid' ||
    error === 'join_code_length' ||
    error === 'join_code_characters';

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
              onChange={(e) => {
                setCode(e.target.value);
                setShape(null);
              }}
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              inputMode="text"
              dir="ltr"
              aria-describedby={`${codeId}-hint${message ? ` ${codeId}-error` : ''}`}
              aria-invalid={codeWrong || undefined}
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
          <p
            ref={errorRef}
            id={`${codeId}-error`}
            tabIndex={-1}
            className="message message--error"
            role="alert"
          >
            {message}
          </p>
          <button className="button button--primary" type="submit" disabled={pending}>
            {pending ? t(params.code ? 'join.joiningWithLink' : 'join.joining') : t('join.submit')}
          </button>
        </form>
        <p className="hint">{t('join.privacy')}</p>
      </div>
    </main>
  );
}
