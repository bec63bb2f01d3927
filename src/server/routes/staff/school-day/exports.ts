// CSV exports (lib/csv.ts: formula characters escaped, UTF-8 with BOM):
//   GET /staff/exports/engagement.csv?classId=&from=&to=   a row per child per school day
//   GET /staff/exports/contact-log.csv?classId=&from=&to=  the log in the range (no flag
//       column unless the caller may see it)
//   GET /staff/exports/feedback-tally.csv?classId=&week=
// No classId: the whole school, leaders only. Every export is written to the log of staff
// access to children's records.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { weekStartOf as mondayOf } from '../../../../shared/calendar.ts';
import {
  contactExportQuerySchema,
  engagementExportQuerySchema,
  tallyExportQuerySchema,
} from '../../../../shared/school-day-api.ts';
import { contactEntries } from '../../../db/contact-log.ts';
import {
  covers,
  noticesByPupil,
  pupilsOfClasses,
  signsByDay,
  statusOf,
} from '../../../db/engagement.ts';
import { feedbackTally } from '../../../db/tally.ts';
import { toCsv, type CsvCell } from '../../../lib/csv.ts';
import {
  addDays,
  daysBetween,
  isSchoolDay,
  localDate,
  localTime,
  zonedInstant,
} from '../../../lib/time.ts';
import {
  classesFor,
  maySeeSafeguarding,
  recordExport,
  schoolOf,
  type ExportRecord,
} from './context.ts';

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const security = [{ staff: [] }];

  async function send(
    reply: FastifyReply,
    name: string,
    fields: string[],
    rows: CsvCell[][],
    record: Omit<ExportRecord, 'rows'>,
  ) {
    await recordExport(app, { ...record, rows: rows.length });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .send(toCsv(fields, rows));
  }

  app.get(
    '/exports/engagement.csv',
    {
      config: {
        access: { can: 'read', scope: [{ kind: 'class', from: 'query.classId', optional: true }] },
      },
      schema: { tags: ['staff'], security, querystring: engagementExportQuerySchema },
    },
    async (req, reply) => {
      const { staff, classes } = await classesFor(app.db, req, req.query.classId);
      const { timeZone } = await schoolOf(app.db, staff.schoolId);
      const classIds = classes.map((c) => c.id);
      const days = daysBetween(req.query.from, req.query.to).filter(isSchoolDay);
      const [pupils, signs, notices] = await Promise.all([
        pupilsOfClasses(app.db, classIds),
        signsByDay(app.db, classIds, days, timeZone),
        noticesByPupil(app.db, classIds, req.query.from, req.query.to),
      ]);
      const rows: CsvCell[][] = [];
      for (const day of days) {
        for (const p of pupils) {
          const s = signs.get(p.id)?.get(day);
          const notice = covers(notices.get(p.id), day);
          rows.push([
            day,
            p.className,
            p.name,
            s?.handedIn ?? 0,
            s?.sessionsDone ?? 0,
            s?.activitiesDone ?? 0,
            s?.stars ?? 0,
            notice?.reason ?? '',
            // Phones' waiting items are now, not history: a past day is "quiet" or better.
            statusOf(s, notice, undefined),
          ]);
        }
      }
      return send(
        reply,
        `engagement-${req.query.from}-to-${req.query.to}.csv`,
        [
          'date',
          'class',
          'child',
          'work handed in',
          'sessions done',
          'activities done',
          'stars',
          'absence notice',
          'status',
        ],
        rows,
        {
          staff,
          what: 'engagement',
          classIds: req.query.classId ? classIds : null,
          range: `${req.query.from}..${req.query.to}`,
        },
      );
    },
  );

  app.get(
    '/exports/contact-log.csv',
    {
      config: {
        access: { can: 'read', scope: [{ kind: 'class', from: 'query.classId', optional: true }] },
      },
      schema: { tags: ['staff'], security, querystring: contactExportQuerySchema },
    },
    async (req, reply) => {
      const { staff, classes } = await classesFor(app.db, req, req.query.classId);
      const { timeZone } = await schoolOf(app.db, staff.schoolId);
      const flags = maySeeSafeguarding(staff);
      const classIds = req.query.classId ? classes.map((c) => c.id) : null;
      const entries = await contactEntries(
        app.db,
        {
          schoolId: staff.schoolId,
          classIds,
          from: zonedInstant(req.query.from, '00:00', timeZone).toISOString(),
          to: zonedInstant(addDays(req.query.to, 1), '00:00', timeZone).toISOString(),
          limit: 100_000,
        },
        flags,
      );
      const fields = ['when', 'family', 'by', 'how', 'outcome', 'note'];
      const rows = entries.map((e): CsvCell[] => {
        const row: CsvCell[] = [
          `${localDate(new Date(e.at), timeZone)} ${localTime(new Date(e.at), timeZone)}`,
          e.familyName,
          e.staffName,
          e.method,
          e.outcome,
          e.note,
        ];
        if (flags) row.push(e.safeguarding?.flagged ? 'yes' : '');
        return row;
      });
      return send(
        reply,
        `contact-log-${req.query.from}-to-${req.query.to}.csv`,
        flags ? [...fields, 'safeguarding concern'] : fields,
        rows,
        { staff, what: 'contact-log', classIds, range: `${req.query.from}..${req.query.to}` },
      );
    },
  );

  app.get(
    '/exports/feedback-tally.csv',
    {
      config: { access: { can: 'read', scope: [{ kind: 'class', from: 'query.classId' }] } },
      schema: { tags: ['staff'], security, querystring: tallyExportQuerySchema },
    },
    async (req, reply) => {
      const { staff, classes } = await classesFor(app.db, req, req.query.classId);
      const { timeZone, settings } = await schoolOf(app.db, staff.schoolId);
      const weekStart = mondayOf(req.query.week ?? localDate(app.now(), timeZone));
      const tally = await feedbackTally(app.db, {
        classIds: classes.map((c) => c.id),
        weekStart,
        timeZone,
        target: settings.feedbackTarget,
      });
      return send(
        reply,
        `feedback-tally-${weekStart}.csv`,
        ['week', 'child', 'work with feedback', 'target', 'below target', 'awaiting feedback'],
        tally.children.map((c) => [
          weekStart,
          c.name,
          c.count,
          tally.target,
          c.below ? 'yes' : '',
          c.awaiting,
        ]),
        {
          staff,
          what: 'feedback-tally',
          classIds: req.query.classId ? classes.map((c) => c.id) : null,
          range: weekStart,
        },
      );
    },
  );
};
