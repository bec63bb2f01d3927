// How the app looks and sounds for the child and the parent on this phone: text size,
// high contrast, a dyslexia-friendly font, reduced motion (the phone's setting unless
// chosen here), sound, and symbols with or without words.
import { useTranslation } from 'react-i18next';
import { useShell } from '../../components/ShellContext.tsx';
import type { DisplayPrefs } from '../../data/parent.ts';
import { routine } from '../schedule/actions.ts';

const options = {
  textSize: ['normal', 'large', 'larger'],
  contrast: ['system', 'high'],
  font: ['standard', 'dyslexic'],
  motion: ['system', 'reduce'],
  symbolLabels: ['text', 'symbols'],
} as const satisfies Partial<Record<keyof DisplayPrefs, readonly string[]>>;

export function DisplaySettings() {
  const { t } = useTranslation('routine');
  const prefs = useShell()?.display;
  if (!prefs) return null;
  return (
    <section className="panel" aria-labelledby="display-title">
      <h2 id="display-title">{t('display.title')}</h2>
      {(Object.keys(options) as (keyof typeof options)[]).map((key) => (
        <fieldset key={key} className="choices">
          <legend>{t(`display.${key}.legend`)}</legend>
          {options[key].map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name={`display-${key}`}
                checked={prefs[key] === value}
                onChange={() => void routine.setDisplay({ [key]: value })}
                data-testid={`display-${key}-${value}`}
              />
              {t(`display.${key}.${value}`)}
            </label>
          ))}
        </fieldset>
      ))}
      <label className="choice">
        <input
          type="checkbox"
          checked={prefs.sound}
          onChange={(e) => void routine.setDisplay({ sound: e.target.checked })}
        />
        {t('display.sound')}
      </label>
      <p className="hint">{t('credit')}</p>
    </section>
  );
}
