// One live read of the shell's data (data/shell.ts) shared by everything in the frame:
// the header, the child switcher, the sync status, the banners and the screens.
import { createContext, useContext, useLayoutEffect, type ReactNode } from 'react';
import { useShellQuery } from '../data/firstHooks.ts';
import type { Shell } from '../data/shell.ts';

const ShellContext = createContext<Shell | undefined>(undefined);

export function ShellProvider({ children }: { children: ReactNode }) {
  const shell = useShellQuery();
  const display = shell?.display;
  // The phone's display choices (parent area) as attributes the style sheet reads.
  useLayoutEffect(() => {
    if (!display) return;
    const root = document.documentElement.dataset;
    root.text = display.textSize;
    root.contrast = display.contrast;
    root.font = display.font;
    root.motion = display.motion;
  }, [display]);
  return <ShellContext.Provider value={shell}>{children}</ShellContext.Provider>;
}

/** `undefined` only until IndexedDB first answers. */
export function useShell(): Shell | undefined {
  return useContext(ShellContext);
}
