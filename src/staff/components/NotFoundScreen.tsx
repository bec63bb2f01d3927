import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from './useTitle.ts';

export function NotFoundScreen() {
  const { t } = useTranslation();
  useTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('errors.notFound')}</p>
      <p>
        <Link to="/">{t('class.back')}</Link>
      </p>
    </>
  );
}
