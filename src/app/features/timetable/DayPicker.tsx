// Day buttons for the week; today is marked in words, not colour alone.
import { useTranslation } from 'react-i18next';
import { formatDay } from './dates.ts';

type Props = {
  days: string[];
  selected: string;
  today: string;
  onSelect: (day: string) => void;
};

export function DayPicker({ days, selected, today, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="days">
      <legend className="visually-hidden">{t('week.daysLabel')}</legend>
      {days.map((d) => (
        <button
          key={d}
          type="button"
          className={`days__day${d === today ? ' days__day--today' : ''}`}
          aria-pressed={d === selected}
          onClick={() => onSelect(d)}
        >
          {formatDay(d, i18n.language, 'short')}
          {/* The name starts with what is seen (WCAG 2.5.3); "today" is also in words. */}
          {d === today ? <span className="visually-hidden">, {t('week.today')}</span> : null}
        </button>
      ))}
    </fieldset>
  );
}
