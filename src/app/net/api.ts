// Typed calls to the school's server, answers checked with the shared zod schemas. Kept
// apart from ./http.ts so zod loads only where these calls are made (after first paint).
import {
  API,
  joinResponseSchema,
  syncChangeSchema,
  type JoinRequest,
  type JoinResponse,
  type SyncChange,
} from '../../shared/api.ts';
import { z } from 'zod';
import type { Http, Parser } from './http.ts';
import { formatOutboxReport, outboxHeader, type OutboxReport } from '../../shared/outbox-report.ts';

const parserOf =
  <S extends z.ZodType>(schema: S): Parser<z.infer<S>> =>
  (data) =>
    schema.safeParse(data);

export function join(http: Http, request: JoinRequest): Promise<JoinResponse> {
  return http.json(`${API}/join`, parserOf(joinResponseSchema), {
    method: 'POST',
    body: JSON.stringify(request),
  });
}

/** A sync page as this build reads it: the envelope is checked whole, each change alone. */
const syncEnvelopeSchema = z.object({
  cursor: z.string(),
  more: z.boolean(),
  reset: z.boolean(),
  changes: z.array(z.unknown()),
});

export type PulledPage = {
  cursor: string;
  more: boolean;
  reset: boolean;
  changes: SyncChange[];
  /** Changes this build cannot read (an entity or value newer than it), by entity name. */
  skipped: Record<string, number>;
};

/**
 * A newer server may send an entity this build does not know, or a value it does not:
 * such a change is skipped and counted, and the rest of the page is applied, so a phone
 * not yet updated keeps syncing ("restore on read", change by change).
 */
export function readSyncPage(data: unknown): ReturnType<Parser<PulledPage>> {
  const envelope = syncEnvelopeSchema.safeParse(data);
  if (!envelope.success) return { success: false };
  const changes: SyncChange[] = [];
  const skipped: Record<string, number> = {};
  for (const raw of envelope.data.changes) {
    const change = syncChangeSchema.safeParse(raw);
    if (change.success) {
      changes.push(change.data);
    } else {
      const entity = (raw as { entity?: unknown } | null)?.entity;
      const name = typeof entity === 'string' ? entity.slice(0, 40) : '?';
      skipped[name] = (skipped[name] ?? 0) + 1;
    }
  }
  return { success: true, data: { ...envelope.data, changes, skipped } };
}

export function pull(
  http: Http,
  token: string,
  since: string | undefined,
  outbox?: OutboxReport,
): Promise<PulledPage> {
  const query = since ? `?since=${encodeURIComponent(since)}` : '';
  const headers = outbox ? { [outboxHeader]: formatOutboxReport(outbox) } : undefined;
  return http.json(`${API}/sync${query}`, readSyncPage, { token, headers });
}
