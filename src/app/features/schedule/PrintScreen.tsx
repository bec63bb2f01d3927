// A printable strip of a schedule for the fridge: each step's symbol and words at
// cut-out size (5 cm squares), with cut lines. The print style sheet hides the app.
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSchedule } from '../../data/routineHooks.ts';
import { SymbolView } from './SymbolView.tsx';

export function PrintScreen() {
  const { t } = useTranslation('routine');
  const { id } = useParams();
  const schedule = useSchedule(id);
  if (schedule === undefined) return null;
  if (schedule === null) return <p className="panel">{t('day.gone')}</p>;
  return (
    <div className="print">
      <div className="print__controls no-print">
        <Link to="/schedule" className="back-link">
          {t('day.back')}
        </Link>
        <p>{t('print.explain')}</p>
        <button type="button" className="button button--primary" onClick={() => print()}>
          {t('print.print')}
        </button>
      </div>
      <h1 className="print__title">{schedule.title}</h1>
      <ol className="print__strip" data-testid="print-strip">
        {schedule.steps.map((step) => (
          <li key={step.id} className="print__card">
            <SymbolView symbol={step.symbol} className="symbol symbol--print" />
            <span className="print__label">{step.label}</span>
          </li>
        ))}
      </ol>
      <p className="print__credit">{t('credit')}</p>
    </div>
  );
}
