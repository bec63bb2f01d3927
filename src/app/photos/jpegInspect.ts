// Pure JPEG byte inspection (no DOM, no Node): walks the marker segments of a JPEG file.
// Used by the photo pipeline to read dimensions and EXIF orientation before decoding, and
// by tests and the bench to prove that what leaves the phone carries no EXIF and no GPS.

export type JpegSegment = {
  /** The marker's second byte: 0xe1 is APP1, 0xc0 SOF0, 0xda SOS… */
  marker: number;
  /** Offset of the 0xff of the marker. */
  offset: number;
  /** Offset and length of the payload (after the two length bytes). */
  dataOffset: number;
  dataLength: number;
};

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === SOI && bytes[2] === 0xff;
}

/**
 * The header segments of a JPEG, in order, up to and including the first SOS (the image
 * data follows it; nothing after it is metadata a reader needs). Stops quietly at the end
 * of the bytes, so a truncated head of a file (the first few hundred KB) is fine.
 */
export function jpegSegments(bytes: Uint8Array): JpegSegment[] {
  const segments: JpegSegment[] = [];
  if (!isJpeg(bytes)) return segments;
  let i = 2;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) {
      i++; // tolerate garbage between segments, as decoders do
      continue;
    }
    const marker = bytes[i + 1] ?? 0;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === EOI) break;
    // Markers without a length: TEM and RST0..7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (i + 3 >= bytes.length) break;
    const length = ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0);
    if (length < 2) break;
    segments.push({ marker, offset: i, dataOffset: i + 4, dataLength: length - 2 });
    if (marker === SOS) break;
    i += 2 + length;
  }
  return segments;
}

const ascii = (bytes: Uint8Array, from: number, text: string) => {
  for (let k = 0; k < text.length; k++) {
    if (bytes[from + k] !== text.charCodeAt(k)) return false;
  }
  return true;
};

/** The TIFF block of the first `Exif\0\0` APP1 segment, or null. */
function exifTiff(bytes: Uint8Array): Uint8Array | null {
  for (const s of jpegSegments(bytes)) {
    if (s.marker === APP1 && s.dataLength >= 14 && ascii(bytes, s.dataOffset, 'Exif\0\0')) {
      const end = Math.min(bytes.length, s.dataOffset + s.dataLength);
      return bytes.subarray(s.dataOffset + 6, end);
    }
  }
  return null;
}

/** True when the file has an EXIF APP1 segment (`Exif\0\0`). */
export function hasExif(bytes: Uint8Array): boolean {
  return exifTiff(bytes) !== null;
}

type IfdEntry = { tag: number; valueOffset: number };

/** Little- or big-endian readers over a TIFF block (EXIF), or null when it is not one. */
function tiffReader(tiff: Uint8Array) {
  if (tiff.length < 8) return null;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49; // "II"
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d; // "MM"
  if (!little && !big) return null;
  const u16 = (at: number) =>
    little
      ? (tiff[at] ?? 0) | ((tiff[at + 1] ?? 0) << 8)
      : ((tiff[at] ?? 0) << 8) | (tiff[at + 1] ?? 0);
  const u32 = (at: number) =>
    little ? u16(at) + u16(at + 2) * 0x10000 : u16(at) * 0x10000 + u16(at + 2);
  return { u16, u32 };
}

/** The entries of IFD0 (the main image's tags); [] when the block is malformed. */
function ifd0(tiff: Uint8Array): { entries: IfdEntry[]; u16: (at: number) => number } {
  const reader = tiffReader(tiff);
  if (!reader) return { entries: [], u16: () => 0 };
  const { u16, u32 } = reader;
  const offset = u32(4);
  const entries: IfdEntry[] = [];
  if (offset + 2 > tiff.length) return { entries, u16 };
  const count = u16(offset);
  for (let k = 0; k < count; k++) {
    const at = offset + 2 + k * 12;
    if (at + 12 > tiff.length) break;
    entries.push({ tag: u16(at), valueOffset: at + 8 });
  }
  return { entries, u16 };
}

const TAG_ORIENTATION = 0x0112;
const TAG_GPS_IFD = 0x8825;

/**
 * True when the file carries location: a GPS IFD in its EXIF, or GPS fields in an XMP
 * packet (any APPn segment mentioning `GPSLatitude`/`GPSLongitude`).
 */
export function hasGps(bytes: Uint8Array): boolean {
  const tiff = exifTiff(bytes);
  if (tiff && ifd0(tiff).entries.some((e) => e.tag === TAG_GPS_IFD)) return true;
  for (const s of jpegSegments(bytes)) {
    if (s.marker < 0xe0 || s.marker > 0xef) continue;
    const data = bytes.subarray(s.dataOffset, s.dataOffset + s.dataLength);
    if (containsAscii(data, 'GPSLatitude') || containsAscii(data, 'GPSLongitude')) return true;
  }
  return false;
}

function containsAscii(data: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  for (let i = 0; i + text.length <= data.length; i++) {
    if (data[i] === first && ascii(data, i, text)) return true;
  }
  return false;
}

/** EXIF orientation 1..8 (1 when absent or unreadable). */
export function jpegOrientation(bytes: Uint8Array): number {
  const tiff = exifTiff(bytes);
  if (!tiff) return 1;
  const { entries, u16 } = ifd0(tiff);
  const entry = entries.find((e) => e.tag === TAG_ORIENTATION);
  if (!entry) return 1;
  const value = u16(entry.valueOffset);
  return value >= 1 && value <= 8 ? value : 1;
}

/**
 * Stored pixel size from the frame header (SOFn), before any EXIF orientation; undefined
 * when no frame header is within the bytes given.
 */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  for (const s of jpegSegments(bytes)) {
    const m = s.marker;
    const isSof = m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
    if (!isSof || s.dataOffset + 5 > bytes.length) continue;
    const height = ((bytes[s.dataOffset + 1] ?? 0) << 8) | (bytes[s.dataOffset + 2] ?? 0);
    const width = ((bytes[s.dataOffset + 3] ?? 0) << 8) | (bytes[s.dataOffset + 4] ?? 0);
    if (width > 0 && height > 0) return { width, height };
  }
  return undefined;
}

/**
 * The APPn/COM segments present (marker numbers), for reports: a canvas-encoded JPEG
 * should have APP0 (JFIF) at most.
 */
export function jpegMetadataMarkers(bytes: Uint8Array): number[] {
  return jpegSegments(bytes)
    .map((s) => s.marker)
    .filter((m) => (m >= 0xe0 && m <= 0xef) || m === 0xfe);
}

/**
 * The APPn/COM segments with their identifier, for reports, e.g. ["APP0 JFIF",
 * "APP2 ICC_PROFILE"]. Chromium's canvas encoder writes JFIF and its own sRGB profile.
 */
export function jpegMetadataSummary(bytes: Uint8Array): string[] {
  return jpegSegments(bytes)
    .filter((s) => (s.marker >= 0xe0 && s.marker <= 0xef) || s.marker === 0xfe)
    .map((s) => {
      const name = s.marker === 0xfe ? 'COM' : `APP${s.marker - 0xe0}`;
      if (s.marker === 0xfe) return name;
      let id = '';
      for (let k = s.dataOffset; k < s.dataOffset + Math.min(s.dataLength, 32); k++) {
        const c = bytes[k] ?? 0;
        if (c === 0) break;
        id += c >= 32 && c < 127 ? String.fromCharCode(c) : '?';
      }
      return `${name} ${id}`.trim();
    });
}
