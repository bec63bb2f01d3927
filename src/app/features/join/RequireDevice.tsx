// Screens behind this need a joined phone; otherwise the family is sent to join. While the
// answer is loading the screens render anyway (their own reads run in parallel with this
// one), so a cold start costs one IndexedDB round trip, not two.
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useShell } from '../../components/ShellContext.tsx';

export function RequireDevice({ children }: { children: ReactNode }) {
  const shell = useShell();
  if (shell && shell.device === null) return <Navigate to="/join" replace />;
  return children;
}
