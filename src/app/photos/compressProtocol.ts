// Messages between compress.ts (page) and compress.worker.ts. Blobs cross by reference.
import type { PhotoErrorCode } from './errors.ts';
import type { CompressedPhoto } from './compressCore.ts';

export type CompressRequest = { id: number; file: Blob };
export type CompressResponse =
  | { id: number; ok: true; result: CompressedPhoto }
  | { id: number; ok: false; code: PhotoErrorCode; message: string };
