// Making or changing a family schedule (a morning routine, a trip to the shops): a name,
// a day or any day, and steps (symbol, words, minutes, a recorded clip), reordered and
// removed freely. Everything stays in the form until "Save"; saving works offline. The
// school's schedules are not changed here: the parent copies one first.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { maxStepsPerSchedule, type ScheduleStep } from '../../../shared/schedules.ts';
import { useShell } from '../../components/ShellContext.tsx';
import { newId } from '../../data/outbox.ts';
import { useSchedule } from '../../data/routineHooks.ts';
import type { LocalSchedule } from '../../data/db.ts';
import { routine } from './actions.ts';
import { AudioRecorder } from './AudioRecorder.tsx';
import { SymbolPicker } from './SymbolPicker.tsx';
import { SymbolView } from './SymbolView.tsx';
import { useToday } from './useToday.ts';

export function ScheduleEditorScreen() {
  const { id } = useParams();
  const schedule = useSchedule(id);
  const shell = useShell();
  const { t } = useTranslation('routine');
  if (!shell?.current || (id && schedule === undefined)) return null;
  if (id && schedule === null) return <p className="panel">{t('day.gone')}</p>;
  if (schedule && schedule.madeBy === 'school') return <SchoolMade schedule={schedule} />;
  return <Editor key={id ?? 'new'} existing={schedule ?? null} pupilId={shell.current.id} />;
}

function SchoolMade({ schedule }: { schedule: LocalSchedule }) {
  const { t } = useTranslation('routine');
  const navigate = useNavigate();
  return (
    <div className="panel">
      <h1 className="screen-title">{schedule.title}</h1>
      <p>{t('editor.schoolMade')}</p>
      <div className="confirm__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={async () => {
            const id = await routine.copySchedule(
              schedule.id,
              t('day.copyTitle', { title: schedule.title }),
            );
            navigate(`/schedule/${id}/edit`, { replace: true });
          }}
        >
          {t('day.copy')}
        </button>
        <Link className="button" to="/schedule">
          {t('day.back')}
        </Link>
      </div>
    </div>
  );
}

function Editor({ existing, pupilId }: { existing: LocalSchedule | null; pupilId: string }) {
  const { t, i18n } = useTranslation('routine');
  const navigate = useNavigate();
  const today = useToday();
  const titleId = useId();
  const [title, setTitle] = useState(existing?.title ?? '');
  const [when, setWhen] = useState<'today' | 'any'>(existing?.date ? 'today' : 'any');
  const [steps, setSteps] = useState<ScheduleStep[]>(existing?.steps ?? []);
  const [picking, setPicking] = useState<number | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const update = (i: number, change: Partial<ScheduleStep>) =>
    setSteps((s) => s.map((step, j) => (j === i ? { ...step, ...change } : step)));
  const move = (i: number, by: -1 | 1) =>
    setSteps((s) => {
      const j = i + by;
      if (j < 0 || j >= s.length) return s;
      const copy = [...s];
      [copy[i], copy[j]] = [copy[j] as ScheduleStep, copy[i] as ScheduleStep];
      return copy;
    });

  async function save() {
    if (!title.trim()) return setError(t('editor.needTitle'));
    if (steps.length === 0) return setError(t('editor.needStep'));
    const unnamed = steps.findIndex((s) => !s.label.trim());
    if (unnamed >= 0) return setError(t('editor.needLabel', { n: unnamed + 1 }));
    setSaving(true);
    try {
      await routine.saveSchedule({
        id: existing?.id,
        pupilId,
        title,
        date: when === 'today' ? (existing?.date ?? today) : null,
        sessionId: existing?.sessionId ?? null,
        language: existing?.language ?? i18n.language,
        steps,
      });
      navigate('/schedule');
    } catch {
      setError(t('editor.saveError'));
      setSaving(false);
    }
  }

  return (
    <form
      className="editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1 className="screen-title">{existing ? t('editor.changeTitle') : t('editor.newTitle')}</h1>
      <div className="field">
        <label htmlFor={titleId}>{t('editor.name')}</label>
        <input
          id={titleId}
          value={title}
          maxLength={80}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('editor.namePlaceholder')}
          data-testid="schedule-title"
        />
      </div>
      <fieldset className="choices">
        <legend>{t('editor.when')}</legend>
        {(['today', 'any'] as const).map((w) => (
          <label key={w} className="choice">
            <input type="radio" name="when" checked={when === w} onChange={() => setWhen(w)} />
            {t(`editor.whenOptions.${w}`)}
          </label>
        ))}
      </fieldset>

      <h2>{t('editor.steps')}</h2>
      <ol className="edit-steps">
        {steps.map((step, i) => (
          <li key={step.id} className="edit-step" data-testid="edit-step">
            <button
              type="button"
              className="edit-step__symbol"
              onClick={() => setPicking(i)}
              aria-label={t('editor.changeSymbol', { n: i + 1 })}
            >
              <SymbolView symbol={step.symbol} className="symbol symbol--thumb" />
            </button>
            <div className="edit-step__fields">
              <div className="field">
                <label htmlFor={`${step.id}-label`}>{t('editor.label', { n: i + 1 })}</label>
                <input
                  id={`${step.id}-label`}
                  value={step.label}
                  maxLength={60}
                  onChange={(e) => update(i, { label: e.target.value })}
                  data-testid="step-label"
                />
              </div>
              <div className="field field--inline">
                <label htmlFor={`${step.id}-min`}>{t('editor.minutes')}</label>
                <input
                  id={`${step.id}-min`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={240}
                  value={step.minutes ?? ''}
                  onChange={(e) => {
                    const n = Math.round(Number(e.target.value));
                    update(i, {
                      minutes: e.target.value === '' || !(n >= 1) ? null : Math.min(n, 240),
                    });
                  }}
                />
              </div>
              <AudioRecorder
                pupilId={pupilId}
                audioId={step.audioId}
                onChange={(audioId) => update(i, { audioId })}
              />
            </div>
            <div className="edit-step__actions">
              <button
                type="button"
                className="button button--small"
                onClick={() => move(i, -1)}
                disabled={i === 0}
                aria-label={t('editor.up', { n: i + 1 })}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => move(i, 1)}
                disabled={i === steps.length - 1}
                aria-label={t('editor.down', { n: i + 1 })}
              >
                ↓
              </button>
              <button
                type="button"
                className="button button--small button--danger"
                onClick={() => setSteps((s) => s.filter((_, j) => j !== i))}
                aria-label={t('editor.remove', { n: i + 1 })}
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ol>
      {picking !== null ? (
        <SymbolPicker
          pupilId={pupilId}
          onClose={() => setPicking(null)}
          onPick={(symbol, label) => {
            if (picking === 'new') {
              setSteps((s) => [
                ...s,
                { id: newId(), symbol, label: label ?? '', minutes: null, audioId: null },
              ]);
            } else {
              update(picking, label && !steps[picking]?.label ? { symbol, label } : { symbol });
            }
            setPicking(null);
          }}
        />
      ) : steps.length < maxStepsPerSchedule ? (
        <button
          type="button"
          className="button"
          onClick={() => setPicking('new')}
          data-testid="add-step"
        >
          {t('editor.addStep')}
        </button>
      ) : null}
      <p className="message message--error" role="alert">
        {error ?? ''}
      </p>
      <div className="confirm__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={saving}
          data-testid="save-schedule"
        >
          {t('editor.save')}
        </button>
        <Link className="button" to="/schedule">
          {t('editor.cancel')}
        </Link>
        {existing ? (
          <button
            type="button"
            className="button button--danger"
            onClick={async () => {
              if (!confirm(t('editor.deleteConfirm'))) return;
              await routine.deleteSchedule(existing.id);
              navigate('/schedule');
            }}
          >
            {t('editor.delete')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
