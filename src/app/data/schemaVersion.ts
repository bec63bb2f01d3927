// The version of the phone's database schema (the newest `db.version()` in db.ts), in a
// module of its own so the first screen's raw reader can check it without loading Dexie.
export const schemaVersion = 6;
