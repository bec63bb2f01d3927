// One live read of the shell's data (data/shell.ts) shared by everything in the frame:
// the header, the child switcher, the sync status, the banners and the screens.
import { createContext, useContext, type ReactNode } from 'react';
import { useShellQuery } from '../data/hooks.ts';
import type { Shell } from '../data/shell.ts';

const ShellContext = createContext<Shell | undefined>(undefined);

export function ShellProvider({ children }: { children: ReactNode }) {
  const shell = useShellQuery();
  return <ShellContext.Provider value={shell}>{children}</ShellContext.Provider>;
}

/** `undefined` only until IndexedDB first answers. */
export function useShell(): Shell | undefined {
  return useContext(ShellContext);
}
