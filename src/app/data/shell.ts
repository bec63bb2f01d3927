// What the frame around every screen needs (who this phone is, the children, what waits
// to be sent, when it last synced), read in ONE IndexedDB transaction: on a cold start
// the shell costs one round trip and one render, not one per widget.
import type { Pupil } from '../../shared/entities.ts';
import type { DeviceIdentity, HomewardDB } from './db.ts';
import { dexieReader, orderPupils, type Reader } from './reader.ts';
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
  /** The app version the school's server last refused as too old (426), until a sync works. */
  appTooOld: string | null;
  /** Set while the phone is in a child's hands (schedule and rewards only). */
  childMode: ChildMode | null;
  display: DisplayPrefs;
};

export async function readShell(r: Reader): Promise<Shell> {
  const [metaValues, pupilList, waiting, needsAttention] = await Promise.all([
    r.meta([
      'device',
      'revoked',
      'selectedPupilId',
      'lastSyncedAt',
      'childMode',
      'display',
      'appTooOld',
    ]),
    r.pupils(),
    r.outboxCount('queued'),
    r.outboxCount('rejected'),
  ]);
  const [device, revoked, selected, lastSyncedAt, childMode, display, appTooOld] = metaValues;
  const { pupils, current } = orderPupils(pupilList, selected);
  return {
    device: (device as DeviceIdentity | undefined) ?? null,
    revoked: revoked === true,
    pupils,
    current,
    waiting,
    needsAttention,
    lastSyncedAt: typeof lastSyncedAt === 'string' ? lastSyncedAt : null,
    appTooOld: typeof appTooOld === 'string' ? appTooOld : null,
    childMode: (childMode as ChildMode | undefined) ?? null,
    display: { ...defaultDisplayPrefs, ...(display as Partial<DisplayPrefs> | undefined) },
  };
}

export function loadShell(db: HomewardDB): Promise<Shell> {
  return db.transaction('r', [db.meta, db.pupils, db.outbox], () => readShell(dexieReader(db)));
}
