// What the frame around every screen needs (who this phone is, the children, what waits
// to be sent, when it last synced), read in ONE IndexedDB transaction: on a cold start
// the shell costs one round trip and one render, not one per widget.
import type { Pupil } from '../../shared/entities.ts';
import type { DeviceIdentity, HomewardDB } from './db.ts';
import type { MetaRow } from './db.ts';
import { outboxCounts } from './outbox.ts';
import { defaultDisplayPrefs, type DisplayPrefs } from './display.ts';
import type { ChildMode } from './parent.ts';

export type Shell = {
  device: DeviceIdentity | null;
  revoked: boolean;
  pupils: Pupil[];
  /** The child whose things are on screen: the saved choice, else the first child. */
  current: Pupil | undefined;
  waiting: number;
  needsAttention: number;
  lastSyncedAt: string | null;
  /** Set while the phone is in a child's hands (schedule and rewards only). */
  childMode: ChildMode | null;
  display: DisplayPrefs;
};

export async function loadShell(db: HomewardDB): Promise<Shell> {
  return db.transaction('r', [db.meta, db.pupils, db.outbox], async () => {
    const [metaRows, pupilList, { waiting, needsAttention }] = await Promise.all([
      db.meta.bulkGet([
        'device',
        'revoked',
        'selectedPupilId',
        'lastSyncedAt',
        'childMode',
        'display',
      ]),
      db.pupils.toArray(),
      outboxCounts(db),
    ]);
    const [device, revoked, selected, lastSyncedAt, childMode, display] = metaRows.map(
      (row: MetaRow | undefined) => row?.value,
    );
    const pupils = pupilList.toSorted((a, b) => a.displayName.localeCompare(b.displayName));
    return {
      device: (device as DeviceIdentity | undefined) ?? null,
      revoked: revoked === true,
      pupils,
      current: pupils.find((p) => p.id === selected) ?? pupils[0],
      waiting,
      needsAttention,
      lastSyncedAt: typeof lastSyncedAt === 'string' ? lastSyncedAt : null,
      childMode: (childMode as ChildMode | undefined) ?? null,
      display: { ...defaultDisplayPrefs, ...(display as Partial<DisplayPrefs> | undefined) },
    };
  });
}
