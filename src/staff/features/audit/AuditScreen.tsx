// The audit log (admins): who looked at or exported whose records, newest first, in pages.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/staff/audit.ts';
import { staffEndpoints } from '../../../shared/staff/contract.ts';
import { may } from '../../../shared/staff/roles.ts';
import { formatInstant } from '../../../ui/format/dates.ts';
import { request } from '../../api/client.ts';
import { useQuery } from '../../api/useQuery.ts';
import { Failed, Loading } from '../../components/QueryState.tsx';
import { problemOf } from '../../components/errors.ts';
import { useTitle } from '../../components/useTitle.ts';
import { intlLocaleOf } from '../../i18n/languages.ts';
import { useMe } from '../../session/SessionContext.tsx';

export function AuditScreen() {
  const { t } = useTranslation();
  useTitle(t('audit.title'));
  const me = useMe();
  if (!may(me.staff.role, 'admin')) {
    return (
      <>
        <h1>{t('audit.title')}</h1>
        <p>{t('errors.forbidden')}</p>
      </>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const { t, i18n } = useTranslation();
  const first = useQuery(staffEndpoints.audit, { query: {} });
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const locale = intlLocaleOf(i18n.language);

  if (first.status === 'loading')
    return (
      <Heading>
        <Loading />
      </Heading>
    );
  if (first.status === 'failed') {
    return (
      <Heading>
        <Failed error={first.error} retry={first.retry} />
      </Heading>
    );
  }
  const entries = [...first.data.entries, ...older];
  const cursor = next === undefined ? first.data.next : next;

  const loadOlder = async () => {
    if (!cursor) return;
    setProblem(null);
    try {
      const page = await request(staffEndpoints.audit, { query: { before: cursor } });
      setOlder((o) => [...o, ...page.entries]);
      setNext(page.next);
    } catch (err) {
      setProblem(t(problemOf(err).key));
    }
  };

  const subject = (e: AuditEntry) =>
    e.subject.type === 'school'
      ? t('audit.subject.school')
      : t(`audit.subject.${e.subject.type}`, { name: e.subject.name ?? t('audit.gone') });

  return (
    <Heading>
      {entries.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.whose')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.at}>
                    {formatInstant(e.at, locale, { dateStyle: 'medium', timeStyle: 'short' })}
                  </time>
                </td>
                <td>
                  {e.staff.name} ({t(`roles.${e.staff.role}`)})
                </td>
                <td>
                  {t(`audit.${e.action}`, {
                    kind: t(`audit.kinds.${e.kind}`, { defaultValue: e.kind }),
                  })}
                </td>
                <td>{subject(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {problem ? (
        <p className="problem" role="alert">
          {problem}
        </p>
      ) : null}
      {cursor ? (
        <button type="button" className="button secondary" onClick={() => void loadOlder()}>
          {t('audit.older')}
        </button>
      ) : null}
    </Heading>
  );
}

function Heading({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      {children}
    </>
  );
}
