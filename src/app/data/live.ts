// What a live query needs, as one lazily loaded module (see firstHooks.ts).
export { liveQuery } from 'dexie';
export { appDb } from './appDb.ts';
