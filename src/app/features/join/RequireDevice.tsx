// Screens behind this need a joined phone; otherwise the family is sent to join. While the
// answer is loading the screens render anyway (their own reads run in parallel with this
// one), so a cold start costs one IndexedDB round trip, not two.
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useDevice } from '../../data/hooks.ts';

export function RequireDevice({ children }: { children: ReactNode }) {
  const device = useDevice();
  if (device === null) return <Navigate to="/join" replace />;
  return children;
}
