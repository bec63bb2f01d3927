// Absence notices for the chosen child: tell the school, see what was sent and whether
// the school has acknowledged it, change or withdraw it; who to contact, and when.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShell } from '../../components/ShellContext.tsx';
import { todayIn } from '../../../shared/calendar.ts';
import { ContactCard } from '../../components/ContactCard.tsx';
import { currentBody } from '../../data/absences.ts';
import { useAbsenceNotices, useRejectedByRecord, useSchool } from '../../data/hooks.ts';
import { AbsenceForm } from './AbsenceForm.tsx';
import { NoticeCard } from './NoticeCard.tsx';
import { useAbsenceActions } from './useAbsenceActions.ts';

export function AbsenceScreen() {
  const { t } = useTranslation();
  const pupil = useShell()?.current;
  const school = useSchool();
  const notices = useAbsenceNotices(pupil?.id);
  const refused = useRejectedByRecord();
  const { save, withdraw } = useAbsenceActions();
  const [editingId, setEditingId] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  if (!pupil) return <p className="muted">{t('app.loading')}</p>;
  const today = todayIn(school?.timeZone ?? 'Europe/London');
  const editing = editingId ? notices?.find((n) => n.id === editingId) : undefined;
  const editingBody = editing ? currentBody(editing) : null;

  return (
    <>
      <h1 className="screen-title">{t('absence.title', { name: pupil.displayName })}</h1>
      <p>{t('absence.intro')}</p>
      {sent ? (
        <p className="message message--ok" role="status">
          {t('absence.saved')}
        </p>
      ) : null}
      <AbsenceForm
        key={`${pupil.id}/${editingId ?? 'new'}`}
        pupilId={pupil.id}
        today={today}
        initial={editingBody ? { ...editingBody, pupilId: pupil.id } : null}
        editingId={editingId}
        onSave={async (draft, id) => {
          await save(draft, id);
          setSent(true);
        }}
        onDone={() => setEditingId(null)}
      />
      <section aria-labelledby="absence-sent" data-loaded={notices ? 'true' : undefined}>
        <h2 id="absence-sent">{t('absence.listTitle')}</h2>
        {notices && notices.length > 0 ? (
          <ul className="notices">
            {notices.map((n) => (
              <li key={n.id}>
                <NoticeCard
                  notice={n}
                  refused={refused.get(n.id)}
                  onEdit={() => {
                    setSent(false);
                    setEditingId(n.id);
                  }}
                  onWithdraw={(reason) => withdraw(n.id, reason)}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{t('absence.none')}</p>
        )}
      </section>
      <ContactCard />
    </>
  );
}
