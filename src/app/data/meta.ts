// Small key-value facts about this phone: who it is, where sync got to, chosen child.
import type { DeviceIdentity, HomewardDB, MetaKey } from './db.ts';

export async function getMeta<T>(db: HomewardDB, key: MetaKey): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

export async function setMeta(db: HomewardDB, key: MetaKey, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

export function getDevice(db: HomewardDB): Promise<DeviceIdentity | undefined> {
  return getMeta<DeviceIdentity>(db, 'device');
}

/** Stores the identity a join gave this phone, forgetting any older family's data. */
export async function saveJoinedDevice(db: HomewardDB, device: DeviceIdentity): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    const previous = await getDevice(db);
    if (previous && previous.familyId !== device.familyId) {
      // A different family on this phone: nothing of the old one may show. Unsent items
      // were warned about on "Remove this phone" before we ever get here.
      await Promise.all(db.tables.map((t) => t.clear()));
    }
    await db.meta.bulkPut([
      { key: 'device', value: device },
      { key: 'revoked', value: false },
    ]);
    // A fresh code from the school is the way back for a parent who forgot the PIN.
    await db.meta.bulkDelete(['parentPin', 'childMode']);
  });
}

/** "Remove this phone": every table cleared, the identity forgotten. */
export async function wipeDevice(db: HomewardDB): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    await Promise.all(db.tables.map((t) => t.clear()));
  });
}
