// Validated pupils + the school's roster as it is → what to create, update and link,
// and the report staff see before they commit. Pure: the same file against the same
// roster gives the same plan and the same fingerprint, so a commit can check that what
// it applies is exactly what was previewed.
import { createHash } from 'node:crypto';
import type { RosterAction, RosterProblem, RosterRow } from '../../shared/roster.ts';
import { displayPhone, fold, type KeyStage } from './values.ts';
import { problem, pupilKey, type PupilIn } from './validate.ts';

/** The school's roster as stored (db/roster.ts loads it). */
export type ExistingRoster = {
  classes: { id: string; name: string }[];
  pupils: {
    id: string;
    class_id: string;
    mis_id: string | null;
    full_name: string;
    display_name: string;
    key_stage: string;
    year_group: string | null;
    visual_support: number;
  }[];
  /** Families the import manages: those with a carer's phone. */
  families: { id: string; name: string; phone: string; home_language: string | null }[];
  /** Every family–pupil link of the school. */
  links: { family_id: string; pupil_id: string }[];
};

/** `new:…` names a row the commit will make; anything else is an existing id. */
export type Ref = string;
export type PupilFields = {
  mis_id: string | null;
  full_name: string;
  display_name: string;
  key_stage: KeyStage;
  year_group: string | null;
  visual_support: number;
};
export type Plan = {
  classes: { ref: Ref; name: string }[];
  pupilCreates: { ref: Ref; classRef: Ref; fields: PupilFields }[];
  pupilUpdates: { id: string; classRef: Ref; fromClassId: string; fields: PupilFields }[];
  familyCreates: { ref: Ref; name: string; phone: string; home_language: string | null }[];
  familyUpdates: { id: string; name: string; home_language: string | null }[];
  linkAdds: { pupilRef: Ref; familyRef: Ref }[];
  linkRemoves: { pupilId: string; familyId: string }[];
};

export type PlanSummary = {
  plan: Plan;
  rows: RosterRow[];
  errors: RosterProblem[];
  warnings: RosterProblem[];
  classes: { create: string[]; existing: number };
  pupils: { create: number; update: number; unchanged: number; notInFile: number };
  families: { create: number; update: number; unchanged: number };
  links: { add: number; remove: number };
  fingerprint: string;
  noChanges: boolean;
};

type ExistingPupil = ExistingRoster['pupils'][number];

export function planRoster(pupils: PupilIn[], existing: ExistingRoster): PlanSummary {
  const errors: RosterProblem[] = [];
  const warnings: RosterProblem[] = [];
  const plan: Plan = {
    classes: [],
    pupilCreates: [],
    pupilUpdates: [],
    familyCreates: [],
    familyUpdates: [],
    linkAdds: [],
    linkRemoves: [],
  };

  // Classes by name, whatever the case and spacing; unknown ones are made.
  const classByName = new Map(existing.classes.map((c) => [fold(c.name), c]));
  const classNameById = new Map(existing.classes.map((c) => [c.id, c.name]));
  const classRefOf = (name: string): Ref => {
    const key = fold(name);
    const found = classByName.get(key);
    if (found) return found.id;
    const ref = `new:class:${key}`;
    if (!plan.classes.some((c) => c.ref === ref)) plan.classes.push({ ref, name });
    return ref;
  };

  // Existing pupils by MIS id, and by name + class (year group compared after).
  const byMis = new Map<string, ExistingPupil>();
  const byNameClass = new Map<string, ExistingPupil[]>();
  for (const p of existing.pupils) {
    if (p.mis_id) byMis.set(p.mis_id, p);
    const k = pupilKey(p.full_name || p.display_name, classNameById.get(p.class_id) ?? '', null);
    byNameClass.set(k, [...(byNameClass.get(k) ?? []), p]);
  }
  const byKey = (row: PupilIn): ExistingPupil | undefined => {
    const list = byNameClass.get(pupilKey(row.fullName, row.className, null)) ?? [];
    const candidates = list.filter((p) => !row.misId || !p.mis_id);
    return (
      candidates.find((p) => p.year_group === row.yearGroup) ??
      candidates.find((p) => p.year_group === null)
    );
  };

  // Families by phone: the first line a phone is on gives its carer's name and language.
  const familyByPhone = new Map(existing.families.map((f) => [f.phone, f]));
  const fileCarers = new Map<string, { name: string; language: string | null; line: number }>();
  const familyAction = new Map<string, RosterAction>();
  const familyRefOf = (phone: string): Ref => familyByPhone.get(phone)?.id ?? `new:family:${phone}`;

  const rows: RosterRow[] = [];
  const seenMis = new Map<string, number>();
  const seenKey = new Map<string, number>();
  const claimed = new Map<string, number>();
  const counts = { create: 0, update: 0, unchanged: 0 };
  const linksOf = new Map<string, Set<string>>();
  for (const l of existing.links) {
    linksOf.set(l.pupil_id, (linksOf.get(l.pupil_id) ?? new Set()).add(l.family_id));
  }
  const managedFamilies = new Set(existing.families.map((f) => f.id));

  for (const row of pupils) {
    const key = pupilKey(row.fullName, row.className, row.yearGroup);
    const twin = row.misId ? seenMis.get(row.misId) : seenKey.get(key);
    if (twin !== undefined) {
      errors.push(
        problem(
          row.line,
          row.misId ? 'misId' : 'fullName',
          'duplicate_pupil',
          `Line ${row.line}: the same pupil as on line ${twin} (${row.misId ? `MIS id ${row.misId}` : `${row.fullName}, ${row.className}`}).`,
          { line: row.line, first: twin },
        ),
      );
      continue;
    }
    if (row.misId) seenMis.set(row.misId, row.line);
    else seenKey.set(key, row.line);

    const match = (row.misId ? byMis.get(row.misId) : undefined) ?? byKey(row);
    if (match) {
      const first = claimed.get(match.id);
      if (first !== undefined) {
        errors.push(
          problem(
            row.line,
            'fullName',
            'duplicate_pupil',
            `Line ${row.line}: the same pupil as on line ${first} (${row.fullName}).`,
            { line: row.line, first },
          ),
        );
        continue;
      }
      claimed.set(match.id, row.line);
    }

    const classRef = classRefOf(row.className);
    const fields: PupilFields = {
      mis_id: row.misId ?? match?.mis_id ?? null,
      full_name: row.fullName,
      display_name: row.displayName,
      key_stage: row.keyStage,
      year_group: row.yearGroup,
      visual_support:
        row.visualSupport === null ? (match?.visual_support ?? 0) : row.visualSupport ? 1 : 0,
    };

    // Carers: one family per phone.
    const carers: RosterRow['carers'] = [];
    const wanted = new Set<Ref>();
    for (const c of row.carers) {
      const seen = fileCarers.get(c.phone);
      if (seen) {
        if (c.name && seen.name && fold(c.name) !== fold(seen.name)) {
          warnings.push(
            problem(
              row.line,
              null,
              'carer_name_differs',
              `Line ${row.line}: ${displayPhone(c.phone)} is ${seen.name} on line ${seen.line} and ${c.name} here; "${seen.name}" is kept.`,
              { line: row.line, first: seen.line, kept: seen.name, other: c.name },
            ),
          );
        }
        if (c.language && seen.language && c.language !== seen.language) {
          warnings.push(
            problem(
              row.line,
              null,
              'carer_language_differs',
              `Line ${row.line}: ${displayPhone(c.phone)} has another home language on line ${seen.line}; the first is kept.`,
              { line: row.line, first: seen.line },
            ),
          );
        }
        if (!seen.name && c.name) seen.name = c.name;
        if (!seen.language && c.language) seen.language = c.language;
      } else {
        fileCarers.set(c.phone, { name: c.name, language: c.language, line: row.line });
      }
      const ref = familyRefOf(c.phone);
      wanted.add(ref);
      carers.push({ name: c.name, phone: displayPhone(c.phone), action: 'unchanged' });
    }

    const changes: string[] = [];
    let action: RosterAction;
    if (!match) {
      action = 'create';
      const ref = `new:pupil:${row.line}`;
      plan.pupilCreates.push({ ref, classRef, fields });
      for (const f of wanted) plan.linkAdds.push({ pupilRef: ref, familyRef: f });
    } else {
      if (classRef !== match.class_id) changes.push('class');
      if (fields.display_name !== match.display_name) changes.push('displayName');
      if (fields.full_name !== match.full_name) changes.push('fullName');
      if (fields.key_stage !== match.key_stage) changes.push('keyStage');
      if (fields.year_group !== match.year_group) changes.push('yearGroup');
      if (fields.mis_id !== match.mis_id) changes.push('misId');
      if (fields.visual_support !== match.visual_support) changes.push('visualSupport');
      if (changes.length > 0) {
        plan.pupilUpdates.push({ id: match.id, classRef, fromClassId: match.class_id, fields });
      }
      const had = linksOf.get(match.id) ?? new Set<string>();
      let linksChanged = false;
      for (const f of wanted) {
        if (!had.has(f)) {
          plan.linkAdds.push({ pupilRef: match.id, familyRef: f });
          linksChanged = true;
        }
      }
      for (const f of had) {
        // Only families the roster manages (by phone); ones staff added by hand stay.
        if (managedFamilies.has(f) && !wanted.has(f)) {
          plan.linkRemoves.push({ pupilId: match.id, familyId: f });
          linksChanged = true;
        }
      }
      if (linksChanged) changes.push('carers');
      action = changes.length > 0 ? 'update' : 'unchanged';
    }
    counts[action]++;
    rows.push({
      line: row.line,
      pupil: row.fullName,
      className: row.className,
      action,
      changes,
      carers,
    });
  }

  // Families: made, or their name and language brought up to date (a blank keeps what is stored).
  const families = { create: 0, update: 0, unchanged: 0 };
  for (const [phone, c] of fileCarers) {
    const found = familyByPhone.get(phone);
    let action: RosterAction;
    if (!found) {
      plan.familyCreates.push({
        ref: familyRefOf(phone),
        name: c.name,
        phone,
        home_language: c.language,
      });
      action = 'create';
    } else {
      const name = c.name || found.name;
      const language = c.language ?? found.home_language;
      if (name !== found.name || language !== found.home_language) {
        plan.familyUpdates.push({ id: found.id, name, home_language: language });
        action = 'update';
      } else action = 'unchanged';
    }
    families[action]++;
    familyAction.set(displayPhone(phone), action);
  }
  for (const r of rows)
    for (const c of r.carers) c.action = familyAction.get(c.phone) ?? 'unchanged';

  const pupilsSummary = {
    ...counts,
    notInFile: existing.pupils.filter((p) => !claimed.has(p.id)).length,
  };
  const noChanges =
    plan.classes.length === 0 &&
    plan.pupilCreates.length === 0 &&
    plan.pupilUpdates.length === 0 &&
    plan.familyCreates.length === 0 &&
    plan.familyUpdates.length === 0 &&
    plan.linkAdds.length === 0 &&
    plan.linkRemoves.length === 0;
  return {
    plan,
    rows,
    errors,
    warnings,
    classes: { create: plan.classes.map((c) => c.name), existing: existing.classes.length },
    pupils: pupilsSummary,
    families,
    links: { add: plan.linkAdds.length, remove: plan.linkRemoves.length },
    fingerprint: createHash('sha256').update(JSON.stringify(plan)).digest('hex'),
    noChanges,
  };
}
