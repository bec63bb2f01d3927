// The change log stays gap-free under concurrent writers on real PostgreSQL: a
// transaction that took seq N but commits after one that took N+1 must not let a phone's
// cursor pass N unseen. recordChange takes the writers' lock before its seq, so the
// second writer waits for the first; the control case (inserting without the lock)
// shows the gap this prevents.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChange } from '../../src/server/db/changes.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { bearer, join_, startApp, type TestApp } from '../server/helpers.ts';

let t: TestApp;
let token: string;
let pupilId: string;

beforeAll(async () => {
  t = await startApp();
  token = (await join_(t.app, t.demo.joinCode)).token;
  pupilId = (
    await t.app.db
      .selectFrom('pupils')
      .select('id')
      .where('display_name', '=', 'Amira')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t.close());

type Pull = { cursor: string; changes: { id?: string; data?: { id: string } }[] };
async function pull(cursor: string): Promise<Pull> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/sync?since=${encodeURIComponent(cursor)}`,
    headers: bearer(token),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as Pull;
}
const idsOf = (p: Pull) => p.changes.map((c) => c.id ?? c.data?.id);

async function firstCursor(): Promise<string> {
  let page = await pull('');
  while ((page as Pull & { more: boolean }).more) page = await pull(page.cursor);
  return page.cursor;
}

const begin = () => t.app.db.startTransaction().execute();
const log = (trx: Transaction<Database>, id: string) =>
  recordChange(trx, [{ type: 'pupil', id: pupilId }], 'sessionCompletion', id, 'upsert');

describe('the change log under concurrent writers (PostgreSQL)', () => {
  it('never lets a cursor pass a change that commits later', async () => {
    const cursor = await firstCursor();
    const [a, b] = [uuid(), uuid()];
    const first = await begin();
    await log(first, a); // took its seq, still open
    const second = await begin();
    let secondDone = false;
    const secondWrites = log(second, b).then(async () => {
      await second.commit().execute();
      secondDone = true;
    });
    await sleep(200);
    // The second writer waits for the first: it could not commit ahead of it.
    expect(secondDone).toBe(false);
    const between = await pull(cursor);
    expect(idsOf(between)).toEqual([]);
    await first.commit().execute();
    await secondWrites;
    const after = await pull(between.cursor);
    expect(idsOf(after)).toEqual([a, b]);
    expect(idsOf(await pull(after.cursor))).toEqual([]);
  });

  it('control: without the lock, the pull in between passes the open change and loses it', async () => {
    const cursor = await firstCursor();
    const [a, b] = [uuid(), uuid()];
    const row = (id: string) => ({
      scope_type: 'pupil' as const,
      scope_id: pupilId,
      entity: 'sessionCompletion',
      entity_id: id,
      op: 'upsert' as const,
    });
    const first = await begin();
    await first.insertInto('changes').values(row(a)).execute();
    const second = await begin();
    await second.insertInto('changes').values(row(b)).execute();
    await second.commit().execute();
    const between = await pull(cursor);
    expect(idsOf(between)).toEqual([b]);
    await first.commit().execute();
    // a has the lower seq, below the cursor the phone now holds: never delivered.
    expect(idsOf(await pull(between.cursor))).toEqual([]);
  });

  it('keeps every change of many concurrent family writes, each once, in order', async () => {
    const cursor = await firstCursor();
    const ids = Array.from({ length: 200 }, () => uuid());
    const seen: string[] = [];
    let c = cursor;
    const writers = (async () => {
      for (let i = 0; i < ids.length; i += 20) {
        await Promise.all(
          ids.slice(i, i + 20).map(async (id) => {
            await t.app.db.transaction().execute((trx) => log(trx, id));
          }),
        );
      }
    })();
    // A phone pulling all the while, as often as it can.
    const state = { done: false };
    void writers.then(() => (state.done = true));
    while (!state.done) {
      const p = await pull(c);
      seen.push(...(idsOf(p) as string[]));
      c = p.cursor;
    }
    const last = await pull(c);
    seen.push(...(idsOf(last) as string[]));
    expect(seen.toSorted()).toEqual(ids.toSorted());
    expect(new Set(seen).size).toBe(ids.length);
  });
});
