// Choosing a step's symbol: the bundled OpenMoji set by category (with search in the
// family's language and English), or a photo of the real thing taken now.
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SymbolRef } from '../../../shared/schedules.ts';
import { catalogSymbols, type CatalogSymbol } from '../../net/symbols.ts';
import { compressPhoto, isPhotoError } from '../../photos/compress.ts';
import { routine } from './actions.ts';
import { SymbolView } from './SymbolView.tsx';

type Props = {
  pupilId: string;
  onPick: (symbol: SymbolRef, label: string | null) => void;
  onClose: () => void;
};

export function SymbolPicker({ pupilId, onPick, onClose }: Props) {
  const { t, i18n } = useTranslation('routine');
  const searchId = useId();
  const photoId = useId();
  const all = catalogSymbols();
  const categories = useMemo(() => [...new Set(all.map((s) => s.category))], [all]);
  const [category, setCategory] = useState(categories[0] ?? '');
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language;
  const labelOf = (s: CatalogSymbol) => s.labels[lang] ?? s.labels.en ?? s.code;
  const q = query.trim().toLocaleLowerCase();
  const shown = q
    ? all.filter((s) =>
        [s.labels[lang], s.labels.en].some((l) => l?.toLocaleLowerCase().includes(q)),
      )
    : all.filter((s) => s.category === category);

  async function takePhoto(file: File) {
    setBusy(true);
    setError(null);
    try {
      const photo = await compressPhoto(file);
      const mediaId = await routine.addMedia({
        pupilId,
        kind: 'image',
        contentType: 'image/jpeg',
        blob: photo.blob,
        sha256: photo.sha256,
        bytes: photo.bytes,
      });
      onPick({ kind: 'media', mediaId }, null);
    } catch (e) {
      setError(isPhotoError(e) ? t('editor.photoError') : t('editor.saveError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="picker" role="dialog" aria-modal="false" aria-labelledby={`${searchId}-t`}>
      <h3 id={`${searchId}-t`}>{t('picker.title')}</h3>
      <div className="picker__photo">
        <label htmlFor={photoId} className="button">
          {busy ? t('picker.working') : t('picker.photo')}
        </label>
        <input
          id={photoId}
          className="visually-hidden"
          type="file"
          accept="image/*"
          capture="environment"
          data-testid="symbol-photo-input"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void takePhoto(file);
            e.target.value = '';
          }}
        />
        <p className="hint">{t('picker.photoHint')}</p>
      </div>
      <p className="message message--error" role="alert">
        {error ?? ''}
      </p>
      <div className="field">
        <label htmlFor={searchId}>{t('picker.search')}</label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="symbol-search"
        />
      </div>
      {q ? null : (
        <div className="segmented segmented--wrap" role="group" aria-label={t('picker.category')}>
          {categories.map((c) => (
            <button
              key={c}
              type="button"
              className="segmented__option"
              aria-pressed={c === category}
              onClick={() => setCategory(c)}
            >
              {t(`picker.categories.${c}`, { defaultValue: c })}
            </button>
          ))}
        </div>
      )}
      <ul className="picker__grid">
        {shown.map((s) => (
          <li key={s.code}>
            <button
              type="button"
              className="picker__symbol"
              onClick={() => onPick({ kind: 'openmoji', code: s.code }, labelOf(s))}
              data-code={s.code}
            >
              <SymbolView symbol={{ kind: 'openmoji', code: s.code }} className="symbol" />
              <span>{labelOf(s)}</span>
            </button>
          </li>
        ))}
      </ul>
      {shown.length === 0 ? <p className="empty">{t('picker.noMatch')}</p> : null}
      <p className="hint">{t('credit')}</p>
      <button type="button" className="button" onClick={onClose}>
        {t('picker.close')}
      </button>
    </div>
  );
}
