// Tabs of the family's children (a family may have several). Hidden with only one child.
import { useTranslation } from 'react-i18next';
import { useShell } from './ShellContext.tsx';
import { selectPupil } from '../data/preferences.ts';

export function ChildSwitcher() {
  const { t } = useTranslation();
  const shell = useShell();
  const pupils = shell?.pupils;
  const current = shell?.current;
  if (!pupils || pupils.length < 2) return null;
  return (
    <fieldset className="children">
      <legend className="visually-hidden">{t('children.label')}</legend>
      {pupils.map((p) => (
        <button
          key={p.id}
          type="button"
          className="children__child"
          aria-pressed={p.id === current?.id}
          onClick={() => void selectPupil(p.id)}
        >
          <span className="children__initial" aria-hidden="true">
            {p.displayName.slice(0, 1)}
          </span>
          {p.displayName}
        </button>
      ))}
    </fieldset>
  );
}
