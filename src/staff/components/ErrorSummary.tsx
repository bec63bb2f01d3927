// The GOV.UK error summary: at the top of a form, focused when it appears, each problem a
// link to its field. A problem without a field (offline, the server) can offer a retry.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export type FieldError = { field?: string; message: string };

export function ErrorSummary({ errors, onRetry }: { errors: FieldError[]; onRetry?: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // Focused each time a send fails, a retry's failure too (a new list each time).
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div
      className="error-summary"
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
    >
      <h2 id="error-summary-title">{t('errors.summary')}</h2>
      <ul>
        {errors.map((e) => (
          <li key={`${e.field ?? ''}:${e.message}`}>
            {e.field ? <a href={`#${e.field}`}>{e.message}</a> : e.message}
          </li>
        ))}
      </ul>
      {onRetry ? (
        <button type="button" className="button secondary" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      ) : null}
    </div>
  );
}
