// Short audio clips ("Time to brush your teeth") for schedule steps. They are stored as
// they came, so the only check is the one that matters: the bytes start like one of the
// four containers phones record in (never a declared type or a file name), and the file
// is served back with the type those bytes name, `nosniff` and a `default-src 'none'` CSP.
//   WebM / Matroska  1A 45 DF A3 (EBML)        → audio/webm
//   Ogg              "OggS"                    → audio/ogg
//   MP4 / M4A        "ftyp" + an audio brand   → audio/mp4   (Safari's MediaRecorder)
//   MP3              "ID3", or an MPEG audio frame sync (FF Ex/Fx, layer I–III) → audio/mpeg
import type { audioTypes } from '../../shared/schedules.ts';

export type AudioType = (typeof audioTypes)[number];
export type SniffedAudio = { kind: 'audio'; type: AudioType } | { kind: 'refused'; what: string };

const ascii = (b: Uint8Array, start: number, end: number) =>
  Buffer.from(b.subarray(start, end)).toString('latin1');

/** ISO base media brands phones and browsers write for audio (and the generic ones). */
const mp4AudioBrands = new Set([
  'M4A ',
  'M4B ',
  'mp41',
  'mp42',
  'isom',
  'iso2',
  'iso5',
  'iso6',
  'dash',
]);
const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

export function sniffAudio(b: Uint8Array): SniffedAudio {
  if (b.length < 12) return { kind: 'refused', what: 'too short to be a sound clip' };
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    return { kind: 'audio', type: 'audio/webm' };
  }
  if (ascii(b, 0, 4) === 'OggS') return { kind: 'audio', type: 'audio/ogg' };
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (mp4AudioBrands.has(brand)) return { kind: 'audio', type: 'audio/mp4' };
    if (heifBrands.has(brand) || brand === 'avif' || brand === 'avis') {
      return { kind: 'refused', what: 'a picture (HEIC or AVIF), not a sound clip' };
    }
    return { kind: 'refused', what: 'a video or other ISO media file' };
  }
  if (ascii(b, 0, 3) === 'ID3') return { kind: 'audio', type: 'audio/mpeg' };
  // MPEG audio frame: 11 sync bits, version not "reserved" (01), layer not "reserved" (00).
  // Layer 00 is also how AAC in ADTS starts, which browsers do not all play as audio/mpeg.
  const b1 = b[1] ?? 0;
  if (b[0] === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x18) !== 0x08 && (b1 & 0x06) !== 0) {
    return { kind: 'audio', type: 'audio/mpeg' };
  }
  const head = ascii(b, 0, 8);
  if (head.startsWith('RIFF') && ascii(b, 8, 12) === 'WAVE') {
    return { kind: 'refused', what: 'an uncompressed WAV recording' };
  }
  if (head.startsWith('%PDF')) return { kind: 'refused', what: 'a PDF' };
  if (b[0] === 0xff && b[1] === 0xd8) return { kind: 'refused', what: 'a JPEG picture' };
  if (head === '\x89PNG\r\n\x1a\n') return { kind: 'refused', what: 'a PNG picture' };
  if (head.startsWith('RIFF')) return { kind: 'refused', what: 'a RIFF file (WebP or AVI)' };
  if (head.startsWith('PK')) return { kind: 'refused', what: 'a ZIP archive' };
  const text = ascii(b, 0, Math.min(b.length, 512)).trimStart().toLowerCase();
  if (text.startsWith('<')) {
    return {
      kind: 'refused',
      what: text.includes('<svg') ? 'an SVG drawing' : 'an HTML or XML file',
    };
  }
  return { kind: 'refused', what: 'not a sound clip this server knows' };
}
