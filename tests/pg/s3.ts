// An S3-compatible server for tests and the rush bench: s3rver on loopback, objects in a
// temp directory, deleted when it stops. Buckets are made by whoever uses it
// (`createBucket`), one per test app, so tests never see each other's objects.
// s3rver has no ListParts and no AbortMultipartUpload, which @tus/s3-store needs; a small
// front answers those two from s3rver's own folder of multipart uploads
// (`<bucket>/._S3rver_uploads/<uploadId>/<part>` and `<part>.md5`) and passes the rest on.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's fixed development credentials. */
export const s3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export async function startS3(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'homeward-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const front = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://s3');
    const uploadId = url.searchParams.get('uploadId');
    const [, bucket, ...key] = url.pathname.split('/');
    const dir = uploadId && bucket ? join(directory, bucket, '._S3rver_uploads', uploadId) : '';
    if (
      uploadId &&
      /^[0-9a-f]+$/.test(uploadId) &&
      (req.method === 'GET' || req.method === 'DELETE')
    ) {
      req.resume();
      if (!existsSync(dir)) {
        res.writeHead(404, { 'content-type': 'application/xml' });
        res.end('<Error><Code>NoSuchUpload</Code><Message>No such upload.</Message></Error>');
        return;
      }
      if (req.method === 'DELETE') {
        rmSync(dir, { recursive: true, force: true });
        res.writeHead(204).end();
        return;
      }
      const parts = readdirSync(dir)
        .filter((n) => /^\d+$/.test(n))
        .map(Number)
        .toSorted((a, b) => a - b)
        .map((n) => {
          const st = statSync(join(dir, String(n)));
          const md5 = readFileSync(join(dir, `${n}.md5`), 'utf8');
          return `<Part><PartNumber>${n}</PartNumber><LastModified>${st.mtime.toISOString()}</LastModified><ETag>"${md5}"</ETag><Size>${st.size}</Size></Part>`;
        });
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${bucket}</Bucket><Key>${key.join('/')}</Key><UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`,
      );
      return;
    }
    const up = request(
      { host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  const frontPort = (front.address() as { port: number }).port;
  return {
    endpoint: `http://127.0.0.1:${frontPort}`,
    stop: async () => {
      front.close();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3Credentials,
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
}
