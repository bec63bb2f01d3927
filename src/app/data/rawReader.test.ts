// The cold start reads IndexedDB without Dexie: it must see exactly what Dexie sees, and
// never create or touch a database that is not there.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { freshDb, ids, pupil, session, snapshot, testDevice, week } from '../test/fixtures.ts';
import { markSessionDone } from './outbox.ts';
import { applySyncPage } from './pull.ts';
import { readFirstScreenRaw } from './rawReader.ts';
import { loadShell } from './shell.ts';
import { loadWeekView } from './weekView.ts';
import { saveJoinedDevice, setMeta } from './meta.ts';
import { openDatabase } from './db.ts';

describe('the cold start read without Dexie', () => {
  it('sees exactly what the Dexie queries see', async () => {
    const db = await freshDb();
    const maths = session({ subject: 'Maths' });
    const personal = session({ subject: 'Yusuf only', pupilId: ids.yusuf, startTime: '11:00' });
    const snap = snapshot({
      pupils: [pupil(ids.yusuf, 'Yusuf'), pupil(ids.amira, 'Amira')],
      weeks: [week()],
      sessions: [maths, personal],
    });
    snap.changes.push({
      op: 'upsert',
      entity: 'pack',
      data: {
        id: uuidv7(),
        classId: ids.classA,
        pupilId: null,
        weekStart: week().weekStart,
        title: 'Fractions',
        instructionsHtml: '',
        links: [],
        activities: [],
        files: [],
        sessionIds: [maths.id],
        stepIds: [],
        publishedAt: '2026-11-20T10:00:00.000Z',
        updatedAt: '2026-11-20T10:00:00.000Z',
      },
    });
    await applySyncPage(db, snap, new Date('2026-11-23T12:00:00Z'));
    await setMeta(db, 'selectedPupilId', ids.yusuf);
    await markSessionDone(db, { pupilId: ids.yusuf, sessionId: maths.id, done: true });

    const raw = await readFirstScreenRaw(db.name);
    expect(raw).not.toBeNull();
    expect(raw?.shell).toEqual(await loadShell(db));
    const viaDexie = await loadWeekView(db, { weekId: null });
    expect({ ...raw?.week, today: null }).toEqual({ ...viaDexie, today: null });
    expect(raw?.week.pupil?.displayName).toBe('Yusuf');
    expect(raw?.week.sessions.map((s) => [s.subject, s.done, s.packs.length])).toEqual([
      ['Maths', true, 1],
      ['Yusuf only', false, 0],
    ]);
    expect(raw?.shell.waiting).toBe(1);
  });

  it('answers null for a phone with no database, and creates none', async () => {
    const name = `missing-${uuidv7()}`;
    expect(await readFirstScreenRaw(name)).toBeNull();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(name);
  });

  it('answers null for a database at another version than this build declares', async () => {
    const name = `old-${uuidv7()}`;
    const old = openDatabase(name, 5);
    await old.open();
    await saveJoinedDevice(old, testDevice());
    old.close();
    expect(await readFirstScreenRaw(name)).toBeNull();
    // Dexie upgrades it; then the raw read works again.
    const db = openDatabase(name);
    await db.open();
    db.close();
    expect(await readFirstScreenRaw(name)).not.toBeNull();
  });
});
