// One class and its pupils (a class outside the member's reach is the server's 404).
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { staffEndpoints } from '../../../shared/staff/contract.ts';
import { useQuery } from '../../api/useQuery.ts';
import { Failed, Loading } from '../../components/QueryState.tsx';
import { useTitle } from '../../components/useTitle.ts';

export function ClassScreen() {
  const { t } = useTranslation();
  const { classId = '' } = useParams();
  const found = useQuery(staffEndpoints.class, { params: { id: classId } });
  const name = found.status === 'done' ? found.data.class.name : t('app.loading');
  useTitle(name);
  return (
    <>
      <p>
        <Link to="/" className="back-link">
          {t('class.back')}
        </Link>
      </p>
      {found.status === 'loading' ? <Loading /> : null}
      {found.status === 'failed' ? (
        <>
          <h1>{t('notFound.title')}</h1>
          <Failed error={found.error} retry={found.retry} />
        </>
      ) : null}
      {found.status === 'done' ? (
        <>
          <h1>{found.data.class.name}</h1>
          {found.data.class.pupils.length === 0 ? (
            <p>{t('class.none')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">
                {t('class.caption', { name: found.data.class.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('class.pupil')}</th>
                  <th scope="col">{t('class.keyStage')}</th>
                  <th scope="col">{t('class.visualSupport')}</th>
                </tr>
              </thead>
              <tbody>
                {found.data.class.pupils.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.displayName}</th>
                    <td>{p.keyStage}</td>
                    <td>{p.visualSupport ? t('class.yes') : t('class.no')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </>
  );
}
