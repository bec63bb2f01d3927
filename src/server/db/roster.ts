// The roster import's SQL: the school's roster as stored (what a preview is planned
// against), and the commit, which plans again inside ONE transaction and applies the plan
// only if it is the one staff previewed (its fingerprint) and has no errors. So a commit
// is all or nothing, and a roster changed by someone else since the preview is a 409,
// never a surprise.
import { v7 as uuid } from 'uuid';
import type { Transaction } from 'kysely';
import { HttpError } from '../lib/http-error.ts';
import {
  defaultRosterLimits,
  previewRoster,
  type ExistingRoster,
  type Plan,
  type RosterLimits,
  type RosterPreview,
} from '../roster/index.ts';
import type { RosterCommitResponse } from '../../shared/roster.ts';
import { recordChanges, type ChangeEntry } from './changes.ts';
import type { Db } from './database.ts';
import type { Database } from './schema.ts';

type Executor = Db | Transaction<Database>;

export async function loadRoster(db: Executor, schoolId: string): Promise<ExistingRoster> {
  const classes = await db
    .selectFrom('classes')
    .select(['id', 'name'])
    .where('school_id', '=', schoolId)
    .orderBy('id')
    .execute();
  const pupils = await db
    .selectFrom('pupils')
    .innerJoin('classes', 'classes.id', 'pupils.class_id')
    .select([
      'pupils.id',
      'pupils.class_id',
      'pupils.mis_id',
      'pupils.full_name',
      'pupils.display_name',
      'pupils.key_stage',
      'pupils.year_group',
      'pupils.visual_support',
    ])
    .where('classes.school_id', '=', schoolId)
    .orderBy('pupils.id')
    .execute();
  const families = await db
    .selectFrom('families')
    .select(['id', 'name', 'phone', 'home_language'])
    .where('school_id', '=', schoolId)
    .where('phone', 'is not', null)
    .orderBy('id')
    .execute();
  const links = await db
    .selectFrom('family_pupils')
    .innerJoin('families', 'families.id', 'family_pupils.family_id')
    .select(['family_pupils.family_id', 'family_pupils.pupil_id'])
    .where('families.school_id', '=', schoolId)
    .orderBy('family_pupils.family_id')
    .orderBy('family_pupils.pupil_id')
    .execute();
  return {
    classes,
    pupils,
    families: families.map((f) => ({ ...f, phone: f.phone ?? '' })),
    links,
  };
}

export async function previewRosterFile(
  db: Db,
  schoolId: string,
  bytes: Uint8Array,
  limits: RosterLimits = defaultRosterLimits,
): Promise<RosterPreview> {
  return previewRoster(bytes, await loadRoster(db, schoolId), limits);
}

/** Rows per insert: at most 9 values a row, well under either database's parameter limit. */
const chunk = 500;
async function insertChunks<T extends keyof Database & string>(
  trx: Transaction<Database>,
  table: T,
  rows: Parameters<ReturnType<Transaction<Database>['insertInto']>['values']>[0][],
) {
  for (let i = 0; i < rows.length; i += chunk) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as never)
      .execute();
  }
}

/**
 * Applies the file if its plan, made again against the roster inside the transaction,
 * is the previewed one: 422 `roster_invalid` with the report when the file has errors,
 * 409 `roster_changed` with the new report when the plan is not the previewed one.
 */
export async function commitRosterFile(
  db: Db,
  schoolId: string,
  bytes: Uint8Array,
  fingerprint: string,
  now: Date,
  limits: RosterLimits = defaultRosterLimits,
): Promise<RosterCommitResponse> {
  return db.transaction().execute(async (trx) => {
    const { report, plan } = previewRoster(bytes, await loadRoster(trx, schoolId), limits);
    if (!plan) {
      throw new HttpError(422, 'roster_invalid', 'The file has errors; nothing was imported.', {
        report,
      });
    }
    if (report.fingerprint !== fingerprint) {
      throw new HttpError(
        409,
        'roster_changed',
        'The roster changed since this file was previewed (or the file is another one): check the new preview and import again.',
        { report },
      );
    }
    const created = await applyPlan(trx, schoolId, plan, now.toISOString());
    return { report, created };
  });
}

async function applyPlan(
  trx: Transaction<Database>,
  schoolId: string,
  plan: Plan,
  at: string,
): Promise<RosterCommitResponse['created']> {
  const ids = new Map<string, string>();
  const idOf = (ref: string) => (ref.startsWith('new:') ? (ids.get(ref) as string) : ref);
  for (const c of plan.classes) ids.set(c.ref, uuid());
  for (const p of plan.pupilCreates) ids.set(p.ref, uuid());
  for (const f of plan.familyCreates) ids.set(f.ref, uuid());

  await insertChunks(
    trx,
    'classes',
    plan.classes.map((c) => ({
      id: idOf(c.ref),
      school_id: schoolId,
      name: c.name,
      updated_at: at,
    })),
  );
  await insertChunks(
    trx,
    'pupils',
    plan.pupilCreates.map((p) => ({
      id: idOf(p.ref),
      class_id: idOf(p.classRef),
      ...p.fields,
      updated_at: at,
    })),
  );
  for (const p of plan.pupilUpdates) {
    await trx
      .updateTable('pupils')
      .set({ ...p.fields, class_id: idOf(p.classRef), updated_at: at })
      .where('id', '=', p.id)
      .execute();
  }
  await insertChunks(
    trx,
    'families',
    plan.familyCreates.map((f) => ({
      id: idOf(f.ref),
      school_id: schoolId,
      name: f.name,
      phone: f.phone,
      home_language: f.home_language,
      scope_version: 1,
      created_at: at,
    })),
  );
  for (const f of plan.familyUpdates) {
    await trx
      .updateTable('families')
      .set({ name: f.name, home_language: f.home_language })
      .where('id', '=', f.id)
      .execute();
  }
  for (const l of plan.linkRemoves) {
    await trx
      .deleteFrom('family_pupils')
      .where('family_id', '=', l.familyId)
      .where('pupil_id', '=', l.pupilId)
      .execute();
  }
  await insertChunks(
    trx,
    'family_pupils',
    plan.linkAdds.map((l) => ({ family_id: idOf(l.familyRef), pupil_id: idOf(l.pupilRef) })),
  );

  // A family whose children, or their classes, changed syncs afresh (sync/cursor.ts).
  const moved = plan.pupilUpdates
    .filter((p) => idOf(p.classRef) !== p.fromClassId)
    .map((p) => p.id);
  // New families have no phones yet: nothing to start afresh.
  const rescoped = new Set<string>([
    ...plan.linkAdds.filter((l) => !l.familyRef.startsWith('new:')).map((l) => l.familyRef),
    ...plan.linkRemoves.map((l) => l.familyId),
  ]);
  for (let i = 0; i < moved.length; i += chunk) {
    const rows = await trx
      .selectFrom('family_pupils')
      .select('family_id')
      .where('pupil_id', 'in', moved.slice(i, i + chunk))
      .execute();
    for (const r of rows) rescoped.add(r.family_id);
  }
  const bump = [...rescoped];
  for (let i = 0; i < bump.length; i += chunk) {
    await trx
      .updateTable('families')
      .set((eb) => ({ scope_version: eb('scope_version', '+', 1) }))
      .where('id', 'in', bump.slice(i, i + chunk))
      .execute();
  }

  const changes: ChangeEntry[] = [
    ...plan.classes.map((c): ChangeEntry => ({
      scopes: [{ type: 'class', id: idOf(c.ref) }],
      entity: 'class',
      entityId: idOf(c.ref),
      op: 'upsert',
    })),
    ...plan.pupilCreates.map((p): ChangeEntry => ({
      scopes: [
        { type: 'pupil', id: idOf(p.ref) },
        { type: 'class', id: idOf(p.classRef) },
      ],
      entity: 'pupil',
      entityId: idOf(p.ref),
      op: 'upsert',
    })),
    ...plan.pupilUpdates.map((p): ChangeEntry => ({
      scopes: [
        { type: 'pupil', id: p.id },
        { type: 'class', id: idOf(p.classRef) },
        { type: 'class', id: p.fromClassId },
      ],
      entity: 'pupil',
      entityId: p.id,
      op: 'upsert',
    })),
  ];
  await recordChanges(trx, changes);
  return {
    classes: plan.classes.map((c) => idOf(c.ref)),
    pupils: plan.pupilCreates.map((p) => idOf(p.ref)),
    families: plan.familyCreates.map((f) => idOf(f.ref)),
  };
}
