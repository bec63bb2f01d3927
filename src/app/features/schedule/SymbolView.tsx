// One symbol: an OpenMoji from the bundled set (inline SVG, made by our own build script
// and so trusted), or a picture (a school's image, a parent's photo of the real thing).
// Decorative: the step's words are next to it (or visually hidden beside it).
import type { SymbolRef } from '../../../shared/schedules.ts';
import { useMediaUrl } from '../../data/routineHooks.ts';
import { symbolByCode } from '../../net/symbols.ts';

type Props = { symbol: SymbolRef; className?: string };

export function SymbolView({ symbol, className = 'symbol' }: Props) {
  if (symbol.kind === 'media') {
    return <MediaSymbol mediaId={symbol.mediaId} className={className} />;
  }
  const found = symbolByCode(symbol.code);
  if (!found) return <span className={`${className} symbol--missing`} aria-hidden="true" />;
  return (
    <span
      className={className}
      aria-hidden="true"
      data-symbol={symbol.code}
      dangerouslySetInnerHTML={{ __html: found.svg }}
    />
  );
}

function MediaSymbol({ mediaId, className }: { mediaId: string; className: string }) {
  const url = useMediaUrl(mediaId);
  return (
    <span className={`${className} symbol--photo`} aria-hidden="true" data-media={mediaId}>
      {url ? <img src={url} alt="" /> : null}
    </span>
  );
}
