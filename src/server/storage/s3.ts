// Files and tus uploads in an S3-compatible bucket (S3_BUCKET; S3_ENDPOINT and
// S3_FORCE_PATH_STYLE for servers other than AWS), for several instances that share
// nothing but the database and the bucket. Stored files live under `files/<key>` (keys
// are server-made UUIDv7s, checked like on disk); tus uploads at the bucket's top level as
// @tus/s3-store writes them (`<id>`, `<id>.info`, `<id>.part`; ids are server-made UUIDs).
// A PUT to S3 is atomic, so there are no temporary files to sweep.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { ByteRange } from '../lib/byte-range.ts';
import type { S3Config } from '../options.ts';
import { assertStorageKey, type FileStorage, type StoredEntry } from './index.ts';
import { isUploadId, type UploadArea } from './uploads.ts';

const prefix = 'files/';

export function s3ClientConfig(c: S3Config): S3ClientConfig {
  return {
    region: c.region,
    forcePathStyle: c.forcePathStyle,
    ...(c.endpoint ? { endpoint: c.endpoint } : {}),
    ...(c.credentials ? { credentials: c.credentials } : {}),
    // Only checksums S3 asks for: S3-compatible servers differ in what they accept.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** Fails with one line when the bucket cannot be reached (checked at start-up). */
export async function checkBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new HeadBucketCommand({ Bucket: bucket }));
}

export class S3Storage implements FileStorage {
  readonly client: S3Client;
  readonly bucket: string;

  constructor(client: S3Client, bucket: string) {
    this.client = client;
    this.bucket = bucket;
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return prefix + key;
  }

  async put(key: string, body: Uint8Array | Readable): Promise<void> {
    const bytes = body instanceof Uint8Array ? body : await buffer(body);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: bytes }),
    );
  }

  async get(key: string, range?: ByteRange): Promise<{ stream: Readable; size: number } | null> {
    const size = await this.size(key);
    if (size === null) return null;
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return { stream: res.Body as Readable, size };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      const res = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return res.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
    );
  }

  async *entries(): AsyncIterable<StoredEntry> {
    for await (const o of listObjects(this.client, this.bucket, prefix)) {
      const key = o.key.slice(prefix.length);
      try {
        assertStorageKey(key);
      } catch {
        continue; // not ours: leave it
      }
      yield { key, name: key, modifiedMs: o.modifiedMs, bytes: o.bytes };
    }
  }

  async removeEntry(entry: StoredEntry): Promise<void> {
    if (!entry.key) throw new Error(`not a stored file: ${JSON.stringify(entry.name)}`);
    await this.delete(entry.key);
  }
}

async function* listObjects(
  client: S3Client,
  bucket: string,
  under: string,
  delimiter?: string,
): AsyncIterable<{ key: string; modifiedMs: number; bytes: number }> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: under,
        ContinuationToken: token,
        ...(delimiter ? { Delimiter: delimiter } : {}),
      }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key) {
        yield { key: o.Key, modifiedMs: o.LastModified?.getTime() ?? 0, bytes: o.Size ?? 0 };
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** The tus upload area in the bucket (@tus/s3-store). */
export class S3UploadArea implements UploadArea {
  readonly store: S3Store;
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(client: S3Client, config: S3Config) {
    this.#client = client;
    this.#bucket = config.bucket;
    this.store = new S3Store({
      // Expiry is the server's own sweep (plugins/files.ts), not object tags.
      useTags: false,
      s3ClientConfig: { ...s3ClientConfig(config), bucket: config.bucket },
    });
  }

  async read(id: string): Promise<{ size: number | null; offset: number; bytes: Buffer | null }> {
    if (!isUploadId(id)) return { size: null, offset: 0, bytes: null };
    let upload;
    try {
      upload = await this.store.getUpload(id);
    } catch {
      return { size: null, offset: 0, bytes: null };
    }
    const size = upload.size ?? null;
    if (size === null || upload.offset !== size)
      return { size, offset: upload.offset, bytes: null };
    try {
      const res = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: id }));
      return { size, offset: upload.offset, bytes: await buffer(res.Body as Readable) };
    } catch (err) {
      // Committed and removed by another instance (this one's metadata cache is stale).
      if (isNotFound(err)) return { size: null, offset: 0, bytes: null };
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    if (!isUploadId(id)) return;
    await this.store.remove(id).catch(() => {});
    await Promise.all(
      [id, `${id}.info`, `${id}.part`].map((Key) =>
        this.#client
          .send(new DeleteObjectCommand({ Bucket: this.#bucket, Key }))
          .catch((err: unknown) => {
            if (!isNotFound(err)) throw err;
          }),
      ),
    );
  }

  async list(): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for await (const o of listObjects(this.#client, this.#bucket, '', '/')) {
      const id = o.key.replace(/\.(info|part)$/, '');
      if (!isUploadId(id)) continue;
      found.set(id, Math.max(found.get(id) ?? 0, o.modifiedMs));
    }
    return found;
  }
}
