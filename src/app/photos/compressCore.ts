// The photo compressor itself: decode (EXIF orientation applied, straight to the target
// size), draw, re-encode as JPEG, hash. Runs in the worker (compress.worker.ts) with
// OffscreenCanvas, or on the main thread (compress.ts's fallback for browsers without
// OffscreenCanvas, e.g. Safari before 16.4) with a <canvas>. Same code, same result.
//
// Re-encoding from pixels is what strips EXIF, GPS, XMP and ICC: the canvas encoder writes
// a bare JFIF file. Location never leaves the phone.
import { PhotoError, toPhotoError } from './errors.ts';
import {
  fitLongEdge,
  headerBytes,
  sniffImage,
  swapsAxes,
  type ImageHeader,
} from './imageHeader.ts';

/** Long edge of what is stored and sent (DESIGN.md: ~1600 px). */
export const longEdge = 1600;
/** Quality ladder: start at 0.8, step down while the JPEG is over maxOutputBytes. */
export const qualities = [0.8, 0.72, 0.64, 0.56, 0.48, 0.4] as const;
/** Target size of one page: a page is ~300 KB on pay-as-you-go data. */
export const maxOutputBytes = 400_000;
/** Larger files are refused before reading them (phones' originals are 2–15 MB). */
export const maxInputBytes = 60 * 1024 * 1024;
/** Larger pictures are refused before decoding (a 108 MP phone photo is 108e6). */
export const maxInputPixels = 120_000_000;

export type CompressedPhoto = {
  blob: Blob;
  width: number;
  height: number;
  bytes: number;
  /** Lowercase hex SHA-256 of the JPEG bytes (UploadMetadata.sha256). */
  sha256: string;
};

type Surface = {
  width: number;
  height: number;
  ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
  encode(quality: number): Promise<Blob>;
  release(): void;
};

function makeSurface(width: number, height: number): Surface {
  if (typeof OffscreenCanvas === 'function') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new PhotoError('decode_failed', 'no 2d context');
    return {
      width,
      height,
      ctx,
      encode: (quality) => canvas.convertToBlob({ type: 'image/jpeg', quality }),
      release: () => {
        canvas.width = 0;
        canvas.height = 0;
      },
    };
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new PhotoError('decode_failed', 'no 2d context');
  return {
    width,
    height,
    ctx,
    encode: (quality) =>
      new Promise<Blob>((resolve, reject) =>
        canvas.toBlob(
          (b) => (b ? resolve(b) : reject(new PhotoError('decode_failed', 'toBlob gave null'))),
          'image/jpeg',
          quality,
        ),
      ),
    release: () => {
      canvas.width = 0;
      canvas.height = 0;
    },
  };
}

type Decoded = {
  source: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
};

/**
 * Decodes with orientation applied. When the header gave the size, the decoder is asked
 * for the final size directly (resizeWidth/resizeHeight are in the oriented frame), so no
 * full-size bitmap is kept. An engine that ignores the options returns a larger bitmap,
 * which draw() then scales: slower, still correct.
 */
async function decode(file: Blob, header: ImageHeader): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    let options: ImageBitmapOptions = { imageOrientation: 'from-image' };
    if (header.width && header.height) {
      const swap = swapsAxes(header.orientation);
      const w = swap ? header.height : header.width;
      const h = swap ? header.width : header.height;
      const target = fitLongEdge(w, h, longEdge);
      if (target.width < w) {
        options = {
          ...options,
          resizeWidth: target.width,
          resizeHeight: target.height,
          resizeQuality: 'high',
        };
      }
    }
    const bitmap = await createImageBitmap(file, options);
    return {
      source: bitmap,
      width: bitmap.width,
      height: bitmap.height,
      close: () => bitmap.close(),
    };
  }
  // Main thread of an old browser without createImageBitmap: an <img> (which applies the
  // EXIF orientation by default since image-orientation: from-image became the default).
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return {
      source: img,
      width: img.naturalWidth,
      height: img.naturalHeight,
      close: () => URL.revokeObjectURL(url),
    };
  } catch (err) {
    URL.revokeObjectURL(url);
    throw err;
  }
}

function draw(decoded: Decoded, edge: number): Surface {
  const size = fitLongEdge(decoded.width, decoded.height, edge);
  const surface = makeSurface(size.width, size.height);
  // White under transparent PNG/WebP pixels (a JPEG has no alpha; black would be the default).
  surface.ctx.fillStyle = '#fff';
  surface.ctx.fillRect(0, 0, size.width, size.height);
  surface.ctx.imageSmoothingEnabled = true;
  surface.ctx.imageSmoothingQuality = 'high';
  surface.ctx.drawImage(decoded.source, 0, 0, size.width, size.height);
  return surface;
}

async function encodeUnder(surface: Surface): Promise<Blob | null> {
  let blob: Blob | null = null;
  for (const q of qualities) {
    blob = await surface.encode(q);
    if (blob.size <= maxOutputBytes) return blob;
  }
  return null;
}

export function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(blob: Blob): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
}

/** Checks the input's type and size from its first bytes; throws a PhotoError. */
export async function inspectInput(file: Blob): Promise<ImageHeader> {
  if (file.size === 0) throw new PhotoError('not_an_image', 'empty file');
  if (file.size > maxInputBytes) {
    throw new PhotoError('too_large', `${file.size} bytes > ${maxInputBytes}`);
  }
  let head = new Uint8Array(await file.slice(0, headerBytes).arrayBuffer());
  let header = sniffImage(head);
  // A JPEG whose APPn blocks exceed the first 512 KB: read it all for the frame header.
  if (header?.kind === 'jpeg' && !header.width && file.size > head.length) {
    head = new Uint8Array(await file.arrayBuffer());
    header = sniffImage(head);
  }
  if (!header) throw new PhotoError('not_an_image', 'unknown signature');
  if (header.width && header.height && header.width * header.height > maxInputPixels) {
    throw new PhotoError('too_large', `${header.width}×${header.height} pixels`);
  }
  return header;
}

/** The whole pipeline on one photo. Throws only PhotoError. */
export async function compressBlob(file: Blob): Promise<CompressedPhoto> {
  const header = await inspectInput(file);
  let decoded: Decoded;
  try {
    decoded = await decode(file, header);
  } catch (err) {
    throw new PhotoError('decode_failed', err instanceof Error ? err.message : String(err));
  }
  try {
    if (header.width === undefined && decoded.width * decoded.height > maxInputPixels) {
      throw new PhotoError('too_large', `${decoded.width}×${decoded.height} pixels`);
    }
    // Step the size down too if even the lowest quality is over budget (rare: confetti).
    for (const edge of [longEdge, 1280, 1024]) {
      const surface = draw(decoded, edge);
      try {
        const blob = await encodeUnder(surface);
        if (blob) {
          return {
            blob,
            width: surface.width,
            height: surface.height,
            bytes: blob.size,
            sha256: await sha256Hex(blob),
          };
        }
      } finally {
        surface.release();
      }
    }
    throw new PhotoError('decode_failed', `could not get under ${maxOutputBytes} bytes`);
  } catch (err) {
    throw toPhotoError(err);
  } finally {
    decoded.close();
  }
}
