// npm run create-school -- --name "Oakfield Primary" --admin-email head@oakfield.sch.uk
//   [--admin-name "Ms Head"] [--time-zone Europe/London] [--base-url https://homeward.oakfield.sch.uk]
//   [--valid-days 7]
// Makes a school and its first admin on the database the server uses (DATA_DIR or
// DATABASE_URL), and prints a one-time sign-in link for the admin to choose a password.
// The link is printed to this terminal only: it is not logged, and the database keeps only
// a hash of its token. Run the server with SEED_DEMO=0 so no demo school is made beside it.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, StartupError } from '../src/server/db/database.ts';
import { createSchool, invitePath, SchoolSetupError } from '../src/server/db/schools.ts';

const usage =
  'Usage: npm run create-school -- --name "School name" --admin-email head@school.example [--admin-name "Name"] [--time-zone Europe/London] [--base-url https://…] [--valid-days 7]';

let args;
try {
  args = parseArgs({
    options: {
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      'time-zone': { type: 'string' },
      'base-url': { type: 'string' },
      'valid-days': { type: 'string' },
    },
  }).values;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
  process.exit(2);
}
if (!args.name || !args['admin-email']) {
  console.error(usage);
  process.exit(2);
}

const dataDir = resolve(process.env.DATA_DIR ?? './data');
const base = (
  args['base-url'] ??
  process.env.PUBLIC_URL ??
  `http://localhost:${process.env.PORT ?? 8080}`
).replace(/\/+$/, '');

try {
  const db = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL || undefined });
  try {
    const made = await createSchool(
      db,
      {
        name: args.name,
        adminEmail: args['admin-email'],
        adminName: args['admin-name'],
        timeZone: args['time-zone'],
        validDays: args['valid-days'] ? Number(args['valid-days']) : undefined,
      },
      new Date(),
    );
    console.log(
      [
        `Made ${args.name.trim()} and its first admin, ${args['admin-email'].trim().toLowerCase()}.`,
        ``,
        `Sign-in link (works once, until ${made.expiresAt}):`,
        `  ${base}${invitePath(made.token)}`,
        ``,
        `Open it to choose a password. This link is shown only here; if it is lost, run this`,
        `command again with another email, or ask an admin of the school to invite you.`,
      ].join('\n'),
    );
  } finally {
    await db.destroy();
  }
} catch (err) {
  if (err instanceof SchoolSetupError || err instanceof StartupError) {
    console.error(`No school was made: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
