// rosterImport1000Ms: a school's first roster import, a 1,000-pupil CSV (two classes,
// ~1,330 carers, as a management system exports it): the preview (decode, parse,
// validate, plan against the stored roster) plus the commit (plan again and apply in one
// transaction), on the real SQLite database of a fresh app. Median of 5 fresh schools.
// Also the re-import of the same file (a preview that finds nothing to change).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../src/server/app.ts';
import { commitRosterFile, previewRosterFile } from '../../src/server/db/roster.ts';
import { bigClass, rosterCsv } from '../../tests/server/roster-fixtures.ts';
import type { Measure } from '../lib/context.ts';
import { median } from '../lib/stats.ts';

const runs = 5;

export const roster: Measure = {
  name: 'roster',
  title: 'Roster import (1,000 pupils)',
  async run() {
    const bytes = Buffer.from(rosterCsv(bigClass(1000)));
    const imports: number[] = [];
    const previews: number[] = [];
    const reimports: number[] = [];
    let pupils = 0;
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'homeward-bench-roster-'));
      const app = await buildApp({ dataDir: dir, distDir: false });
      try {
        const { id: schoolId } = await app.db
          .selectFrom('schools')
          .select('id')
          .executeTakeFirstOrThrow();
        const t0 = performance.now();
        const { report } = await previewRosterFile(app.db, schoolId, bytes);
        const t1 = performance.now();
        const done = await commitRosterFile(
          app.db,
          schoolId,
          bytes,
          report.fingerprint,
          new Date(),
        );
        const t2 = performance.now();
        const again = await previewRosterFile(app.db, schoolId, bytes);
        const t3 = performance.now();
        if (!again.report.noChanges)
          throw new Error('re-importing the same file would change something');
        pupils = done.created.pupils.length;
        previews.push(t1 - t0);
        imports.push(t2 - t0);
        reimports.push(t3 - t2);
      } finally {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return {
      values: {
        rosterImport1000Ms: Math.round(median(imports)),
        rosterPreview1000Ms: Math.round(median(previews)),
        rosterReimport1000Ms: Math.round(median(reimports)),
      },
      details: [
        `${(bytes.length / 1024).toFixed(0)} KB CSV, ${pupils} pupils made; median of ${runs} fresh schools`,
        `preview + commit: ${imports.map((v) => v.toFixed(0)).join(', ')} ms`,
        `preview alone: ${previews.map((v) => v.toFixed(0)).join(', ')} ms; re-import preview: ${reimports.map((v) => v.toFixed(0)).join(', ')} ms`,
      ],
    };
  },
};
