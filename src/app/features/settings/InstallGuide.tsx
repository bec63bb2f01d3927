// Install guidance: the browser's own prompt where offered, plain steps otherwise.
import { useTranslation } from 'react-i18next';
import { usePwaState } from '../../pwa/bridge.ts';
import { isStandalone, useInstallPrompt } from '../../pwa/install.ts';

export function InstallGuide() {
  const { t } = useTranslation();
  const install = useInstallPrompt();
  const { offlineReady } = usePwaState();
  return (
    <section className="panel" aria-labelledby="settings-install">
      <h2 id="settings-install">{t('settings.install.title')}</h2>
      {offlineReady ? <p data-testid="offline-ready">{t('settings.install.ready')}</p> : null}
      {isStandalone() ? (
        <p>{t('settings.install.installed')}</p>
      ) : (
        <>
          {install ? (
            <button type="button" className="button button--primary" onClick={() => void install()}>
              {t('settings.install.button')}
            </button>
          ) : null}
          <ul className="steps">
            <li>{t('settings.install.android')}</li>
            <li>{t('settings.install.iphone')}</li>
          </ul>
        </>
      )}
    </section>
  );
}
