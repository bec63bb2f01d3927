// The staff workspace's entry (staff.html, served at /staff): language, then the router.
// No service worker and no storage of families' data: the workspace is online-first.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { setupI18n } from './i18n/index.ts';
import { router } from './routes.tsx';
import './styles.css';

await setupI18n();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from staff.html');
createRoot(root).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
