// Feedback written outside the school's reply hours waits in `held_feedback`; this plugin
// moves what is due to the families every 30 seconds (and at start), on every instance:
// each held row is moved by the one transaction that deletes it (db/feedback.ts).
// `app.releaseHeldFeedback()` runs it now (tests, with their controlled clock).
import { releaseHeldFeedback } from '../db/feedback.ts';
import { globalPlugin } from './plugin.ts';

const everyMs = 30_000;

declare module 'fastify' {
  interface FastifyInstance {
    releaseHeldFeedback: () => Promise<number>;
  }
}

export const heldFeedbackPlugin = globalPlugin(async (app) => {
  const release = () => releaseHeldFeedback(app.db, app.now());
  app.decorate('releaseHeldFeedback', release);
  await release();
  const timer = setInterval(() => {
    release().catch((err: unknown) => app.log.error({ err }, 'releasing held feedback failed'));
  }, everyMs);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}, 'homeward-held-feedback');
