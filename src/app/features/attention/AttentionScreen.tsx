// Everything that could not be sent as it is, in one list (the status bar links here):
// what each item was, when it was made, why it cannot go, and what the family can do.
import { useTranslation } from 'react-i18next';
import { SetAside } from '../../components/SetAside.tsx';
import { useNow } from '../../components/useNow.ts';
import { useSetAsideItems } from '../../data/hooks.ts';
import { formatDay } from '../timetable/dates.ts';
import { formatRelative } from '../status/formatRelative.ts';

export function AttentionScreen() {
  const { t, i18n } = useTranslation('attention');
  const main = useTranslation().t;
  const now = useNow();
  const items = useSetAsideItems();
  return (
    <>
      <h1 className="screen-title">{t('title')}</h1>
      <section aria-labelledby="attention-list" data-loaded={items ? 'true' : undefined}>
        <h2 id="attention-list" className="visually-hidden">
          {t('title')}
        </h2>
        {items && items.length > 0 ? (
          <>
            <p>{t('intro', { count: items.length })}</p>
            <ul className="notices">
              {items.map(({ entry, detail, absence }) => (
                <li key={entry.id}>
                  <article className="notice" data-testid="attention-item" data-kind={entry.kind}>
                    <h3 className="notice__title">{t(`kind.${entry.kind}`)}</h3>
                    {absence ? (
                      <p>
                        {main(`absence.reason.${absence.reason}`)} ·{' '}
                        {formatDay(absence.from, i18n.language, 'long')}
                      </p>
                    ) : null}
                    {detail ? (
                      <p dir="auto" className="notice__note">
                        {detail}
                      </p>
                    ) : null}
                    <p className="hint">
                      {t('made', { when: formatRelative(entry.createdAt, now, i18n.language) })}
                    </p>
                    <SetAside entry={entry} />
                  </article>
                </li>
              ))}
            </ul>
          </>
        ) : items ? (
          <p className="empty">{t('none')}</p>
        ) : null}
      </section>
    </>
  );
}
