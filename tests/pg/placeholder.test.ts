import { expect, it } from 'vitest';
import { isPostgres } from '../../src/server/db/dialect.ts';
import { startApp } from '../server/helpers.ts';
it('uses postgres', async () => {
  const t = await startApp();
  expect(isPostgres(t.app.db)).toBe(true);
  await t.close();
});
