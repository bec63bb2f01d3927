// The "attention" namespace: why an item could not be sent and what the family can do
// (try again, take the photos again, remove). Loaded with the screens that show such items
// (hand-in, absence, packs, routine, the attention list), never with the first screen.
import { addNamespace } from './index.ts';

export const attentionReady = addNamespace('attention', {
  en: () => import('./attention/en.json'),
  ar: () => import('./attention/ar.json'),
  ur: () => import('./attention/ur.json'),
  pl: () => import('./attention/pl.json'),
});
