// Shown when the school has removed this phone: data stays readable, nothing is deleted.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useShell } from './ShellContext.tsx';

export function RevokedBanner() {
  const { t } = useTranslation();
  const revoked = useShell()?.revoked ?? false;
  if (!revoked) return null;
  return (
    <div className="banner banner--warning" role="alert">
      <div>
        <strong>{t('revoked.title')}</strong>
        <p>{t('revoked.body')}</p>
      </div>
      <Link className="button" to="/join">
        {t('revoked.joinAgain')}
      </Link>
    </div>
  );
}
