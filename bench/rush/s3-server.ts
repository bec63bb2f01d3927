// The rush's S3-compatible server (tests/pg/s3.ts) in a process of its own, so its
// hashing and disk writes do not slow the load generator's clock: prints its endpoint as
// one JSON line, stops and deletes its objects on SIGTERM.
import { startS3 } from '../../tests/pg/s3.ts';

const s3 = await startS3();
console.log(JSON.stringify({ endpoint: s3.endpoint }));
process.on('SIGTERM', () => {
  void s3.stop().then(() => process.exit(0));
});
