// "My classes": the classes the member may see, with how many pupils each has.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { staffEndpoints } from '../../../shared/staff/contract.ts';
import { useQuery } from '../../api/useQuery.ts';
import { Failed, Loading } from '../../components/QueryState.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { useMe } from '../../session/SessionContext.tsx';

export function ClassesScreen() {
  const { t } = useTranslation();
  useTitle(t('classes.title'));
  const me = useMe();
  const classes = useQuery(staffEndpoints.classes, {});
  return (
    <>
      <h1>{t('classes.title')}</h1>
      {me.wholeSchool ? <p>{t('classes.wholeSchool')}</p> : null}
      {classes.status === 'loading' ? <Loading /> : null}
      {classes.status === 'failed' ? <Failed error={classes.error} retry={classes.retry} /> : null}
      {classes.status === 'done' && classes.data.classes.length === 0 ? (
        <p>{t('classes.none')}</p>
      ) : null}
      {classes.status === 'done' && classes.data.classes.length > 0 ? (
        <table>
          <caption className="visually-hidden">{t('classes.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('classes.class')}</th>
              <th scope="col" className="numeric">
                {t('classes.pupils')}
              </th>
            </tr>
          </thead>
          <tbody>
            {classes.data.classes.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/classes/${c.id}`}>{c.name}</Link>
                </th>
                <td className="numeric">{t('classes.pupilCount', { count: c.pupils.length })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
