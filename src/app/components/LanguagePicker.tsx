// Language choice, offered on the join screen and in settings.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n/index.ts';
import { isLanguage, languages } from '../i18n/languages.ts';

export function LanguagePicker({ hint }: { hint?: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="field field--inline">
      <label htmlFor={id}>{t('join.languageLabel')}</label>
      <select
        id={id}
        value={i18n.language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void changeLanguage(e.target.value);
        }}
        aria-describedby={hint ? `${id}-hint` : undefined}
      >
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
            {l.name}
          </option>
        ))}
      </select>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
