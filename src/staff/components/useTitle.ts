// Each page's <title>: "<page> – Homeward for staff" (screen readers announce it).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function useTitle(page: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${page} – ${t('app.titleSuffix')}`;
  }, [page, t]);
}
