// Which storage the server uses: files and tus uploads under the data directory (the
// default), or in an S3-compatible bucket when S3 is configured; with PostgreSQL, tus
// locks that hold across instances (pg-locker.ts), else tus's in-process locker.
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { Locker } from '@tus/utils';
import { StartupError } from '../db/database.ts';
import { abandonedUploadMs, type S3Config } from '../options.ts';
import { LocalDiskStorage, type FileStorage } from './index.ts';
import { PgLocker } from './pg-locker.ts';
import { checkBucket, s3ClientConfig, S3Storage, S3UploadArea } from './s3.ts';
import { DiskUploadArea, type UploadArea } from './uploads.ts';

export type Files = {
  storage: FileStorage;
  uploads: UploadArea;
  /** Undefined: tus's own in-process locker. */
  locker: Locker | undefined;
  close: () => Promise<void>;
};

export async function openFiles(o: {
  dataDir: string;
  s3?: S3Config | undefined;
  databaseUrl?: string | undefined;
}): Promise<Files> {
  const locker = o.databaseUrl ? new PgLocker(o.databaseUrl) : undefined;
  const closeLocker = async () => {
    await locker?.close();
  };
  if (!o.s3) {
    return {
      storage: new LocalDiskStorage(join(o.dataDir, 'files')),
      uploads: new DiskUploadArea(join(o.dataDir, 'uploads'), abandonedUploadMs),
      locker,
      close: closeLocker,
    };
  }
  const client = new S3Client(s3ClientConfig(o.s3));
  try {
    await checkBucket(client, o.s3.bucket);
  } catch (err) {
    client.destroy();
    const e = err as { name?: string; message?: string };
    throw new StartupError(
      `Cannot use the S3 bucket ${o.s3.bucket}${o.s3.endpoint ? ` at ${o.s3.endpoint}` : ''}: ${e.name ?? ''} ${e.message ?? ''}`.trim(),
    );
  }
  return {
    storage: new S3Storage(client, o.s3.bucket),
    uploads: new S3UploadArea(client, o.s3),
    locker,
    close: async () => {
      await closeLocker();
      client.destroy();
    },
  };
}
