// The workspace's pages, under /staff. Everything but sign-in needs a staff session.
import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { NotFoundScreen } from './components/NotFoundScreen.tsx';
import { PasswordScreen } from './features/account/PasswordScreen.tsx';
import { AuditScreen } from './features/audit/AuditScreen.tsx';
import { ClassScreen } from './features/classes/ClassScreen.tsx';
import { ClassesScreen } from './features/classes/ClassesScreen.tsx';
import { SignInScreen } from './features/sign-in/SignInScreen.tsx';
import { RequireStaff } from './session/SessionContext.tsx';

export const staffBase = '/staff';

export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInScreen /> },
    {
      element: (
        <RequireStaff>
          <Layout />
        </RequireStaff>
      ),
      children: [
        { index: true, element: <ClassesScreen /> },
        { path: 'classes/:classId', element: <ClassScreen /> },
        { path: 'account/password', element: <PasswordScreen /> },
        { path: 'audit', element: <AuditScreen /> },
        { path: '*', element: <NotFoundScreen /> },
      ],
    },
  ],
  { basename: staffBase },
);
