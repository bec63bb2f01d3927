// Read side of the timetable: a pupil's weeks and sessions, with the latest "done" mark.
import type { Pupil, TimetableSession } from '../../shared/entities.ts';
import type { DeliveryState, HomewardDB, LocalCompletion } from './db.ts';
import { latestMark } from './marks.ts';
import { dexieReader, type Reader } from './reader.ts';

export type SessionWithProgress = TimetableSession & {
  done: boolean;
  /** Delivery of the latest mark, or null when never marked. */
  delivery: DeliveryState | null;
  /** Learning packs for this session (for this child). */
  packs: Array<{ id: string; title: string }>;
};


/** A week's sessions for one child, with the latest "done" mark and the packs for each. */
export async function sessionsForWeek(
  r: Reader,
  weekId: string,
  pupil: Pupil,
): Promise<SessionWithProgress[]> {
  const [sessions, completions, packs] = await Promise.all([
    r.sessionsOfWeek(weekId),
    r.completionsOf(pupil.id),
    r.packsOfClass(pupil.classId),
  ]);
  const bySession = new Map<string, LocalCompletion[]>();
  for (const c of completions) {
    const list = bySession.get(c.sessionId) ?? [];
    list.push(c);
    bySession.set(c.sessionId, list);
  }
  const packsBySession = new Map<string, Array<{ id: string; title: string }>>();
  for (const p of packs) {
    if (p.pupilId !== null && p.pupilId !== pupil.id) continue;
    for (const id of p.sessionIds) {
      packsBySession.set(id, [...(packsBySession.get(id) ?? []), { id: p.id, title: p.title }]);
    }
  }
  return sessions
    .filter((s) => s.pupilId === null || s.pupilId === pupil.id)
    .toSorted((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime))
    .map((s) => {
      const latest = latestMark(bySession.get(s.id) ?? []);
      return {
        ...s,
        done: latest?.done ?? false,
        delivery: latest?.delivery ?? null,
        packs: packsBySession.get(s.id) ?? [],
      };
    });
}

export async function listSessionsForWeek(
  db: HomewardDB,
  weekId: string,
  pupilId: string,
): Promise<SessionWithProgress[]> {
  const pupil = await db.pupils.get(pupilId);
  return pupil ? sessionsForWeek(dexieReader(db), weekId, pupil) : [];
}
