// The frame around every screen of a joined phone: header, child switcher, sync status,
// banners (update ready, app too old for the server, phone removed), main navigation.
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet } from 'react-router';
import { useShell } from './ShellContext.tsx';
import { ChildSwitcher } from './ChildSwitcher.tsx';
import { RevokedBanner } from './RevokedBanner.tsx';
import { SyncStatusBar } from '../features/status/SyncStatusBar.tsx';
import { OutdatedBanner } from './OutdatedBanner.tsx';
import { UpdateBanner } from './UpdateBanner.tsx';

export function Layout() {
  const { t } = useTranslation();
  const shell = useShell();
  const device = shell?.device;
  // In a child's hands nothing but child mode opens, whatever the address says.
  if (shell?.childMode) return <Navigate to="/child" replace />;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell__header">
        <div className="shell__title">
          <img src="/icons/icon.svg" alt="" width="32" height="32" />
          <span className="shell__name">{t('app.name')}</span>
          {device ? <span className="shell__family">{device.familyName}</span> : null}
          {/* The parent area: used rarely, so out of the bottom bar (five places fit a phone). */}
          <NavLink to="/settings" className="shell__settings">
            {t('app.nav.settings')}
          </NavLink>
        </div>
        <SyncStatusBar />
      </header>
      {/* Inside <main>: everything on the page belongs to a landmark (axe "region"). */}
      <main id="main" className="shell__main" tabIndex={-1}>
        <UpdateBanner />
        <OutdatedBanner />
        <RevokedBanner />
        <ChildSwitcher />
        <Outlet />
      </main>
      <nav className="shell__nav" aria-label={t('app.nav.label')}>
        <NavLink to="/week" className="navlink">
          {t('app.nav.week')}
        </NavLink>
        <NavLink to="/packs" className="navlink">
          {t('app.nav.packs')}
        </NavLink>
        <NavLink to="/schedule" className="navlink">
          {t('app.nav.routine')}
        </NavLink>
        <NavLink to="/submit" className="navlink">
          {t('app.nav.submit')}
        </NavLink>
        <NavLink to="/absence" className="navlink">
          {t('app.nav.absence')}
        </NavLink>
      </nav>
    </div>
  );
}
