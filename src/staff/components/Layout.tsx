// Every signed-in page: a skip link, the header (school, who is signed in, the menu, sign
// out), the offline banner, and the page.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { may } from '../../shared/staff/roles.ts';
import { staffEndpoints } from '../../shared/staff/contract.ts';
import { perform } from '../api/client.ts';
import { useMe } from '../session/SessionContext.tsx';
import { problemOf } from './errors.ts';
import { useOnline } from './useOnline.ts';

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const online = useOnline();
  const navigate = useNavigate();
  const [signOutProblem, setSignOutProblem] = useState<string | null>(null);

  const signOut = async () => {
    setSignOutProblem(null);
    try {
      await perform(staffEndpoints.signOut, {});
      await navigate('/sign-in?reason=signed-out', { replace: true });
    } catch (err) {
      setSignOutProblem(t(problemOf(err).key));
    }
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="header">
        <div className="header-inner">
          <p className="school">{me.school.name}</p>
          <p className="who">
            {t('layout.signedInAs', { name: me.staff.name, role: t(`roles.${me.staff.role}`) })}
          </p>
          <nav aria-label={t('layout.nav')}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('layout.classes')}
                </NavLink>
              </li>
              {may(me.staff.role, 'admin') ? (
                <li>
                  <NavLink to="/audit">{t('layout.audit')}</NavLink>
                </li>
              ) : null}
              <li>
                <NavLink to="/account/password">{t('layout.password')}</NavLink>
              </li>
              <li>
                <button type="button" className="link-button" onClick={() => void signOut()}>
                  {t('layout.signOut')}
                </button>
              </li>
            </ul>
          </nav>
        </div>
        {online ? null : (
          <div className="offline-banner" role="status">
            {t('layout.offline')}
          </div>
        )}
        {signOutProblem ? (
          <div className="offline-banner" role="alert">
            {signOutProblem}
          </div>
        ) : null}
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
