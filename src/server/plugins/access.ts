// The one access check of every staff route. A route declares, in its options,
//   config: { access: { can: 'support', scope: [{ kind: 'pupil', from: 'body.pupilId' }],
//                       audit: { kind: 'visual-schedules' } } }
// and this plugin's preHandler (after the session check and schema validation, before the
// handler) enforces it:
//   - not signed in → 401 (plugins/auth.ts, before the body is even read);
//   - the member's role may not do `can` (src/shared/staff/roles.ts) → 403 `forbidden`;
//   - each id named in `scope` must be a record of the member's school and, for teachers
//     and teaching assistants, of one of their classes → else 404, exactly as for an id
//     that does not exist (never confirm that another class's or school's ids exist).
//     `optional`: the field may be absent; `mayNotExist`: a PUT may create the record.
// With `audit`, a successful answer writes who read (or exported) whose records, when.
// A staff route without `access` stops the server at start-up: no route is open by
// forgetting. Lists with no id to check filter by `reachOf(req).classIds` themselves.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditAction, AuditSubjectType, Capability } from '../../shared/staff/roles.ts';
import { may, reachesWholeSchool } from '../../shared/staff/roles.ts';
import { API } from '../../shared/paths.ts';
import { recordAudit } from '../db/staff-audit.ts';
import { reachOf as reachOfRecord, type Reach, type ReachKind } from '../db/staff-reach.ts';
import { HttpError, notFound } from '../lib/http-error.ts';
import { staffOf } from './auth.ts';
import { globalPlugin } from './plugin.ts';

type From = `params.${string}` | `query.${string}` | `body.${string}`;

export type ScopeRef = {
  kind: ReachKind;
  from: From;
  /** The field may be absent (an optional query or body field). */
  optional?: boolean;
  /** No record with this id yet is fine: the route creates it (idempotent PUT). */
  mayNotExist?: boolean;
};

export type RouteAccess =
  | 'public'
  | {
      can: Capability;
      /** Every id the request names; [] for routes that name none (lists filter themselves). */
      scope: ScopeRef[];
      /** Reading children's records: written to the audit log when the answer is a success. */
      audit?: { kind: string; action?: AuditAction };
    };

export type RequestReach = {
  /** The classes the member reaches; null: every class of the school. */
  classIds: string[] | null;
  /** Whose records the request touched (the audit log's subjects). */
  subjects: { type: AuditSubjectType; id: string }[];
};

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    reach: RequestReach | null;
  }
}

const staffPrefix = `${API}/staff`;

const toArray = <T>(hook: T | T[] | undefined): T[] =>
  hook === undefined ? [] : Array.isArray(hook) ? hook : [hook];

/** The 404's words: the same whether the record is elsewhere or does not exist. */
const labels: Record<ReachKind, string> = {
  class: 'class',
  pupil: 'pupil',
  week: 'timetable week',
  session: 'session',
  submission: 'submission',
  page: 'page',
  absenceNotice: 'absence notice',
  family: 'family',
  device: 'device',
  joinCode: 'join code',
  pack: 'pack',
  schedule: 'schedule',
  chart: 'reward chart',
  media: 'picture or sound clip',
  paperRequest: 'paper request',
};

const forbidden = () =>
  new HttpError(403, 'forbidden', 'Your role in the school does not let you do this.');

function valueAt(req: FastifyRequest, from: From): unknown {
  const [part, key] = from.split('.') as ['params' | 'query' | 'body', string];
  const container = req[part];
  if (container === null || typeof container !== 'object') return undefined;
  return (container as Record<string, unknown>)[key];
}

/** What the signed-in member reaches on this request (set by the access check). */
export function reachOf(req: FastifyRequest): RequestReach {
  if (!req.reach) throw new Error(`no access check ran for ${req.method} ${req.url}`);
  return req.reach;
}

async function check(req: FastifyRequest) {
  const access = req.routeOptions.config.access;
  if (access === undefined || access === 'public') return;
  const staff = staffOf(req);
  if (!may(staff.role, access.can)) throw forbidden();
  const wholeSchool = reachesWholeSchool(staff.role);
  const subjects: RequestReach['subjects'] = [];
  for (const ref of access.scope) {
    const value = valueAt(req, ref.from);
    if (value === undefined || value === null) {
      if (ref.optional) continue;
      throw notFound(`No such ${labels[ref.kind]}.`);
    }
    const reach: Reach | undefined = await reachOfRecord[ref.kind](req.server.db, String(value));
    if (!reach) {
      if (ref.mayNotExist) continue;
      throw notFound(`No such ${labels[ref.kind]}.`);
    }
    const inReach =
      reach.schoolId === staff.schoolId &&
      (wholeSchool ||
        reach.classIds === null ||
        reach.classIds.some((c) => staff.classIds.includes(c)));
    if (!inReach) throw notFound(`No such ${labels[ref.kind]}.`);
    subjects.push(reach.subject);
  }
  req.reach = { classIds: wholeSchool ? null : staff.classIds, subjects };
}

async function audit(req: FastifyRequest, reply: FastifyReply) {
  const access = req.routeOptions.config.access;
  if (access === undefined || access === 'public' || !access.audit) return;
  if (!req.reach || !req.staff || reply.statusCode >= 400) return;
  const seen = new Set<string>();
  const subjects = (
    req.reach.subjects.length > 0
      ? req.reach.subjects
      : [{ type: 'school' as const, id: req.staff.schoolId }]
  ).filter((s) => {
    const key = `${s.type}:${s.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  await recordAudit(req.server.db, {
    schoolId: req.staff.schoolId,
    staffId: req.staff.id,
    action: access.audit.action ?? 'view',
    kind: access.audit.kind,
    subjects,
    at: req.server.now().toISOString(),
  });
}

export const accessPlugin = globalPlugin(async (app) => {
  app.decorateRequest('reach', null);
  // The hooks go on the staff routes only: family routes (a sync is the hottest path)
  // never pay for them.
  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith(staffPrefix)) return;
    const access = route.config?.access;
    if (access === undefined) {
      throw new Error(
        `${String(route.method)} ${url} declares no access (config.access): see plugins/access.ts`,
      );
    }
    if (access === 'public') return;
    route.preHandler = [check, ...toArray(route.preHandler)];
    // onSend, not onResponse: the entry is written before the answer leaves, so a read the
    // log could not record is not served (the write's error becomes the answer).
    if (access.audit) {
      route.onSend = [
        ...toArray(route.onSend),
        async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
          await audit(req, reply);
          return payload;
        },
      ];
    }
  });
}, 'homeward-access');
