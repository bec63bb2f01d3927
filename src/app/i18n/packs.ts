// The "packs" namespace: learning packs, their files and the storage screen. Loaded with
// those screens (top-level await in features/packs.tsx), never with the first screen.
import { addNamespace } from './index.ts';

export const packsReady = addNamespace('packs', {
  en: () => import('./packs/en.json'),
  ar: () => import('./packs/ar.json'),
  ur: () => import('./packs/ur.json'),
  pl: () => import('./packs/pl.json'),
});
