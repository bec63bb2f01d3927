// "A new version is ready": applied only when the family taps it (never mid-write).
import { useTranslation } from 'react-i18next';
import { applyUpdate, usePwaState } from '../pwa/bridge.ts';

export function UpdateBanner() {
  const { t } = useTranslation();
  const { updateWaiting } = usePwaState();
  if (!updateWaiting) return null;
  return (
    <div className="banner" role="status">
      <span>{t('update.ready')}</span>
      <button type="button" className="button" onClick={() => void applyUpdate()}>
        {t('update.apply')}
      </button>
    </div>
  );
}
