// The parent area's lock and the child's settings, kept on this phone only.
// The PIN is never stored: only a PBKDF2-SHA-256 hash with a random salt, so someone
// reading IndexedDB learns nothing they could type. Child mode is stored too, so a reload
// or a closed tab never lets a child out of it.
import type { HomewardDB } from './db.ts';
import { defaultDisplayPrefs, type DisplayPrefs } from './display.ts';
import { getMeta, setMeta } from './meta.ts';

export { defaultDisplayPrefs, type DisplayPrefs } from './display.ts';

export type StoredPin = { salt: string; hash: string; iterations: number };

export const pinPattern = /^\d{4,8}$/;
const iterations = 150_000;

const hex = (b: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);

async function derive(pin: string, salt: Uint8Array, rounds: number): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(pin),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: rounds },
    key,
    256,
  );
  return hex(bits);
}

export async function hasPin(db: HomewardDB): Promise<boolean> {
  return (await getMeta<StoredPin>(db, 'parentPin')) !== undefined;
}

export async function setPin(db: HomewardDB, pin: string): Promise<void> {
  if (!pinPattern.test(pin)) throw new Error('A PIN is 4 to 8 digits.');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const stored: StoredPin = { salt: hex(salt), hash: await derive(pin, salt, iterations), iterations };
  await setMeta(db, 'parentPin', stored);
}

export async function checkPin(db: HomewardDB, pin: string): Promise<boolean> {
  const stored = await getMeta<StoredPin>(db, 'parentPin');
  if (!stored || !pinPattern.test(pin)) return false;
  const hash = await derive(pin, unhex(stored.salt), stored.iterations);
  // Constant-time compare: the length is fixed, so compare every character.
  let diff = 0;
  for (let i = 0; i < hash.length; i += 1) diff |= hash.charCodeAt(i) ^ stored.hash.charCodeAt(i);
  return diff === 0 && hash.length === stored.hash.length;
}

/** `scheduleId`: the schedule the parent handed over with (today's others follow it). */
export type ChildMode = { pupilId: string; since: string; scheduleId?: string };

export function enterChildMode(
  db: HomewardDB,
  pupilId: string,
  scheduleId?: string,
  now = new Date(),
) {
  const mode: ChildMode = { pupilId, since: now.toISOString() };
  if (scheduleId) mode.scheduleId = scheduleId;
  return setMeta(db, 'childMode', mode);
}

/** Only after the PIN was checked (the caller's job: see features/parent). */
export function leaveChildMode(db: HomewardDB) {
  return db.meta.delete('childMode');
}

export async function getDisplayPrefs(db: HomewardDB): Promise<DisplayPrefs> {
  return { ...defaultDisplayPrefs, ...(await getMeta<Partial<DisplayPrefs>>(db, 'display')) };
}

export async function setDisplayPrefs(db: HomewardDB, change: Partial<DisplayPrefs>) {
  await db.transaction('rw', db.meta, async () => {
    await setMeta(db, 'display', { ...(await getDisplayPrefs(db)), ...change });
  });
}
