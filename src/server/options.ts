// Options of buildApp(), in one place so plugins and routes share the types.
export type RateLimitRule = { max: number; timeWindowMs: number };
export type RateLimits = {
  /** Every join attempt, per IP. */
  join: RateLimitRule;
  /** Wrong, expired or revoked codes, per IP: guessing stops long before it could succeed. */
  joinFailures: RateLimitRule;
  /** Staff sign-in attempts, per IP. */
  signIn: RateLimitRule;
};

export const defaultRateLimits: RateLimits = {
  join: { max: 10, timeWindowMs: 60_000 },
  joinFailures: { max: 20, timeWindowMs: 60 * 60_000 },
  signIn: { max: 10, timeWindowMs: 60_000 },
};

export type S3Config = {
  bucket: string;
  /** For S3-compatible servers other than AWS (http://host:port). */
  endpoint?: string | undefined;
  region: string;
  /** bucket in the path, not the host name (most local and self-hosted servers). */
  forcePathStyle: boolean;
  /** Default: the AWS SDK's chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles…). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
};

export type BuildAppOptions = {
  /** Where homeward.sqlite and demo-credentials.json live. */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL instead of SQLite under dataDir (DATABASE_URL). */
  databaseUrl?: string | undefined;
  /** Connections in the PostgreSQL pool (DATABASE_POOL_SIZE, default 10). */
  databasePoolSize?: number | undefined;
  /** Named prepared statements on PostgreSQL (DATABASE_PREPARED_STATEMENTS=0 turns off). */
  databasePreparedStatements?: boolean | undefined;
  /**
   * Addresses or CIDRs of the load balancer (TRUST_PROXY): only connections from them may
   * name the client in X-Forwarded-For. Empty or unset: the socket's address is the client.
   */
  trustProxy?: string[] | undefined;
  /** Files and tus uploads in an S3-compatible bucket instead of under dataDir (S3_*). */
  s3?: S3Config | undefined;
  /** Fastify/pino logger options (`stream` too); URLs and errors are redacted (lib/log.ts). */
  logger?: boolean | Record<string, unknown>;
  /** The clock, for tests. */
  now?: () => Date;
  /** The built app (default `<repo>/dist`); `false` serves no files. */
  distDir?: string | false;
  /** Mark the staff cookie Secure (set it when served over HTTPS). Default false. */
  secureCookies?: boolean;
  rateLimit?: Partial<RateLimits>;
  /**
   * Storage allowance per family in bytes (stored photos + uploads in progress).
   * Default 500 MB.
   */
  uploadQuotaBytes?: number;
  /** Seed the demo school into an empty database (default true). */
  seedDemo?: boolean;
  /**
   * The oldest app version still answered (`1.2.3`); older ones get 426 `app_too_old`.
   * Unset: every version. Raise it only to a version shipped at least 90 days ago
   * (plugins/app-version.ts, README "App versions").
   */
  minAppVersion?: string;
  /** Tests only: sync pages also carry changes a newer build would send (routes/sync/future.ts). */
  futureSyncChanges?: boolean;
};

export const defaultUploadQuotaBytes = 500 * 1024 * 1024;
/** Uploads never committed are deleted this long after they were created. */
export const abandonedUploadMs = 7 * 24 * 60 * 60 * 1000;
/**
 * Uploads that never received a byte stop counting against the quota this long after they
 * were created, and are deleted at the next clean-up: the phone that made one lost the
 * answer (it never learned the URL), or comes back to a 404 and starts a new upload.
 */
export const emptyUploadMs = 60 * 60 * 1000;
/** How often the server cleans up given-up uploads while it runs (and once at start). */
export const uploadCleanupMs = 10 * 60 * 1000;
