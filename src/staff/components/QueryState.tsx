// What a page shows while its data loads, or when the read failed (with a retry when
// trying again can help). A session that ended sends the member to sign in again.
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../api/client.ts';
import { signInPath } from '../session/SessionContext.tsx';
import { isSignedOut, problemOf } from './errors.ts';

export function Loading() {
  const { t } = useTranslation();
  return <p role="status">{t('app.loading')}</p>;
}

export function Failed({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  if (isSignedOut(error)) {
    const expired = error instanceof ApiError && error.code === 'session_expired';
    return <Navigate to={signInPath(`${location.pathname}${location.search}`, expired)} replace />;
  }
  const problem = problemOf(error);
  return (
    <div className="problem" role="alert">
      <p>{t(problem.key)}</p>
      {problem.retry ? (
        <button type="button" className="button secondary" onClick={retry}>
          {t('errors.retry')}
        </button>
      ) : null}
    </div>
  );
}
