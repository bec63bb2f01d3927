// A test knob (`futureSyncChanges`, env `HOMEWARD_TEST_FUTURE_SYNC=1`): every sync page also
// carries changes only a newer build would understand, as a server a release ahead of the
// phone would send them: an entity the phone does not know, a delete of one, and a copy of
// a timetable session with a kind it does not know. The browser tests stage "build N
// phone, build N+1 server" with it; never set in production.
import { v7 as uuidv7 } from 'uuid';
import type { SyncResponse } from '../../../shared/api.ts';

export function withFutureChanges(page: SyncResponse): unknown {
  const session = page.changes.find((c) => c.op === 'upsert' && c.entity === 'timetableSession');
  const extra: unknown[] = [
    { op: 'upsert', entity: 'learningBadge', data: { id: uuidv7(), title: 'Star reader' } },
    { op: 'delete', entity: 'learningBadge', id: uuidv7() },
  ];
  if (session?.op === 'upsert') {
    extra.push({ ...session, data: { ...session.data, id: uuidv7(), kind: 'workshop' } });
  }
  return { ...page, changes: [...page.changes, ...extra] };
}
