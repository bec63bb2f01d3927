// The week's feedback tally per child: pieces of work that got feedback (held or sent)
// against the school's target, and work handed in that week still awaiting feedback.
import { addDays, zonedInstant } from '../lib/time.ts';
import type { Db } from './database.ts';
import { pupilsOfClasses } from './engagement.ts';
import { awaitingFeedback, feedbackCountsByPupil } from './feedback.ts';

export type TallyRow = {
  pupilId: string;
  name: string;
  count: number;
  below: boolean;
  awaiting: number;
};

export async function feedbackTally(
  db: Db,
  input: { classIds: string[]; weekStart: string; timeZone: string; target: number },
): Promise<{ weekStart: string; target: number; children: TallyRow[] }> {
  const from = zonedInstant(input.weekStart, '00:00', input.timeZone).toISOString();
  const to = zonedInstant(addDays(input.weekStart, 7), '00:00', input.timeZone).toISOString();
  const pupils = await pupilsOfClasses(db, input.classIds);
  const ids = pupils.map((p) => p.id);
  const counts = await feedbackCountsByPupil(db, ids, from, to);
  const awaiting = new Map<string, number>();
  if (ids.length > 0) {
    const rows = await db
      .selectFrom('submissions as s')
      .select('s.pupil_id')
      .where('s.pupil_id', 'in', ids)
      .where('s.received_at', '>=', from)
      .where('s.received_at', '<', to)
      .where(awaitingFeedback)
      .execute();
    for (const r of rows) awaiting.set(r.pupil_id, (awaiting.get(r.pupil_id) ?? 0) + 1);
  }
  return {
    weekStart: input.weekStart,
    target: input.target,
    children: pupils.map((p) => {
      const count = counts.get(p.id) ?? 0;
      return {
        pupilId: p.id,
        name: p.name,
        count,
        below: count < input.target,
        awaiting: awaiting.get(p.id) ?? 0,
      };
    }),
  };
}
