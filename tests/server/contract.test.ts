// The typed staff contract (src/shared/staff/contract.ts) names real routes of the server,
// with the method the server answers, and its answers parse with the contract's schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fillPath,
  staffApiBase,
  staffEndpoints,
  type Endpoint,
} from '../../src/shared/staff/contract.ts';
import { asStaff, signIn, startApp, type TestApp } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(() => t.close());

describe('the staff contract', () => {
  it('names only routes the server has, with their methods', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    for (const [name, e] of Object.entries(staffEndpoints) as [string, Endpoint][]) {
      const path = `${staffApiBase}${e.path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
      expect([name, Object.keys(doc.paths[path] ?? {})]).toEqual([
        name,
        expect.arrayContaining([e.method.toLowerCase()]),
      ]);
    }
  });

  it('describes what the server answers', async () => {
    const head = t.demo.staff.find((s) => s.role === 'admin')!;
    const { cookie } = await signIn(t.app, head.email, head.password);
    const get = async (url: string) =>
      (await t.app.inject(asStaff(cookie, { method: 'GET', url: `${staffApiBase}${url}` }))).json();
    const me = staffEndpoints.me.response.parse(await get('/me'));
    expect(me.staff.role).toBe('admin');
    const { classes } = staffEndpoints.classes.response.parse(await get('/classes'));
    const one = staffEndpoints.class.response.parse(
      await get(fillPath(staffEndpoints.class.path, { id: classes[0]!.id })),
    );
    expect(one.class).toEqual(classes[0]);
    staffEndpoints.families.response.parse(await get('/families'));
    staffEndpoints.audit.response.parse(await get('/audit'));
  });

  it('fills path parameters, encoded, and refuses a missing one', () => {
    expect(fillPath('/classes/:id', { id: 'a/b' })).toBe('/classes/a%2Fb');
    expect(() => fillPath('/classes/:id', {})).toThrow(/id/);
  });
});
