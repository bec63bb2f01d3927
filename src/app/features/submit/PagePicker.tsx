// Take photos with the camera or choose them from the gallery; preview, reorder, remove.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../components/formatBytes.ts';
import type { DraftPage } from './usePhotoDraft.ts';

type Props = {
  pages: DraftPage[];
  onAdd: (files: Iterable<File>) => void;
  onRemove: (key: string) => void;
  onMove: (key: string, by: -1 | 1) => void;
};

export function PagePicker({ pages, onAdd, onRemove, onMove }: Props) {
  const { t, i18n } = useTranslation();
  const cameraId = useId();
  const galleryId = useId();
  return (
    <div className="pages">
      <div className="pages__add">
        {/* Real buttons would need script to open the file dialog; labels styled as buttons
            keep it declarative and work with keyboard and screen readers. */}
        <label htmlFor={cameraId} className="button button--primary">
          {t('submit.takePhoto')}
        </label>
        <input
          id={cameraId}
          className="visually-hidden"
          type="file"
          accept="image/*"
          capture="environment"
          data-testid="camera-input"
          onChange={(e) => {
            if (e.target.files) onAdd(e.target.files);
            e.target.value = '';
          }}
        />
        <label htmlFor={galleryId} className="button">
          {t('submit.choosePhotos')}
        </label>
        <input
          id={galleryId}
          className="visually-hidden"
          type="file"
          accept="image/*"
          multiple
          data-testid="gallery-input"
          onChange={(e) => {
            if (e.target.files) onAdd(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {pages.length > 0 ? (
        <ol className="pages__list">
          {pages.map((p, i) => (
            <li key={p.key} className="page" data-testid="draft-page">
              {p.state === 'ready' ? (
                <img src={p.url} alt={t('submit.pageAlt', { n: i + 1 })} className="page__thumb" />
              ) : (
                <div className="page__thumb page__thumb--empty" aria-hidden="true" />
              )}
              <div className="page__info">
                <p>
                  <strong>{t('submit.page', { n: i + 1 })}</strong>
                </p>
                {p.state === 'working' ? <p role="status">{t('submit.preparing')}</p> : null}
                {p.state === 'ready' ? <p>{formatBytes(p.page.bytes, i18n.language)}</p> : null}
                {p.state === 'failed' ? (
                  <p className="message message--error" role="alert">
                    {t(`submit.photoError.${p.error}`, { name: p.name })}
                  </p>
                ) : null}
              </div>
              <div className="page__actions">
                <button
                  type="button"
                  className="button button--icon"
                  onClick={() => onMove(p.key, -1)}
                  disabled={i === 0}
                  aria-label={t('submit.moveUp', { n: i + 1 })}
                >
                  <span aria-hidden="true">↑</span>
                </button>
                <button
                  type="button"
                  className="button button--icon"
                  onClick={() => onMove(p.key, 1)}
                  disabled={i === pages.length - 1}
                  aria-label={t('submit.moveDown', { n: i + 1 })}
                >
                  <span aria-hidden="true">↓</span>
                </button>
                <button
                  type="button"
                  className="button button--icon button--danger"
                  onClick={() => onRemove(p.key)}
                  aria-label={t('submit.remove', { n: i + 1 })}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
