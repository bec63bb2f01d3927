// One pull: either the change-log entries after the cursor in the family's scopes
// (deduplicated, each answered with the record as it is NOW, or a delete when it is
// gone or no longer visible), or a full snapshot when the cursor is missing, malformed,
// from another database, from the future, or from before the family's children changed.
import type { SyncChange, SyncResponse } from '../../../shared/api.ts';
import type { SyncEntityName } from '../../../shared/entities.ts';
import { changesSince, isPastChangeLog, latestSeq } from '../../db/changes.ts';
import type { Db } from '../../db/database.ts';
import { formatCursor, parseCursor } from './cursor.ts';
import type { FamilyScope } from './scope.ts';
import { entityOrder, loadVisible } from './visible.ts';

export const defaultPageSize = 500;

export async function pull(
  db: Db,
  epoch: string,
  scope: FamilyScope,
  since: string | undefined,
  limit = defaultPageSize,
): Promise<SyncResponse> {
  const cursor = parseCursor(since);
  const usable = cursor && cursor.epoch === epoch && cursor.version === scope.version;
  if (!usable) return snapshot(db, epoch, scope, limit, null);
  if (cursor.kind === 'snapshot') {
    if (cursor.entity >= entityOrder.length || (await isPastChangeLog(db, cursor.seq))) {
      return snapshot(db, epoch, scope, limit, null);
    }
    return snapshot(db, epoch, scope, limit, cursor);
  }

  const rows = await changesSince(db, scope.scopeIds, cursor.seq, limit + 1);
  if (rows.length === 0) {
    // Nothing new, unless the cursor is ahead of this database (restored from backup).
    if (await isPastChangeLog(db, cursor.seq)) return snapshot(db, epoch, scope, limit, null);
    return { cursor: since ?? '', more: false, reset: false, changes: [] };
  }
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];

  // Several entries for one record collapse into one answer: its current state.
  const order: string[] = [];
  const idsByEntity = new Map<SyncEntityName, Set<string>>();
  for (const r of page) {
    const entity = r.entity as SyncEntityName;
    let ids = idsByEntity.get(entity);
    if (!ids) idsByEntity.set(entity, (ids = new Set()));
    if (!ids.has(r.entity_id)) {
      ids.add(r.entity_id);
      order.push(`${entity}:${r.entity_id}`);
    }
  }
  const found = new Map<string, SyncChange>();
  for (const [entity, ids] of idsByEntity) {
    const visible = await loadVisible(db, scope, entity, { ids: [...ids], limit: ids.size });
    for (const u of visible) found.set(`${entity}:${u.data.id}`, u);
  }
  const changes = order.map((key): SyncChange => {
    const hit = found.get(key);
    if (hit) return hit;
    const sep = key.indexOf(':');
    return { op: 'delete', entity: key.slice(0, sep) as SyncEntityName, id: key.slice(sep + 1) };
  });
  return {
    cursor: formatCursor({
      kind: 'delta',
      epoch,
      version: scope.version,
      seq: last?.seq ?? cursor.seq,
    }),
    more,
    reset: false,
    changes,
  };
}

async function snapshot(
  db: Db,
  epoch: string,
  scope: FamilyScope,
  limit: number,
  from: { seq: number; entity: number; afterId: string } | null,
): Promise<SyncResponse> {
  // Read the high-water mark BEFORE the rows: anything written meanwhile has a higher
  // seq and arrives as a delta afterwards.
  const seq = from ? from.seq : await latestSeq(db);
  const changes: SyncChange[] = [];
  let entityIndex = from?.entity ?? 0;
  let afterId = from?.afterId;
  const continueAfter = (entity: number, id: string): SyncResponse => ({
    cursor: formatCursor({
      kind: 'snapshot',
      epoch,
      version: scope.version,
      seq,
      entity,
      afterId: id,
    }),
    more: true,
    reset: from === null,
    changes,
  });
  let lastSent: { entity: number; id: string } | null = null;
  while (entityIndex < entityOrder.length) {
    const entity = entityOrder[entityIndex] as SyncEntityName;
    const want = limit - changes.length;
    // The page is full exactly at the end of a type: the next page starts after it.
    if (want === 0 && lastSent) return continueAfter(lastSent.entity, lastSent.id);
    const rows = await loadVisible(db, scope, entity, { afterId, limit: want + 1 });
    const page = rows.length > want ? rows.slice(0, want) : rows;
    changes.push(...page);
    const last = page[page.length - 1];
    if (last) lastSent = { entity: entityIndex, id: last.data.id };
    if (rows.length > want && lastSent) return continueAfter(lastSent.entity, lastSent.id);
    entityIndex++;
    afterId = undefined;
  }
  return {
    cursor: formatCursor({ kind: 'delta', epoch, version: scope.version, seq }),
    more: false,
    reset: from === null,
    changes,
  };
}
