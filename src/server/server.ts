// Starts the school's server: builds the app, listens, prints how to try the demo, and
// shuts down cleanly (finish requests, close the database) on SIGINT/SIGTERM.
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { StartupError } from './db/database.ts';
import { demoCredentialsPath, isEmpty, readDemoCredentials } from './db/seed.ts';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? './data');

let app: FastifyInstance;
try {
  app = await buildApp({
    dataDir,
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    secureCookies: process.env.SECURE_COOKIES === '1',
    // The built app to serve (default <repo>/dist); tests serve a copy to stage an update.
    ...(process.env.DIST_DIR ? { distDir: resolve(process.env.DIST_DIR) } : {}),
    ...configFromEnv(process.env),
  });
} catch (err) {
  // Configuration mistakes (a wrong DATABASE_URL, an unreachable bucket) are one line.
  if (!(err instanceof StartupError)) throw err;
  console.error(`Homeward did not start: ${err.message}`);
  process.exit(1);
}
await app.listen({ port, host });

// To the terminal (stdout), never to the log: the demo's join link is how to try it. Staff
// passwords are shown once, on the start that made them; afterwards they are only in the
// credentials file, which only this user can read.
const base = `http://localhost:${port}`;
const demo = readDemoCredentials(dataDir);
const file = demoCredentialsPath(dataDir);
const lines = [``, `Homeward is running at ${base}`, `Staff workspace: ${base}/staff`];
if (demo) {
  lines.push(
    ``,
    `Demo family (${demo.familyName}): join at ${base}/join/${demo.joinCode}`,
    `  join code ${demo.joinCode}, valid until ${demo.joinCodeExpiresAt}`,
  );
  if (app.demoSeeded) {
    for (const s of demo.staff) {
      const classes = s.classes?.length ? `, ${s.classes.join(', ')}` : '';
      lines.push(`Staff (${s.role}${classes}): ${s.email}  password: ${s.password}`);
    }
    lines.push(`(shown once; kept in ${file}, readable by this user only)`);
  } else {
    lines.push(`Staff sign-in: the emails and passwords are in ${file}`);
  }
}
if (await isEmpty(app.db)) {
  lines.push(
    ``,
    `No school yet (SEED_DEMO=0). Make one and its first admin:`,
    `  npm run create-school -- --name "School name" --admin-email head@school.example`,
  );
}
console.log(lines.join('\n') + '\n');

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  // A hung connection must not keep the process alive forever.
  setTimeout(() => process.exit(1), 10_000).unref();
  try {
    await app.close(); // closes the database through the db plugin's onClose hook
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
