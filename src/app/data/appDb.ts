// The app's one database handle. Tests open their own with openDatabase().
import { openDatabase, type HomewardDB } from './db.ts';

export const appDb: HomewardDB = openDatabase();
