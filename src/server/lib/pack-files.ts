// What a file becomes before it goes into a learning pack. The school says what it sends
// (Content-Type); the bytes must agree, judged by how they start, never by a name:
//   PDF    starts with `%PDF-` and has `%%EOF` in its last KB (a PDF cut off while saving
//          or uploading has not); stored as it came, served as application/pdf
//   image  JPEG, PNG or WebP: checked and rebuilt by lib/images.ts (≤ 2000 px, q85, no
//          metadata), so what is stored is always a clean JPEG
//   audio  WebM, Ogg, MP4/M4A or MP3 by lib/audio.ts; stored as it came
// A file whose bytes are something else (a PNG renamed .pdf, a text file sent as a PDF)
// is refused with `unsupported_file` and a message saying what the bytes really are.
import { createHash } from 'node:crypto';
import type { PackFileKind } from '../../shared/packs.ts';
import { sniffAudio } from './audio.ts';
import { HttpError } from './http-error.ts';
import { ImageError, reencodeWorksheet, sniffImage } from './images.ts';

export type ProcessedPackFile = {
  kind: PackFileKind;
  bytes: Buffer;
  contentType: string;
  sha256: string;
};

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** The kind a declared Content-Type asks for, or null when packs do not take it. */
export function declaredKind(contentType: string | undefined): PackFileKind | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/pdf') return 'pdf';
  if (imageTypes.has(type)) return 'image';
  if (/^audio\/[a-z0-9.+-]+$/.test(type)) return 'audio';
  return null;
}

/** The types the file route takes (for plugins/security.ts and the 415 message). */
export const packFileTypes =
  /^(application\/pdf|image\/(jpeg|png|webp)|audio\/[a-z0-9.+-]+)\s*(;|$)/i;
export const packFileTypesText =
  'application/pdf, image/jpeg, image/png, image/webp or audio/… (mpeg, mp4, ogg, webm)';

const ascii = (b: Uint8Array, start: number, end: number) =>
  Buffer.from(b.subarray(start, end)).toString('latin1');

const pdfTail = 1024;

export function looksLikePdf(b: Uint8Array): 'pdf' | 'truncated' | false {
  if (!/^%PDF-\d/.test(ascii(b, 0, 6))) return false;
  return ascii(b, Math.max(0, b.length - pdfTail), b.length).includes('%%EOF')
    ? 'pdf'
    : 'truncated';
}

/** What the bytes really are, in words for the message of a refusal. */
export function describeBytes(b: Uint8Array): string {
  if (looksLikePdf(b)) return 'a PDF';
  const image = sniffImage(b);
  if (image.kind !== 'refused') {
    return {
      jpeg: 'a JPEG picture',
      png: 'a PNG picture',
      webp: 'a WebP picture',
      heif: 'a HEIC photo',
    }[image.kind];
  }
  const audio = sniffAudio(b);
  if (audio.kind === 'audio') return `a sound file (${audio.type})`;
  if (image.what.startsWith('not a photo')) {
    const head = b.subarray(0, 512);
    const text = head.length > 0 && head.every((c) => c === 9 || c === 10 || c === 13 || c >= 32);
    return text ? 'a plain text file' : 'not a kind of file this server knows';
  }
  return image.what;
}

const refuse = (message: string) => new HttpError(422, 'unsupported_file', message);

/** Checks and prepares the bytes; throws HttpError (400 / 422) with a message for staff. */
export async function processPackFile(
  declared: PackFileKind,
  input: Buffer,
): Promise<ProcessedPackFile> {
  if (input.length === 0)
    throw new HttpError(400, 'bad_request', 'The body is empty; send the file’s bytes.');
  let bytes = input;
  let contentType: string;
  if (declared === 'pdf') {
    const pdf = looksLikePdf(input);
    if (pdf === 'truncated') {
      throw refuse(
        'This PDF is incomplete (it does not end with %%EOF): it was probably cut off while saving or uploading. Save it again and send it.',
      );
    }
    if (!pdf) {
      throw refuse(
        `This file was sent as a PDF but it is ${describeBytes(input)}. Send a real PDF (use “Save as PDF” or “Print to PDF”), or send a picture as a picture.`,
      );
    }
    contentType = 'application/pdf';
  } else if (declared === 'image') {
    try {
      bytes = await reencodeWorksheet(input);
    } catch (err) {
      if (!(err instanceof ImageError)) throw err;
      if (err.code === 'image_too_large') throw new HttpError(422, err.code, err.message);
      throw refuse(err.message);
    }
    contentType = 'image/jpeg';
  } else {
    const sniffed = sniffAudio(input);
    if (sniffed.kind === 'refused') {
      throw refuse(
        `This file was sent as a sound file but it is ${describeBytes(input)}. Send MP3, M4A, Ogg or WebM audio.`,
      );
    }
    contentType = sniffed.type;
  }
  return {
    kind: declared,
    bytes,
    contentType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

const kindByExtension: Record<string, PackFileKind> = {
  pdf: 'pdf',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  webp: 'image',
  mp3: 'audio',
  m4a: 'audio',
  mp4: 'audio',
  ogg: 'audio',
  oga: 'audio',
  opus: 'audio',
  webm: 'audio',
};
const kindWords: Record<PackFileKind, string> = {
  pdf: 'a PDF',
  image: 'a picture',
  audio: 'a sound file',
};

/**
 * A file whose name says one kind ("Sheet.pdf") and whose bytes are another is refused
 * (422 `unsupported_file`, `details.issues` naming the name), so families never get a
 * "PDF" that opens as a picture. Names without a known extension are taken as they are.
 */
export function checkNameMatches(name: string, file: { kind: PackFileKind }, field: string) {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase();
  const named = ext ? kindByExtension[ext] : undefined;
  if (!named || named === file.kind) return;
  const message = `“${name}” is named like ${kindWords[named]} but it is ${kindWords[file.kind]}: rename it, or choose the right file`;
  throw new HttpError(422, 'unsupported_file', `Invalid request: ${field}: ${message}`, {
    issues: [{ path: field, message }],
  });
}
