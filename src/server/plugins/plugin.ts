// Marks a plugin as not encapsulated (what fastify-plugin does), so its decorators and
// hooks apply to the whole app. A tiny local helper rather than a transitive dependency.
import type { FastifyPluginAsync } from 'fastify';

export function globalPlugin<T extends Record<string, unknown>>(
  fn: FastifyPluginAsync<T>,
  name: string,
): FastifyPluginAsync<T> {
  Object.assign(fn, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  });
  return fn;
}
