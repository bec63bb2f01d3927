// Photos of children's work (and pictures for schedule symbols), checked and rebuilt
// before anyone sees them.
// 1. The type comes from the bytes (magic numbers), never from a name or a header:
//    JPEG, PNG and WebP are taken; HEIC/HEIF only if this sharp build can decode it (the
//    prebuilt one cannot: it has AVIF but no HEVC), everything else is refused by name.
// 2. The header must agree (sharp's own idea of the format) and the pixel count must stay
//    under `maxInputPixels`, checked from the header before any pixel is decoded.
// 3. The picture is decoded and re-encoded: EXIF orientation applied, long edge at most
//    2400 px, JPEG q82, sRGB, transparent areas on white, and no metadata at all (no
//    EXIF, no GPS, no XMP, no ICC profile, no comments). Anything appended to the file
//    (a ZIP or HTML trailer of a polyglot) is gone because only decoded pixels survive.
//    Animated WebP: the first frame only. Symbol pictures: the same, at most 800 px.
//    Pictures in a learning pack (worksheets): at most 2000 px and q85, so small print on
//    a photographed or scanned sheet stays legible.
import sharp, { type Metadata, type SharpOptions } from 'sharp';

export const maxInputPixels = 50_000_000;
export const maxLongEdge = 2400;
export const thumbLongEdge = 320;
export const jpegQuality = 82;

export type ImageErrorCode = 'unsupported_image' | 'image_too_large';

export class ImageError extends Error {
  readonly code: ImageErrorCode;
  constructor(code: ImageErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

type Accepted = 'jpeg' | 'png' | 'webp' | 'heif';
export type Sniffed = { kind: Accepted } | { kind: 'refused'; what: string };

const ascii = (b: Uint8Array, start: number, end: number) =>
  Buffer.from(b.subarray(start, end)).toString('latin1');

const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** What the bytes are, by their first bytes only. */
export function sniffImage(b: Uint8Array): Sniffed {
  if (b.length < 12) return { kind: 'refused', what: 'too short to be a photo' };
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'jpeg' };
  if (ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return { kind: 'png' };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return { kind: 'webp' };
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (heifBrands.has(brand)) return { kind: 'heif' };
    if (brand === 'avif' || brand === 'avis') return { kind: 'refused', what: 'an AVIF image' };
    return { kind: 'refused', what: 'a video or other ISO media file' };
  }
  const head = ascii(b, 0, 8);
  if (head.startsWith('GIF8')) return { kind: 'refused', what: 'a GIF' };
  if (head.startsWith('BM')) return { kind: 'refused', what: 'a BMP bitmap' };
  if (head.startsWith('II*\0') || head.startsWith('MM\0*'))
    return { kind: 'refused', what: 'a TIFF' };
  if (head.startsWith('%PDF')) return { kind: 'refused', what: 'a PDF' };
  if (head.startsWith('PK')) return { kind: 'refused', what: 'a ZIP archive' };
  if (b[0] === 0x1f && b[1] === 0x8b) return { kind: 'refused', what: 'a GZIP archive' };
  if (head.startsWith('\0\0\x01\0') || head.startsWith('\0\0\x02\0'))
    return { kind: 'refused', what: 'an icon file' };
  if (head.startsWith('Rar!') || head.startsWith('7z\xbc\xaf'))
    return { kind: 'refused', what: 'an archive' };
  const text = ascii(b, 0, Math.min(b.length, 512)).trimStart().toLowerCase();
  if (text.startsWith('<')) {
    return {
      kind: 'refused',
      what: text.includes('<svg') ? 'an SVG drawing' : 'an HTML or XML file',
    };
  }
  return { kind: 'refused', what: 'not a photo this server knows' };
}

export type Reencoded = {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
};

const sendPage = 'Send the page as a JPEG, PNG or WebP photo.';
const sendPicture = 'Send the picture as a JPEG, PNG or WebP image.';

const decodeOptions: SharpOptions = {
  limitInputPixels: maxInputPixels,
  failOn: 'warning',
  // First frame of an animated WebP; no multi-page decoding.
  pages: 1,
  sequentialRead: true,
};

/** Steps 1 and 2: the type by the bytes, then the header; throws ImageError. */
async function checkImage(input: Buffer, hint: string): Promise<Accepted> {
  const sniffed = sniffImage(input);
  if (sniffed.kind === 'refused') {
    throw new ImageError('unsupported_image', `This file is ${sniffed.what}. ${hint}`);
  }
  let meta: Metadata;
  try {
    // Header only (no pixels decoded), so the size can be reported before the limit bites.
    meta = await sharp(input, { ...decodeOptions, limitInputPixels: false }).metadata();
  } catch (err) {
    throw unreadable(sniffed.kind, err);
  }
  const format: string = meta.format;
  if (format !== sniffed.kind) {
    throw new ImageError('unsupported_image', `The file's contents do not match its type. ${hint}`);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw unreadable(sniffed.kind, null);
  if (width * height > maxInputPixels) {
    throw new ImageError(
      'image_too_large',
      `This picture is ${width}×${height} pixels; the most the school takes is ${maxInputPixels / 1_000_000} megapixels. Take the photo again at a normal size.`,
    );
  }
  return sniffed.kind;
}

/** Step 3: decode and re-encode, long edge at most `longEdge`; throws ImageError. */
async function rebuild(
  input: Buffer,
  kind: Accepted,
  longEdge: number,
  hint: string,
  quality = jpegQuality,
) {
  try {
    return await sharp(input, decodeOptions)
      .timeout({ seconds: 30 })
      .rotate()
      .resize({ width: longEdge, height: longEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality, chromaSubsampling: '4:2:0' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    if (err instanceof Error && /pixel limit/i.test(err.message)) {
      throw new ImageError('image_too_large', `This picture has too many pixels. ${hint}`);
    }
    throw unreadable(kind, err);
  }
}

/** Checks and rebuilds one page; throws ImageError with a message for the family. */
export async function reencodeImage(input: Buffer): Promise<Reencoded> {
  const kind = await checkImage(input, sendPage);
  const { data: full, info } = await rebuild(input, kind, maxLongEdge, sendPage);
  try {
    const thumb = await sharp(full)
      .resize({ width: thumbLongEdge, height: thumbLongEdge, fit: 'inside' })
      .jpeg({ quality: 75 })
      .toBuffer();
    return { full, thumb, width: info.width, height: info.height };
  } catch (err) {
    throw unreadable(kind, err);
  }
}

/** Long edge of a stored symbol picture: a phone shows it at most a few hundred px wide. */
export const symbolLongEdge = 800;

/**
 * Checks and rebuilds a picture for a schedule symbol or a reward: the same checks as a
 * page, then at most 800 px, JPEG on white (transparency flattened), no metadata.
 */
export async function reencodeSymbol(
  input: Buffer,
): Promise<{ bytes: Buffer; width: number; height: number }> {
  const kind = await checkImage(input, sendPicture);
  const { data, info } = await rebuild(input, kind, symbolLongEdge, sendPicture);
  return { bytes: data, width: info.width, height: info.height };
}

/** Long edge and quality of a picture in a learning pack (a worksheet to read or print). */
export const worksheetLongEdge = 2000;
export const worksheetQuality = 85;

/** Checks and rebuilds a picture for a learning pack; throws ImageError. */
export async function reencodeWorksheet(input: Buffer): Promise<Buffer> {
  const kind = await checkImage(input, sendPicture);
  const { data } = await rebuild(input, kind, worksheetLongEdge, sendPicture, worksheetQuality);
  return data;
}

function unreadable(kind: Accepted, _err: unknown): ImageError {
  if (kind === 'heif') {
    return new ImageError(
      'unsupported_image',
      'This photo is in HEIC format, which the school’s server cannot read. Send it as a JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible).',
    );
  }
  const name = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' }[kind];
  return new ImageError(
    'unsupported_image',
    `This ${name} file is damaged or incomplete and could not be read. Take the photo again.`,
  );
}
