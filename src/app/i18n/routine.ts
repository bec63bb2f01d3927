// The "routine" namespace: visual schedules, reward charts, child mode and the parent
// area. Loaded with those screens (top-level await in features/routine.ts), never with
// the first screen.
import { addNamespace } from './index.ts';

export const routineReady = addNamespace('routine', {
  en: () => import('./routine/en.json'),
  ar: () => import('./routine/ar.json'),
  ur: () => import('./routine/ur.json'),
  pl: () => import('./routine/pl.json'),
});
