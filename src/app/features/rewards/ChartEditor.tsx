// A new token board: what it is for, how many tokens, the reward (a symbol or a photo),
// and whether finishing a schedule step adds a token. A goal never changes: "start a new
// chart" archives this one and makes another.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { maxGoal, minGoal, type SymbolRef } from '../../../shared/schedules.ts';
import { useShell } from '../../components/ShellContext.tsx';
import { useBoards } from '../../data/routineHooks.ts';
import { routine } from '../schedule/actions.ts';
import { SymbolPicker } from '../schedule/SymbolPicker.tsx';
import { SymbolView } from '../schedule/SymbolView.tsx';

export function ChartEditorScreen() {
  const { t } = useTranslation('routine');
  const shell = useShell();
  const pupil = shell?.current;
  const boards = useBoards(pupil?.id);
  const navigate = useNavigate();
  const titleId = useId();
  const goalId = useId();
  const rewardId = useId();
  const [title, setTitle] = useState('');
  const [goal, setGoal] = useState(5);
  const [reward, setReward] = useState<SymbolRef>({ kind: 'openmoji', code: '1F381' });
  const [rewardLabel, setRewardLabel] = useState('');
  const [tokenPerStep, setTokenPerStep] = useState(true);
  const [replace, setReplace] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!pupil) return null;
  const familyCharts = (boards ?? []).filter((b) => b.chart.madeBy === 'family');

  async function save() {
    if (!title.trim()) return setError(t('chart.needTitle'));
    if (!rewardLabel.trim()) return setError(t('chart.needReward'));
    if (!pupil) return;
    if (replace) await routine.archiveChart(replace);
    await routine.saveChart({
      pupilId: pupil.id,
      title,
      goal,
      reward,
      rewardLabel,
      tokenPerStep,
    });
    navigate('/schedule');
  }

  return (
    <form
      className="editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h1 className="screen-title">{t('chart.newTitle')}</h1>
      <div className="field">
        <label htmlFor={titleId}>{t('chart.name')}</label>
        <input
          id={titleId}
          value={title}
          maxLength={80}
          onChange={(e) => setTitle(e.target.value)}
          placeholder={t('chart.namePlaceholder')}
          data-testid="chart-title"
        />
      </div>
      <div className="field field--inline">
        <label htmlFor={goalId}>{t('chart.goal')}</label>
        <input
          id={goalId}
          type="number"
          inputMode="numeric"
          min={minGoal}
          max={maxGoal}
          value={goal}
          onChange={(e) =>
            setGoal(
              Math.min(maxGoal, Math.max(minGoal, Math.round(Number(e.target.value)) || minGoal)),
            )
          }
          data-testid="chart-goal"
        />
      </div>
      <div className="field">
        <label htmlFor={rewardId}>{t('chart.reward')}</label>
        <div className="reward-row">
          <button
            type="button"
            className="edit-step__symbol"
            onClick={() => setPicking(true)}
            aria-label={t('chart.rewardSymbol')}
          >
            <SymbolView symbol={reward} className="symbol symbol--thumb" />
          </button>
          <input
            id={rewardId}
            value={rewardLabel}
            maxLength={60}
            onChange={(e) => setRewardLabel(e.target.value)}
            placeholder={t('chart.rewardPlaceholder')}
            data-testid="chart-reward"
          />
        </div>
      </div>
      {picking ? (
        <SymbolPicker
          pupilId={pupil.id}
          onClose={() => setPicking(false)}
          onPick={(symbol, label) => {
            setReward(symbol);
            if (label && !rewardLabel) setRewardLabel(label);
            setPicking(false);
          }}
        />
      ) : null}
      <label className="choice">
        <input
          type="checkbox"
          checked={tokenPerStep}
          onChange={(e) => setTokenPerStep(e.target.checked)}
        />
        {t('chart.perStep')}
      </label>
      {familyCharts.length > 0 ? (
        <fieldset className="choices">
          <legend>{t('chart.replaceLegend')}</legend>
          <label className="choice">
            <input
              type="radio"
              name="replace"
              checked={replace === null}
              onChange={() => setReplace(null)}
            />
            {t('chart.keepAll')}
          </label>
          {familyCharts.map((b) => (
            <label key={b.chart.id} className="choice">
              <input
                type="radio"
                name="replace"
                checked={replace === b.chart.id}
                onChange={() => setReplace(b.chart.id)}
              />
              {t('chart.replace', { title: b.chart.title })}
            </label>
          ))}
        </fieldset>
      ) : null}
      <p className="message message--error" role="alert">
        {error ?? ''}
      </p>
      <div className="confirm__actions">
        <button type="submit" className="button button--primary" data-testid="save-chart">
          {t('chart.save')}
        </button>
        <Link className="button" to="/schedule">
          {t('editor.cancel')}
        </Link>
      </div>
    </form>
  );
}
