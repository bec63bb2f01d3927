// The "welcome" namespace: joining (what is wrong with a typed code) and the welcome after
// it. Loaded with the join screens (features/join.tsx), never with a joined phone's first
// screen.
import { addNamespace } from './index.ts';

export const welcomeReady = addNamespace('welcome', {
  en: () => import('./welcome/en.json'),
  ar: () => import('./welcome/ar.json'),
  ur: () => import('./welcome/ur.json'),
  pl: () => import('./welcome/pl.json'),
});
