// Builds the Fastify app: plugins (db, errors, security, auth, rate limits, OpenAPI,
// static files) and the feature routes under /api/v1. Tests call buildApp() and use
// app.inject(); server.ts only listens.
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import { constants as zlib } from 'node:zlib';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { API } from '../shared/api.ts';
import { openDatabase, readEpoch } from './db/database.ts';
import { isPostgres, withInstanceLock } from './db/dialect.ts';
import { databaseRateLimitStore } from './db/rate-limits.ts';
import { prepareDemo } from './db/seed.ts';
import { loggerOptions } from './lib/log.ts';
import {
  defaultRateLimits,
  defaultUploadQuotaBytes,
  type BuildAppOptions,
  type RateLimits,
} from './options.ts';
import { accessPlugin } from './plugins/access.ts';
import { appVersionPlugin } from './plugins/app-version.ts';
import { authPlugin } from './plugins/auth.ts';
import { dbPlugin } from './plugins/db.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { heldFeedbackPlugin } from './plugins/held-feedback.ts';
import { filesPlugin } from './plugins/files.ts';
import { securityPlugin } from './plugins/security.ts';
import { openFiles } from './storage/open.ts';
import { defaultDistDir, setupStatic } from './plugins/static.ts';
import { absenceNoticeRoutes } from './routes/absence-notices/index.ts';
import { activityCompletionRoutes } from './routes/activity-completions/index.ts';
import { fileRoutes } from './routes/files/index.ts';
import { healthRoutes } from './routes/health/index.ts';
import { joinRoutes } from './routes/join/index.ts';
import { mediaRoutes } from './routes/media/index.ts';
import { paperRequestRoutes } from './routes/paper-requests/index.ts';
import { rewardChartRoutes } from './routes/reward-charts/index.ts';
import { rewardEventRoutes } from './routes/reward-events/index.ts';
import { sessionCompletionRoutes } from './routes/session-completions/index.ts';
import { staffRoutes } from './routes/staff/index.ts';
import { submissionRoutes } from './routes/submissions/index.ts';
import { syncRoutes } from './routes/sync/index.ts';
import { uploadRoutes } from './routes/uploads/index.ts';
import { visualScheduleRoutes } from './routes/visual-schedules/index.ts';

export type { BuildAppOptions } from './options.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The demo school was seeded by this start (its staff passwords are new). */
    demoSeeded: boolean;
  }
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const limits: RateLimits = { ...defaultRateLimits, ...opts.rateLimit };
  const db = await openDatabase({
    dataDir: opts.dataDir,
    databaseUrl: opts.databaseUrl,
    poolSize: opts.databasePoolSize,
    preparedStatements: opts.databasePreparedStatements,
  });
  let files;
  try {
    files = await openFiles(opts);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const { storage } = files;
  // Two instances starting on an empty database seed it once.
  const demo =
    opts.seedDemo === false
      ? null
      : await withInstanceLock(db, 'startup', 'wait', () =>
          prepareDemo(db, opts.dataDir, now(), storage),
        );
  const epoch = await readEpoch(db);

  const app = Fastify({
    logger: loggerOptions(opts.logger),
    // Behind a load balancer: X-Forwarded-For is believed only when the connection comes
    // from one of these addresses (or CIDRs), so req.ip, and every limit keyed by it, is
    // the phone's address and cannot be forged by a client talking to us directly.
    trustProxy: opts.trustProxy && opts.trustProxy.length > 0 ? opts.trustProxy : false,
    bodyLimit: 64 * 1024,
    // Lets a load balancer in front of the school's server keep connections alive.
    keepAliveTimeout: 72_000,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // server.ts prints the staff passwords only on the start that made them.
  app.decorate('demoSeeded', demo?.seeded ?? false);
  await app.register(dbPlugin, { db, now });
  await app.register(filesPlugin, { files, dataDir: opts.dataDir });
  await app.register(heldFeedbackPlugin);
  await app.register(securityPlugin);
  await app.register(appVersionPlugin, { minAppVersion: opts.minAppVersion });
  await app.register(authPlugin);
  await app.register(accessPlugin);
  // API answers over 1 KB go compressed (a first sync of the demo week: ~50 KB of JSON,
  // ~5 KB on the wire). Brotli at a low quality: fast enough for every request; the
  // built app is already precompressed at the highest quality (scripts/compress.ts).
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } },
  });
  // Several instances count together in the database; one SQLite instance in memory.
  await app.register(rateLimit, {
    global: false,
    ...(isPostgres(db) ? { store: databaseRateLimitStore(db) } : {}),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Homeward API',
        version: '1.0.0',
        description: 'Family sync and staff endpoints of a Homeward school server.',
      },
      components: {
        securitySchemes: {
          device: { type: 'http', scheme: 'bearer' },
          staff: { type: 'apiKey', in: 'cookie', name: 'hw_staff' },
        },
      },
    },
    // Only /api routes belong in the document; static files and the document itself do not.
    transform: (input) =>
      input.url.startsWith('/api/') && input.url !== '/api/openapi.json'
        ? jsonSchemaTransform(input)
        : { schema: { ...input.schema, hide: true }, url: input.url },
  });

  const distDir = opts.distDir ?? defaultDistDir;
  const fallback = distDir === false ? null : await setupStatic(app, distDir);
  await app.register(errorsPlugin, { fallback });

  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(joinRoutes, { prefix: API, limits });
  await app.register(syncRoutes, {
    prefix: API,
    epoch,
    futureChanges: opts.futureSyncChanges === true,
  });
  await app.register(sessionCompletionRoutes, { prefix: API });
  await app.register(submissionRoutes, { prefix: API });
  await app.register(absenceNoticeRoutes, { prefix: API });
  await app.register(mediaRoutes, { prefix: API });
  await app.register(visualScheduleRoutes, { prefix: API });
  await app.register(rewardChartRoutes, { prefix: API });
  await app.register(rewardEventRoutes, { prefix: API });
  await app.register(fileRoutes, { prefix: API });
  await app.register(activityCompletionRoutes, { prefix: API });
  await app.register(paperRequestRoutes, { prefix: API });
  await app.register(uploadRoutes, {
    quotaBytes: opts.uploadQuotaBytes ?? defaultUploadQuotaBytes,
  });
  await app.register(staffRoutes, {
    prefix: `${API}/staff`,
    limits,
    secureCookies: opts.secureCookies ?? false,
  });

  await app.ready();
  return app;
}
