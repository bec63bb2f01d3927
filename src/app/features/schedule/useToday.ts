// Today's date in the school's time zone (what a schedule's `date` means), and the
// schedule a child starts from: today's, else the first routine.
import { todayIn } from '../../../shared/calendar.ts';
import type { LocalSchedule } from '../../data/db.ts';
import { useSchool } from '../../data/hooks.ts';
import { useNow } from '../../components/useNow.ts';

export function useToday(): string {
  const school = useSchool();
  const now = useNow(60_000);
  return todayIn(school?.timeZone ?? 'Europe/London', new Date(now));
}

export function forToday(schedules: LocalSchedule[], today: string): LocalSchedule[] {
  return schedules.filter((s) => s.date === null || s.date === today);
}
