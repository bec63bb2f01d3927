// The server's configuration from the environment (server.ts; the README's table).
import type { BuildAppOptions } from './options.ts';

export function configFromEnv(env: NodeJS.ProcessEnv): Partial<BuildAppOptions> {
  const list = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined,
    trustProxy: list(env.TRUST_PROXY),
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
