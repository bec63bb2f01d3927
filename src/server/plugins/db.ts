// Opens the database for the app's lifetime and closes it when the app closes.
import type { Db } from '../db/database.ts';
import { globalPlugin } from './plugin.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    now: () => Date;
  }
}

export const dbPlugin = globalPlugin<{ db: Db; now: () => Date }>(async (app, opts) => {
  app.decorate('db', opts.db);
  app.decorate('now', opts.now);
  app.addHook('onClose', async () => {
    await opts.db.destroy();
  });
}, 'homeward-db');
