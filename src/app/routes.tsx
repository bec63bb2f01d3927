// The app's screens. Each feature owns its folder under features/.
import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireDevice } from './features/join/RequireDevice.tsx';
import { JoinScreen } from './features/join/JoinScreen.tsx';
import { SettingsScreen } from './features/settings/SettingsScreen.tsx';
import { WeekScreen } from './features/timetable/WeekScreen.tsx';

export const router = createBrowserRouter([
  { path: '/join', element: <JoinScreen /> },
  { path: '/join/:code', element: <JoinScreen /> },
  {
    element: (
      <RequireDevice>
        <Layout />
      </RequireDevice>
    ),
    children: [
      { index: true, element: <Navigate to="/week" replace /> },
      { path: '/week', element: <WeekScreen /> },
      { path: '/settings', element: <SettingsScreen /> },
      { path: '*', element: <Navigate to="/week" replace /> },
    ],
  },
]);
