// Change one's password: the current one, the new one twice. What was typed stays when
// the send fails (offline, the server refuses) and the send can be tried again.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { staffEndpoints } from '../../../shared/staff/contract.ts';
import { staffPasswordMinLength } from '../../../shared/staff/session.ts';
import { ApiError, perform } from '../../api/client.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Field } from '../../components/Field.tsx';
import { problemOf } from '../../components/errors.ts';
import { useTitle } from '../../components/useTitle.ts';

export function PasswordScreen() {
  const { t } = useTranslation();
  useTitle(t('password.title'));
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [canRetry, setCanRetry] = useState(false);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  const min = staffPasswordMinLength;

  const check = (): FieldError[] => {
    const found: FieldError[] = [];
    if (!current) found.push({ field: 'current', message: t('password.currentMissing') });
    if (next.length < min) found.push({ field: 'new', message: t('password.tooShort', { min }) });
    else if (next === current) found.push({ field: 'new', message: t('password.same') });
    if (confirm !== next) found.push({ field: 'confirm', message: t('password.mismatch') });
    return found;
  };

  const send = async () => {
    const found = check();
    setErrors(found);
    setCanRetry(false);
    setDone(false);
    if (found.length > 0) return;
    setSending(true);
    try {
      await perform(staffEndpoints.changePassword, {
        body: { currentPassword: current, newPassword: next },
      });
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'wrong_password') {
        setErrors([{ field: 'current', message: t('password.currentWrong') }]);
      } else {
        const problem = problemOf(err);
        setErrors([
          {
            message:
              err instanceof ApiError && err.status === 401 ? t('signIn.expired') : t(problem.key),
          },
        ]);
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
    <div className="narrow">
      <h1>{t('password.title')}</h1>
      {done ? (
        <p className="notice" role="status">
          {t('password.done')}
        </p>
      ) : null}
      <ErrorSummary errors={errors} onRetry={canRetry ? () => void send() : undefined} />
      <p>{t('password.intro', { min })}</p>
      <form onSubmit={onSubmit} noValidate>
        <Field
          id="current"
          label={t('password.current')}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={fieldError('current')}
        />
        <Field
          id="new"
          label={t('password.new')}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          error={fieldError('new')}
        />
        <Field
          id="confirm"
          label={t('password.confirm')}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          error={fieldError('confirm')}
        />
        <button type="submit" className="button" disabled={sending}>
          {t('password.submit')}
        </button>
      </form>
    </div>
  );
}
