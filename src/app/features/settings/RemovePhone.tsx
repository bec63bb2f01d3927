// "Remove this phone": wipes everything local, after saying what unsent items would be lost.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { appDb } from '../../data/appDb.ts';
import { useShell } from '../../components/ShellContext.tsx';
import { wipeDevice } from '../../data/meta.ts';
import { formatInstant } from '../status/formatRelative.ts';
import { clearStoredFiles } from '../../net/packFiles.ts';

export function RemovePhone() {
  const { t, i18n } = useTranslation();
  const shell = useShell();
  const device = shell?.device;
  const waiting = shell?.waiting ?? 0;
  const needsAttention = shell?.needsAttention ?? 0;
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const unsent = waiting + needsAttention;
  if (!device) return null;
  return (
    <section className="panel" aria-labelledby="settings-phone">
      <h2 id="settings-phone">{t('settings.phone.title')}</h2>
      <p>{t('settings.phone.family', { family: device.familyName })}</p>
      <p className="hint">
        {t('settings.phone.joined', {
          date: formatInstant(device.joinedAt, i18n.language),
        })}
      </p>
      {!confirming ? (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          {t('settings.phone.remove')}
        </button>
      ) : (
        <div className="confirm" role="alertdialog" aria-labelledby="remove-explain">
          <p id="remove-explain">{t('settings.phone.removeExplain')}</p>
          {unsent > 0 ? (
            <p className="message message--error">
              {t('settings.phone.removeUnsent', { count: unsent })}
            </p>
          ) : null}
          <div className="confirm__actions">
            <button type="button" className="button" onClick={() => setConfirming(false)} autoFocus>
              {t('settings.phone.cancel')}
            </button>
            <button
              type="button"
              className="button button--danger"
              onClick={() => {
                void wipeDevice(appDb)
                  .then(clearStoredFiles)
                  .then(() => navigate('/join', { replace: true }));
              }}
            >
              {t('settings.phone.removeConfirm')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
