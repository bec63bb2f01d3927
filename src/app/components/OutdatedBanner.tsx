// Shown when the school's server no longer answers this version of the app (426): nothing
// is sent until the family updates, and nothing on the phone is lost. Looks for the update
// at once, so "Update now" (UpdateBanner) appears as soon as it is downloaded.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { checkForUpdate, usePwaState } from '../pwa/bridge.ts';
import { useShell } from './ShellContext.tsx';

export function OutdatedBanner() {
  const { t } = useTranslation();
  const tooOld = useShell()?.appTooOld ?? null;
  const { updateWaiting } = usePwaState();
  useEffect(() => {
    if (tooOld) void checkForUpdate();
  }, [tooOld]);
  if (!tooOld) return null;
  return (
    <div className="banner banner--warning" role="alert" data-testid="outdated">
      <div>
        <strong>{t('outdated.title')}</strong>
        <p>{t('outdated.body')}</p>
      </div>
      {updateWaiting ? null : (
        <button type="button" className="button" onClick={() => void checkForUpdate()}>
          {t('outdated.check')}
        </button>
      )}
    </div>
  );
}
