// The server's configuration from the environment (server.ts; the README's table).
import { StartupError } from './db/database.ts';
import type { BuildAppOptions } from './options.ts';

/**
 * HOMEWARD_CLOCK (tests only): the server's clock starts at this instant and runs on from
 * there, so a test run sees the same week, day and hour whatever the machine's date is.
 */
function clockFrom(start: string | undefined): (() => Date) | undefined {
  if (!start) return undefined;
  const at = Date.parse(start);
  if (Number.isNaN(at)) throw new StartupError(`HOMEWARD_CLOCK is not an instant: ${start}`);
  const began = performance.now();
  return () => new Date(at + (performance.now() - began));
}

export function configFromEnv(env: NodeJS.ProcessEnv): Partial<BuildAppOptions> {
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const now = clockFrom(env.HOMEWARD_CLOCK);
  return {
    ...(now ? { now } : {}),
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined,
    databasePreparedStatements: env.DATABASE_PREPARED_STATEMENTS !== '0',
    trustProxy: list(env.TRUST_PROXY),
    // The oldest app version answered (426 below it); see the README's "App versions".
    minAppVersion: env.HOMEWARD_MIN_APP_VERSION || undefined,
    futureSyncChanges: env.HOMEWARD_TEST_FUTURE_SYNC === '1',
    // SEED_DEMO=0: a real school (npm run create-school) never gets a demo school beside it.
    seedDemo: env.SEED_DEMO !== '0',
    s3: env.S3_BUCKET
      ? {
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT || undefined,
          region: env.S3_REGION || 'us-east-1',
          forcePathStyle: env.S3_FORCE_PATH_STYLE === '1' || Boolean(env.S3_ENDPOINT),
        }
      : undefined,
  };
}
