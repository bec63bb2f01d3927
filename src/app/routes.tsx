// The app's screens. Each feature owns its folder under features/.
// The timetable is the first screen of a joined phone and loads with the entry chunk;
// joining (with the network client and zod) and settings load on demand, precached.
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { ShellProvider } from './components/ShellContext.tsx';
import { RequireDevice } from './features/join/RequireDevice.tsx';
import { WeekScreen } from './features/timetable/WeekScreen.tsx';

// Joining and the welcome after it, with their strings (features/join.tsx).
const Join = lazy(() => import('./features/join.tsx'));
// Schedules, rewards, child mode and the parent area (settings): one lazy chunk, one
// component that picks the screen (see features/routine.tsx).
const Routine = lazy(() => import('./features/routine.tsx'));

// Learning packs: list, one pack, a file inside the app, print, storage (features/packs.tsx).
const Packs = lazy(() => import('./features/packs.tsx'));

const AbsenceScreen = lazy(() =>
  import('./features/absence/AbsenceScreen.tsx').then((m) => ({ default: m.AbsenceScreen })),
);

const SubmitScreen = lazy(() =>
  import('./features/submit/SubmitScreen.tsx').then((m) => ({ default: m.SubmitScreen })),
);

// Everything that could not be sent as it is (linked from the status bar).
const AttentionScreen = lazy(() =>
  import('./features/attention/AttentionScreen.tsx').then((m) => ({
    default: m.AttentionScreen,
  })),
);

const later = (node: ReactNode) => <Suspense fallback={null}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: '/join', element: later(<Join screen="join" />) },
  { path: '/join/:code', element: later(<Join screen="join" />) },
  {
    path: '/welcome',
    element: (
      <ShellProvider>
        <RequireDevice>{later(<Join screen="welcome" />)}</RequireDevice>
      </ShellProvider>
    ),
  },
  {
    path: '/child',
    element: (
      <ShellProvider>
        <RequireDevice>{later(<Routine screen="child" />)}</RequireDevice>
      </ShellProvider>
    ),
  },
  {
    element: (
      <ShellProvider>
        <RequireDevice>
          <Layout />
        </RequireDevice>
      </ShellProvider>
    ),
    children: [
      { index: true, element: <Navigate to="/week" replace /> },
      { path: '/week', element: <WeekScreen /> },
      { path: '/submit', element: later(<SubmitScreen />) },
      { path: '/absence', element: later(<AbsenceScreen />) },
      { path: '/attention', element: later(<AttentionScreen />) },
      { path: '/settings', element: later(<Routine screen="settings" />) },
      { path: '/schedule', element: later(<Routine screen="day" />) },
      { path: '/schedule/new', element: later(<Routine screen="edit" />) },
      { path: '/schedule/:id', element: later(<Routine screen="play" />) },
      { path: '/schedule/:id/edit', element: later(<Routine screen="edit" />) },
      { path: '/schedule/:id/print', element: later(<Routine screen="print" />) },
      { path: '/rewards/new', element: later(<Routine screen="chart" />) },
      { path: '/packs', element: later(<Packs screen="list" />) },
      { path: '/packs/storage', element: later(<Packs screen="storage" />) },
      { path: '/packs/:id', element: later(<Packs screen="pack" />) },
      { path: '/packs/:id/print', element: later(<Packs screen="print" />) },
      { path: '/packs/:id/files/:fileId', element: later(<Packs screen="file" />) },
      { path: '*', element: <Navigate to="/week" replace /> },
    ],
  },
]);
