// Calendar arithmetic on `YYYY-MM-DD` days, shared by the app and the server. Done in UTC
// so that clock changes (BST) never shift a day; "today" is taken in the school's zone.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    let format = dayFormats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', { timeZone });
      dayFormats.set(timeZone, format);
    }
    return format.format(now);
  } catch {
    return new Intl.DateTimeFormat('en-CA').format(now); // unknown zone: the phone's own
  }
}

/** The day `days` after `day`; a day that does not parse is given back as it is (never a throw). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return Number.isNaN(d.getTime()) ? day : d.toISOString().slice(0, 10);
}

export function weekDays(weekStart: string, count = 5): string[] {
  return Array.from({ length: count }, (_, i) => addDays(weekStart, i));
}

/** The week to open: the one containing today, else the next one, else the latest. */
export function pickWeek<W extends { weekStart: string }>(
  weeks: W[],
  today: string,
): W | undefined {
  const current = weeks.find((w) => w.weekStart <= today && today < addDays(w.weekStart, 7));
  if (current) return current;
  return weeks.find((w) => w.weekStart > today) ?? weeks[weeks.length - 1];
}

/** The Monday of the week a day falls in. */
export function weekStartOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(day, -((weekday + 6) % 7));
}
