// Learning packs for the chosen child, by week. "Download this week" first says how much
// data it will use, then shows a progress bar; each pack says whether it is on the phone.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { addDays, weekStartOf } from '../../../shared/calendar.ts';
import { useShell } from '../../components/ShellContext.tsx';
import { formatBytes } from '../../components/formatBytes.ts';
import type { PackView } from '../../data/packs.ts';
import { usePacks } from '../../data/packHooks.ts';
import { useToday } from '../schedule/useToday.ts';
import { formatDay } from '../timetable/dates.ts';
import { DownloadWeek } from './DownloadWeek.tsx';

type Group = { key: string; title: string; week: string | null; packs: PackView[] };

export function PacksScreen() {
  const { t, i18n } = useTranslation('packs');
  const pupil = useShell()?.current;
  const packs = usePacks(pupil?.id);
  const today = useToday();
  if (!pupil || packs === undefined) return null;

  const thisWeek = weekStartOf(today);
  const nextWeek = addDays(thisWeek, 7);
  const groups: Group[] = [
    { key: 'this', title: t('list.thisWeek'), week: thisWeek, packs: [] },
    { key: 'next', title: t('list.nextWeek'), week: nextWeek, packs: [] },
    { key: 'other', title: t('list.other'), week: null, packs: [] },
    { key: 'earlier', title: t('list.earlier'), week: null, packs: [] },
  ];
  for (const pack of packs) {
    const group =
      pack.weekStart === thisWeek
        ? groups[0]
        : pack.weekStart === nextWeek
          ? groups[1]
          : pack.weekStart === null || pack.weekStart > nextWeek
            ? groups[2]
            : groups[3];
    group?.packs.push(pack);
  }

  return (
    <>
      <h1 className="screen-title">{t('list.title', { name: pupil.displayName })}</h1>
      {packs.length === 0 ? (
        <p className="empty" role="status">
          {t('list.none')}
        </p>
      ) : null}
      {groups
        .filter((g) => g.packs.length > 0)
        .map((g) => (
          <section key={g.key} className="panel" aria-labelledby={`packs-${g.key}`}>
            <h2 id={`packs-${g.key}`}>
              {g.title}
              {g.week ? (
                <span className="muted packs__week">
                  {' '}
                  {t('list.weekOf', { date: formatDay(g.week, i18n.language, 'long') })}
                </span>
              ) : null}
            </h2>
            {g.week ? <DownloadWeek week={g.week} /> : null}
            <ul className="packs">
              {g.packs.map((p) => (
                <PackItem key={p.id} pack={p} />
              ))}
            </ul>
          </section>
        ))}
      <p>
        <Link className="button" to="/packs/storage" data-testid="storage-link">
          {t('storage.open')}
        </Link>
      </p>
    </>
  );
}

function PackItem({ pack }: { pack: PackView }) {
  const { t, i18n } = useTranslation('packs');
  const onPhone = pack.files.length > 0 && pack.storedBytes === pack.bytes;
  return (
    <li className="pack-item" data-testid="pack-item">
      <Link className="pack-item__title" to={`/packs/${pack.id}`}>
        {pack.title}
      </Link>
      <p className="muted">
        {[
          pack.activities.length > 0
            ? t('list.done', { done: pack.doneCount, total: pack.activities.length })
            : null,
          t('list.files', { count: pack.files.length }),
          pack.files.length === 0
            ? null
            : onPhone
              ? pack.pinned
                ? t('list.kept')
                : t('list.onPhone')
              : t('list.notOnPhone', {
                  size: formatBytes(pack.bytes - pack.storedBytes, i18n.language),
                }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </li>
  );
}
