// The cold start's read, on IndexedDB itself rather than through Dexie: at start-up on a
// slow phone, Dexie's open and promise machinery cost more than the reads. Same logic as
// the live queries (reader.ts); Dexie stays the only writer and the only schema owner:
// this never creates or upgrades the database. If anything is not as expected (no
// database yet, an older schema, a browser quirk), it answers null and the caller reads
// through Dexie as before. It reads only a database at the version this build declares
// (`schemaVersion`): an older one waits for Dexie's upgrade, a newer one is not guessed at.
import type { Pupil } from '../../shared/entities.ts';
import { firstScreenStores, type Reader } from './reader.ts';
import { schemaVersion } from './schemaVersion.ts';
import { readShell, type Shell } from './shell.ts';
import { readWeekView, type WeekView } from './weekView.ts';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.addEventListener('success', () => resolve(req.result));
    req.addEventListener('error', () => reject(req.error ?? new Error('IndexedDB request failed')));
  });
}

function openExisting(name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(name);
    } catch {
      resolve(null);
      return;
    }
    // No database yet: never create one here (Dexie owns the schema); abort and give up.
    req.addEventListener('upgradeneeded', () => req.transaction?.abort());
    req.addEventListener('success', () => resolve(req.result));
    req.addEventListener('error', () => resolve(null));
    req.addEventListener('blocked', () => resolve(null));
  });
}

function rawReader(tx: IDBTransaction): Reader {
  const store = (name: (typeof firstScreenStores)[number]) => tx.objectStore(name);
  return {
    meta: (keys) =>
      Promise.all(
        keys.map(async (key) => {
          const row = (await request(store('meta').get(key))) as { value?: unknown } | undefined;
          return row?.value;
        }),
      ),
    pupils: () => request(store('pupils').getAll()) as Promise<Pupil[]>,
    school: async () => (await request(store('schools').getAll(null, 1)))[0],
    outboxCount: (state) => request(store('outbox').index('state').count(state)),
    weeksOfClass: (classId) => request(store('timetableWeeks').index('classId').getAll(classId)),
    sessionsOfWeek: (weekId) => request(store('timetableSessions').index('weekId').getAll(weekId)),
    completionsOf: (pupilId) => request(store('sessionCompletions').index('pupilId').getAll(pupilId)),
    packsOfClass: (classId) => request(store('packs').index('classId').getAll(classId)),
  };
}

/** The shell and the timetable in one raw read transaction, or null to fall back. */
export async function readFirstScreenRaw(
  name = 'homeward',
): Promise<{ shell: Shell; week: WeekView } | null> {
  if (typeof indexedDB === 'undefined') return null;
  const db = await openExisting(name);
  if (!db) return null;
  try {
    // Dexie stores version n as IndexedDB version n × 10.
    if (db.version !== schemaVersion * 10) return null;
    if (firstScreenStores.some((s) => !db.objectStoreNames.contains(s))) return null;
    const tx = db.transaction([...firstScreenStores], 'readonly');
    const reader = rawReader(tx);
    const [shell, week] = await Promise.all([
      readShell(reader),
      readWeekView(reader, { weekId: null }),
    ]);
    return { shell, week };
  } catch {
    return null;
  } finally {
    db.close();
  }
}
