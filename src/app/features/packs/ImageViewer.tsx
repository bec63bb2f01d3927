// A worksheet picture that zooms: buttons for people who cannot pinch, the browser's own
// pinch and scroll for those who can. Zoom changes the picture's width, so the page
// scrolls to every part of it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const levels = [1, 1.5, 2, 3, 4];

export function ImageViewer({ url, name }: { url: string; name: string }) {
  const { t } = useTranslation('packs');
  const [level, setLevel] = useState(0);
  const zoom = levels[level] ?? 1;
  return (
    <div className="image-viewer">
      <div className="actions" role="group" aria-label={t('image.zoomLabel')}>
        <button
          type="button"
          className="button"
          disabled={level === 0}
          onClick={() => setLevel((l) => Math.max(0, l - 1))}
        >
          {t('image.zoomOut')}
        </button>
        <output className="image-viewer__level" aria-live="polite">
          {t('image.level', { percent: Math.round(zoom * 100) })}
        </output>
        <button
          type="button"
          className="button"
          disabled={level === levels.length - 1}
          onClick={() => setLevel((l) => Math.min(levels.length - 1, l + 1))}
          data-testid="zoom-in"
        >
          {t('image.zoomIn')}
        </button>
      </div>
      {/* A scrolling region must take the keyboard's focus, or zoomed parts are out of reach. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrollable region */}
      <div className="image-viewer__frame" role="region" tabIndex={0} aria-label={t('image.frame')}>
        <img
          src={url}
          alt={name}
          style={{ inlineSize: `${zoom * 100}%` }}
          data-testid="pack-image"
          data-zoom={zoom}
        />
      </div>
    </div>
  );
}
