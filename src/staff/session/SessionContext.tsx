// Who is signed in (GET /staff/me), for every page inside the workspace. Signed out, an
// expired session or no session, the page asked for goes to sign-in and comes back after.
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { staffEndpoints } from '../../shared/staff/contract.ts';
import type { StaffMe } from '../../shared/staff/session.ts';
import { useQuery } from '../api/useQuery.ts';
import { Failed } from '../components/QueryState.tsx';

const SessionContext = createContext<StaffMe | null>(null);

export function useMe(): StaffMe {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useMe outside <RequireStaff>');
  return me;
}

/** Where sign-in sends the member back to: only a path of the workspace itself. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function signInPath(next: string, expired: boolean): string {
  const q = new URLSearchParams({ next });
  if (expired) q.set('reason', 'expired');
  return `/sign-in?${q.toString()}`;
}

export function RequireStaff({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useQuery(staffEndpoints.me, {});
  if (me.status === 'loading') {
    return (
      <main id="main" className="page">
        <p role="status">{t('app.loading')}</p>
      </main>
    );
  }
  if (me.status === 'failed') {
    return (
      <main id="main" className="page">
        <h1>{t('app.name')}</h1>
        <Failed error={me.error} retry={me.retry} />
      </main>
    );
  }
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}
