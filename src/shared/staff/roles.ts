// Staff roles and what each may do: the one table the server's access check
// (src/server/plugins/access.ts) and the workspace (what it offers) both read. No zod here,
// so the workspace can use it without the schema library.

export const staffRoles = ['teacher', 'teaching_assistant', 'senco', 'dsl', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Roles that reach only the classes they are assigned to; the others reach the whole school. */
export const classScopedRoles: readonly StaffRole[] = ['teacher', 'teaching_assistant'];

export const reachesWholeSchool = (role: StaffRole) => !classScopedRoles.includes(role);

/**
 * What a role may do, by capability. A role not listed gets 403 `forbidden`; whether the
 * thing is within the member's reach (their school; for teachers and teaching assistants
 * their classes) is a separate check that answers 404.
 */
export const capabilities = {
  /** Read classes, pupils, families, returned work, notices, schedules, charts, packs. */
  read: staffRoles,
  /** Publish the week: timetables, learning packs and their files. */
  publish: ['teacher', 'senco', 'admin'],
  /**
   * Work with the children: mark work seen, reply, make visual schedules and reward
   * charts, upload the pictures and clips they use, post paper copies.
   */
  support: ['teacher', 'teaching_assistant', 'senco', 'admin'],
  /** Acknowledge a family's absence notice. */
  acknowledge: staffRoles,
  /** Issue and revoke join codes, revoke a family's phone (a lost phone is a safeguarding matter). */
  families: ['teacher', 'dsl', 'admin'],
  /** See the whole school's engagement and summaries (the school's leaders). */
  lead: ['senco', 'dsl', 'admin'],
  /** Flag a safeguarding concern on a contact log entry, and see the flags. */
  safeguarding: ['dsl', 'admin'],
  /** Read the audit log; run the school (settings, staff, roster). */
  admin: ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;
export type Capability = keyof typeof capabilities;

export const may = (role: StaffRole, capability: Capability): boolean =>
  (capabilities[capability] as readonly StaffRole[]).includes(role);

/** Audit entries: what was done with the records. */
export const auditActions = ['view', 'export'] as const;
export type AuditAction = (typeof auditActions)[number];
/** Whose records: one child, a class, a family, or the school's (a list across classes). */
export const auditSubjectTypes = ['pupil', 'class', 'family', 'school'] as const;
export type AuditSubjectType = (typeof auditSubjectTypes)[number];
