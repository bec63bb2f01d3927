// Three test projects: `unit` (app code in Node with fake-indexeddb, components with
// happy-dom), `server` (the real Fastify app and real SQLite), `e2e` (real Chromium
// against the production build served by the real server; needs `npm run build` first).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      // Needs PostgreSQL and an S3 server, which `npm run test:pg` (tests/pg/run.ts) starts
      // and names in the environment; plain `npm test` does not have this project.
      ...(process.env.HOMEWARD_TEST_PG_URL
        ? [
            {
              test: {
                name: 'pg',
                include: ['tests/pg/**/*.test.ts'],
                environment: 'node',
                testTimeout: 60_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          // One Chromium at a time on a 2-core machine; files still isolate their servers.
          fileParallelism: false,
        },
      },
    ],
  },
});
