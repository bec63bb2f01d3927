// What a media file becomes before it is stored, for families (a committed tus upload) and
// staff (raw bytes) alike: a picture is checked and rebuilt (lib/images.ts, ≤ 800 px JPEG,
// no metadata); an audio clip is kept as it came if its bytes are WebM, Ogg, MP4/M4A or
// MP3 (lib/audio.ts) and it is at most `maxAudioBytes`. Also the headers it is served with.
import { createHash } from 'node:crypto';
import { maxAudioBytes, type MediaKind } from '../../shared/schedules.ts';
import { sniffAudio } from './audio.ts';
import { HttpError } from './http-error.ts';
import { ImageError, reencodeSymbol } from './images.ts';

export type ProcessedMedia = { bytes: Buffer; contentType: string; sha256: string };

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

export function audioTooLarge(bytes: number): HttpError {
  return new HttpError(
    413,
    'payload_too_large',
    `A sound clip can be at most ${kb(maxAudioBytes)}; this one is ${kb(bytes)}. Record a shorter clip (a few seconds is plenty).`,
  );
}

/** Checks and prepares the bytes; throws HttpError (413 / 422) with a message for people. */
export async function processMedia(kind: MediaKind, input: Buffer): Promise<ProcessedMedia> {
  let bytes: Buffer;
  let contentType: string;
  if (kind === 'image') {
    try {
      bytes = (await reencodeSymbol(input)).bytes;
    } catch (err) {
      if (err instanceof ImageError) throw new HttpError(422, err.code, err.message);
      throw err;
    }
    contentType = 'image/jpeg';
  } else {
    if (input.length > maxAudioBytes) throw audioTooLarge(input.length);
    const sniffed = sniffAudio(input);
    if (sniffed.kind === 'refused') {
      throw new HttpError(
        422,
        'unsupported_media',
        `This file is ${sniffed.what}. Send a sound clip recorded on the phone (WebM, Ogg, M4A or MP3).`,
      );
    }
    bytes = input;
    contentType = sniffed.type;
  }
  return { bytes, contentType, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Headers of a stored media file. Its bytes never change (a new picture is a new id), so
 * the phone and a staff browser may keep it for good; never in a shared cache.
 */
export function mediaHeaders(m: { content_type: string; bytes: number; sha256: string }) {
  return {
    'content-type': m.content_type,
    'content-length': String(m.bytes),
    'cache-control': 'private, max-age=31536000, immutable',
    'content-disposition': 'inline',
    'x-content-type-options': 'nosniff',
    etag: `"${m.sha256}"`,
  };
}

/** True when an If-None-Match header names this file's ETag (or is `*`). */
export function notModified(ifNoneMatch: string | undefined, sha256: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === `"${sha256}"`);
}
