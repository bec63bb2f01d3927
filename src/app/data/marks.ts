// Which "done" mark counts (session and activity marks are append-only events, so two
// phones offline at once never lose one). A mark carries the revision of the latest mark
// its phone knew, plus one, so a later decision wins whatever the phones' clocks say;
// only marks made without knowing of each other (the same revision) fall back to their
// time, then their id, so every phone and the school agree.
export type Mark = { id: string; at: string; revision?: number };

export function laterMark<M extends Mark>(a: M, b: M): M {
  const ra = a.revision ?? 0;
  const rb = b.revision ?? 0;
  if (ra !== rb) return rb > ra ? b : a;
  if (a.at !== b.at) return b.at > a.at ? b : a;
  return b.id > a.id ? b : a;
}

export function latestMark<M extends Mark>(marks: M[]): M | undefined {
  let latest: M | undefined;
  for (const m of marks) latest = latest ? laterMark(latest, m) : m;
  return latest;
}

/** The revision a new mark gets: one more than the latest this phone knows. */
export const nextRevision = (marks: Mark[]): number => (latestMark(marks)?.revision ?? 0) + 1;
