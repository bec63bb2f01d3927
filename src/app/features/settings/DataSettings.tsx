// Data saver and storage: photos only on Wi-Fi, and how much space Homeward uses.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../components/formatBytes.ts';
import { useSendOnWifiOnly } from '../../data/hooks.ts';
import { setSendOnWifiOnly } from '../../data/preferences.ts';
import { storageEstimate } from '../../pwa/storage.ts';

export function DataSettings() {
  const { t, i18n } = useTranslation();
  const wifiOnly = useSendOnWifiOnly();
  const [used, setUsed] = useState<number | null>(null);
  const id = useId();
  useEffect(() => {
    void storageEstimate().then((e) => setUsed(e?.usage ?? null));
  }, []);
  return (
    <section className="panel" aria-labelledby="settings-data">
      <h2 id="settings-data">{t('settings.data.title')}</h2>
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={wifiOnly}
          onChange={(e) => void setSendOnWifiOnly(e.target.checked)}
          aria-describedby={`${id}-hint`}
        />
        <span>{t('settings.data.wifiOnly')}</span>
      </label>
      <p id={`${id}-hint`} className="hint">
        {t('settings.data.wifiOnlyHint')}
      </p>
      {used !== null ? (
        <p>{t('settings.data.used', { used: formatBytes(used, i18n.language) })}</p>
      ) : null}
    </section>
  );
}
