// One token board: N places, the ones earned filled with a star, the reward at the end.
// Positive only: the single way to take a token back is "undo" of the tap just made, the
// tap that filled the board too. A full board celebrates gently (no animation under
// reduced motion), then starts again.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Board } from '../../data/rewards.ts';
import { routine } from '../schedule/actions.ts';
import { SymbolView } from '../schedule/SymbolView.tsx';

type Props = { board: Board; by: 'child' | 'parent'; canAdd: boolean };

export function TokenBoard({ board, by, canAdd }: Props) {
  const { t } = useTranslation('routine');
  const { chart, tally, celebrated } = board;
  const [lastAdded, setLastAdded] = useState<string | null>(null);
  const celebrating = tally.rewardsReached > celebrated;
  // While celebrating, the board shows full (the new round starts after "Start again").
  const filled = celebrating ? chart.goal : tally.onBoard;

  async function add() {
    const id = await routine.addToken({ chartId: chart.id, pupilId: chart.pupilId, by });
    setLastAdded(id);
  }
  async function undo() {
    if (!lastAdded) return;
    await routine.undoToken({ chartId: chart.id, pupilId: chart.pupilId, tokenId: lastAdded, by });
    setLastAdded(null);
  }

  const undoButton = lastAdded ? (
    <button type="button" className="button" onClick={() => void undo()} data-testid="undo-token">
      {t('rewards.undo')}
    </button>
  ) : null;
  const headingId = `chart-${chart.id}`;
  return (
    <section className="board" aria-labelledby={headingId} data-testid="token-board">
      <h3 id={headingId} className="board__title">
        {chart.title}
      </h3>
      <p className="board__count" data-testid="token-count">
        {t('rewards.count', { count: filled, goal: chart.goal })}
      </p>
      <ol className="board__slots" aria-hidden="true">
        {Array.from({ length: chart.goal }, (_, i) => (
          <li key={i} className={`board__slot${i < filled ? ' board__slot--on' : ''}`}>
            {i < filled ? '★' : ''}
          </li>
        ))}
        <li className="board__reward">
          <SymbolView symbol={chart.reward} className="symbol symbol--reward" />
        </li>
      </ol>
      <p className="board__for">{t('rewards.workingFor', { reward: chart.rewardLabel })}</p>
      {celebrating ? (
        <div className="celebrate" role="status" data-testid="celebrate">
          <p className="celebrate__text">{t('rewards.reached', { reward: chart.rewardLabel })}</p>
          <div className="board__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => void routine.celebrated(chart.id, tally.rewardsReached)}
            >
              {t('rewards.startAgain')}
            </button>
            {undoButton}
          </div>
        </div>
      ) : canAdd ? (
        <div className="board__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => void add()}
            data-testid="add-token"
          >
            {t('rewards.addToken')}
          </button>
          {undoButton}
        </div>
      ) : null}
    </section>
  );
}
