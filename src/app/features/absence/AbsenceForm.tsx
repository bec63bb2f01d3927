// "Tell the school": why the child cannot do the work, for which days, and a note.
// Works offline (saved on the phone, sent later); the draft survives a reload.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { absenceReasons, type AbsenceReason } from '../../../shared/submissions.ts';
import type { AbsenceDraft } from '../../data/absences.ts';
import { isQuotaError } from '../../pwa/storage.ts';

type Props = {
  pupilId: string;
  today: string;
  initial: AbsenceDraft | null;
  editingId: string | null;
  onSave: (draft: AbsenceDraft, editingId: string | null) => Promise<unknown>;
  onDone: () => void;
};

const draftKey = (pupilId: string, id: string | null) =>
  `homeward.absenceDraft.${pupilId}.${id ?? 'new'}`;

function loadDraft(key: string): Partial<AbsenceDraft> | null {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? 'null') as Partial<AbsenceDraft> | null;
  } catch {
    return null;
  }
}

export function AbsenceForm({ pupilId, today, initial, editingId, onSave, onDone }: Props) {
  const { t } = useTranslation();
  const key = draftKey(pupilId, editingId);
  const saved = loadDraft(key);
  const [reason, setReason] = useState<AbsenceReason>(saved?.reason ?? initial?.reason ?? 'ill');
  const [from, setFrom] = useState(saved?.from ?? initial?.from ?? today);
  const [to, setTo] = useState(saved?.to ?? initial?.to ?? today);
  const [note, setNote] = useState(saved?.note ?? initial?.note ?? '');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const ids = { from: useId(), to: useId(), note: useId(), reason: useId() };

  useEffect(() => {
    try {
      sessionStorage.setItem(key, JSON.stringify({ reason, from, to, note }));
    } catch {
      // storage blocked: the form still holds it
    }
  }, [key, reason, from, to, note]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!from || !to) setError(t('absence.errors.dates'));
    else if (to < from) setError(t('absence.errors.order'));
    else {
      setError(null);
      setPending(true);
      try {
        await onSave({ pupilId, reason, from, to, note }, editingId);
        sessionStorage.removeItem(key);
        onDone();
        return;
      } catch (e) {
        setError(isQuotaError(e) ? t('errors.quota_device') : t('absence.errors.save'));
      } finally {
        setPending(false);
      }
    }
    errorRef.current?.focus();
  }

  return (
    <form className="panel absence-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset className="choices">
        <legend>{t('absence.reasonLabel')}</legend>
        {absenceReasons.map((r) => (
          <label key={r} className="choice">
            <input
              type="radio"
              name={ids.reason}
              value={r}
              checked={reason === r}
              onChange={() => setReason(r)}
            />
            <span>{t(`absence.reason.${r}`)}</span>
          </label>
        ))}
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.from}>{t('absence.from')}</label>
          <input
            id={ids.from}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t('absence.to')}</label>
          <input
            id={ids.to}
            type="date"
            value={to}
            min={from}
            onChange={(e) => setTo(e.target.value)}
            required
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.note}>{t('absence.note')}</label>
        <textarea
          id={ids.note}
          value={note}
          maxLength={1000}
          rows={3}
          dir="auto"
          onChange={(e) => setNote(e.target.value)}
          aria-describedby={`${ids.note}-hint`}
        />
        <p id={`${ids.note}-hint`} className="hint">
          {t('absence.noteHint')}
        </p>
      </div>
      <p ref={errorRef} tabIndex={-1} className="message message--error" role="alert">
        {error}
      </p>
      <div className="confirm__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {editingId ? t('absence.saveChanges') : t('absence.send')}
        </button>
        {editingId ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              sessionStorage.removeItem(key);
              onDone();
            }}
          >
            {t('absence.cancelEdit')}
          </button>
        ) : null}
      </div>
      <p className="hint">{t('absence.offlineHint')}</p>
    </form>
  );
}
