// The sync cursor, opaque to the phone:
//   1.<epoch>.<scopeVersion>.<seq>                      after a delta or a finished snapshot
//   1.<epoch>.<scopeVersion>.<seq>.<entityIndex>.<id>   in the middle of a paged snapshot
// `epoch` names the database (a cursor from another one is unknown), `scopeVersion` the
// family's set of children (when it changes the phone must start again), `seq` the last
// change-log entry the phone has. A snapshot page carries the seq the snapshot started
// at, so changes made while the phone pages through it come afterwards as deltas.
export type Cursor =
  | { kind: 'delta'; epoch: string; version: number; seq: number }
  | {
      kind: 'snapshot';
      epoch: string;
      version: number;
      seq: number;
      entity: number;
      afterId: string;
    };

const int = /^(0|[1-9]\d{0,15})$/;

export function parseCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  const parts = raw.split('.');
  const [format, epoch, version, seq, entity, afterId] = parts;
  if (format !== '1' || !epoch || !version || !seq || !int.test(version) || !int.test(seq)) {
    return null;
  }
  if (parts.length === 4) return { kind: 'delta', epoch, version: +version, seq: +seq };
  if (
    parts.length === 6 &&
    entity &&
    int.test(entity) &&
    afterId &&
    /^[0-9a-f-]{36}$/.test(afterId)
  ) {
    return { kind: 'snapshot', epoch, version: +version, seq: +seq, entity: +entity, afterId };
  }
  return null;
}

export function formatCursor(c: Cursor): string {
  const base = `1.${c.epoch}.${c.version}.${c.seq}`;
  return c.kind === 'delta' ? base : `${base}.${c.entity}.${c.afterId}`;
}
