// Screens behind this need a joined phone; otherwise the family is sent to join.
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useDevice } from '../../data/hooks.ts';

export function RequireDevice({ children }: { children: ReactNode }) {
  const device = useDevice();
  if (device === undefined) return null; // IndexedDB answers in a few ms; no flash
  if (device === null) return <Navigate to="/join" replace />;
  return children;
}
