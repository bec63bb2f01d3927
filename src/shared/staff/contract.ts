// The staff API as one typed table: method, path (under /api/v1/staff), and the zod schemas
// of params, query, body and answer. The Fastify routes take their paths and schemas from
// here, and the workspace's client (src/staff/api/client.ts) builds its requests and
// checks every answer with the same entries, so the two cannot drift apart.
// tests/server/contract.test.ts checks that this table and the server's routes agree.
import { z } from 'zod';
import { API } from '../paths.ts';
import { staffAuditQuerySchema, staffAuditResponseSchema } from './audit.ts';
import {
  idParamsSchema,
  staffClassesResponseSchema,
  staffClassResponseSchema,
  staffFamiliesResponseSchema,
} from './classes.ts';
import { staffMeResponseSchema, staffPasswordBodySchema, staffSignInSchema } from './session.ts';
import {
  rosterCommitQuerySchema,
  rosterCommitResponseSchema,
  rosterReportSchema,
} from '../roster.ts';

export const staffApiBase = `${API}/staff`;

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Endpoint = {
  method: Method;
  /** Under `staffApiBase`; `:name` segments are filled from `params`. */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body is a file's bytes as they are, sent with this media type (not JSON). */
  rawBody?: 'text/csv';
  /** The answer's schema; absent for an empty answer (204). */
  response?: z.ZodType;
};

export const staffEndpoints = {
  signIn: {
    method: 'POST',
    path: '/session',
    body: staffSignInSchema,
    response: staffMeResponseSchema,
  },
  signOut: { method: 'DELETE', path: '/session' },
  me: { method: 'GET', path: '/me', response: staffMeResponseSchema },
  changePassword: { method: 'POST', path: '/password', body: staffPasswordBodySchema },
  classes: { method: 'GET', path: '/classes', response: staffClassesResponseSchema },
  class: {
    method: 'GET',
    path: '/classes/:id',
    params: idParamsSchema,
    response: staffClassResponseSchema,
  },
  families: { method: 'GET', path: '/families', response: staffFamiliesResponseSchema },
  audit: {
    method: 'GET',
    path: '/audit',
    query: staffAuditQuerySchema,
    response: staffAuditResponseSchema,
  },
  /** A CSV download: the workspace links to it rather than calling it. */
  rosterTemplate: { method: 'GET', path: '/roster/template' },
  rosterPreview: {
    method: 'POST',
    path: '/roster/preview',
    rawBody: 'text/csv',
    response: rosterReportSchema,
  },
  rosterCommit: {
    method: 'POST',
    path: '/roster/commit',
    rawBody: 'text/csv',
    query: rosterCommitQuerySchema,
    response: rosterCommitResponseSchema,
  },
} as const satisfies Record<string, Endpoint>;

export type StaffEndpoints = typeof staffEndpoints;
export type StaffEndpointName = keyof StaffEndpoints;

type Part<E, K extends 'params' | 'query' | 'body'> =
  E extends Record<K, z.ZodType> ? { [P in K]: z.input<E[K]> } : { [P in K]?: never };
/** What a call of the endpoint takes: its params, query and body, as the schemas accept them. */
export type EndpointInput<E extends Endpoint> = Part<E, 'params'> &
  Part<E, 'query'> &
  (E extends { rawBody: string } ? { body: Blob } : Part<E, 'body'>);
/** What the endpoint answers, as its schema parses it (void for an empty answer). */
export type EndpointOutput<E extends Endpoint> = E extends { response: z.ZodType }
  ? z.output<E['response']>
  : void;

/** The path with its `:name` segments filled in (each value URI-encoded). */
export function fillPath(path: string, params: Record<string, unknown> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
