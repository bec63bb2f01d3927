// Pure image sniffing from the first bytes of a file (no DOM): what kind of picture it is,
// its stored pixel size, and (for JPEG) its EXIF orientation. Lets the pipeline reject a
// non-image at once, refuse a decompression bomb before decoding it, and ask the decoder
// for the final 1600 px size directly (a 48 MP photo never becomes a 48 MP canvas).
import { isJpeg, jpegOrientation, jpegSize } from './jpegInspect.ts';

export type ImageKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'heif' | 'avif';

export type ImageHeader = {
  kind: ImageKind;
  /** Stored size, before orientation; undefined when the header does not say (HEIF/AVIF). */
  width?: number;
  height?: number;
  /** EXIF orientation 1..8 (JPEG only; 1 otherwise). 5..8 swap width and height. */
  orientation: number;
};

const le16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const le24 = (b: Uint8Array, i: number) => le16(b, i) | ((b[i + 2] ?? 0) << 16);
const be32 = (b: Uint8Array, i: number) =>
  ((b[i] ?? 0) * 0x1000000 +
    (((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0))) >>>
  0;
const text = (b: Uint8Array, i: number, s: string) =>
  [...s].every((c, k) => b[i + k] === c.charCodeAt(0));

/** How many leading bytes sniffImage wants (JPEG APPn blocks can hold 64 KB each). */
export const headerBytes = 512 * 1024;

/** What the first bytes say, or null when they are not a picture we can take. */
export function sniffImage(b: Uint8Array): ImageHeader | null {
  if (isJpeg(b)) {
    const size = jpegSize(b);
    return { kind: 'jpeg', ...size, orientation: jpegOrientation(b) };
  }
  if (b.length >= 24 && text(b, 0, '\x89PNG\r\n\x1a\n') && text(b, 12, 'IHDR')) {
    return { kind: 'png', width: be32(b, 16), height: be32(b, 20), orientation: 1 };
  }
  if (b.length >= 10 && (text(b, 0, 'GIF87a') || text(b, 0, 'GIF89a'))) {
    return { kind: 'gif', width: le16(b, 6), height: le16(b, 8), orientation: 1 };
  }
  if (b.length >= 30 && text(b, 0, 'RIFF') && text(b, 8, 'WEBP')) {
    if (text(b, 12, 'VP8 ')) {
      return {
        kind: 'webp',
        width: le16(b, 26) & 0x3fff,
        height: le16(b, 28) & 0x3fff,
        orientation: 1,
      };
    }
    if (text(b, 12, 'VP8L')) {
      const bits =
        ((b[21] ?? 0) | ((b[22] ?? 0) << 8) | ((b[23] ?? 0) << 16) | ((b[24] ?? 0) << 24)) >>> 0;
      return {
        kind: 'webp',
        width: (bits & 0x3fff) + 1,
        height: ((bits >>> 14) & 0x3fff) + 1,
        orientation: 1,
      };
    }
    if (text(b, 12, 'VP8X')) {
      return { kind: 'webp', width: le24(b, 24) + 1, height: le24(b, 27) + 1, orientation: 1 };
    }
    return { kind: 'webp', orientation: 1 };
  }
  if (b.length >= 26 && text(b, 0, 'BM')) {
    const w = le16(b, 18) | (le16(b, 20) << 16);
    const h = le16(b, 22) | (le16(b, 24) << 16); // negative: top-down
    return { kind: 'bmp', width: Math.abs(w), height: Math.abs(h), orientation: 1 };
  }
  if (b.length >= 12 && text(b, 4, 'ftyp')) {
    const brand = String.fromCharCode(...b.subarray(8, 12));
    if (brand === 'avif' || brand === 'avis') return { kind: 'avif', orientation: 1 };
    if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) {
      return { kind: 'heif', orientation: 1 };
    }
  }
  return null;
}

/** EXIF orientations 5..8 are rotated a quarter turn: width and height swap on screen. */
export const swapsAxes = (orientation: number) => orientation >= 5 && orientation <= 8;

/** Size to encode: the long edge at most `longEdge`, never enlarged, at least 1 px. */
export function fitLongEdge(
  width: number,
  height: number,
  longEdge: number,
): { width: number; height: number } {
  const scale = Math.min(1, longEdge / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}
