// Sign in with email and password; afterwards back to the page that was asked for.
// What was typed stays when the server refuses or cannot be reached.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { staffEndpoints } from '../../../shared/staff/contract.ts';
import { ApiError, request } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Field } from '../../components/Field.tsx';
import { problemOf } from '../../components/errors.ts';
import { useOnline } from '../../components/useOnline.ts';
import { useTitle } from '../../components/useTitle.ts';
import { safeNext } from '../../session/SessionContext.tsx';

export function SignInScreen() {
  const { t } = useTranslation();
  useTitle(t('signIn.title'));
  const online = useOnline();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [canRetry, setCanRetry] = useState(false);
  const [sending, setSending] = useState(false);
  const reason = params.get('reason');

  const send = async () => {
    const missing: FieldError[] = [];
    if (!email.trim()) missing.push({ field: 'email', message: t('signIn.emailMissing') });
    if (!password) missing.push({ field: 'password', message: t('signIn.passwordMissing') });
    setErrors(missing);
    setCanRetry(false);
    if (missing.length > 0) return;
    setSending(true);
    try {
      await request(staffEndpoints.signIn, { body: { email, password } });
      await navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'sign_in_failed') {
        setErrors([{ field: 'email', message: t('signIn.wrong') }]);
      } else {
        const problem = problemOf(err);
        setErrors([{ message: t(problem.key) }]);
        setCanRetry(problem.retry);
      }
    } finally {
      setSending(false);
    }
  };

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    void send();
  };

  const fieldError = (field: string) => errors.find((e) => e.field === field)?.message;

  return (
    <>
      <header className="header">
        <div className="header-inner">
          <p className="school">{t('app.name')}</p>
        </div>
        {online ? null : (
          <div className="offline-banner" role="status">
            {t('layout.offline')}
          </div>
        )}
      </header>
      <main id="main" className="page narrow">
        <h1>{t('signIn.title')}</h1>
        {reason === 'expired' ? (
          <p className="notice" role="status">
            {t('signIn.expired')}
          </p>
        ) : null}
        {reason === 'signed-out' ? (
          <p className="notice" role="status">
            {t('signIn.signedOut')}
          </p>
        ) : null}
        <ErrorSummary errors={errors} onRetry={canRetry ? () => void send() : undefined} />
        <p>{t('signIn.intro')}</p>
        <form onSubmit={onSubmit} noValidate>
          <Field
            id="email"
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={fieldError('email')}
          />
          <Field
            id="password"
            label={t('signIn.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={fieldError('password')}
          />
          <button type="submit" className="button" disabled={sending}>
            {t('signIn.submit')}
          </button>
        </form>
      </main>
    </>
  );
}
