// Entry point: language first (so the first paint is in the family's language and
// direction), then the router. The sync engine and the service worker bridge start after
// the first screen is drawn (pwa/firstScreen.ts), so they never delay it.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { forgetPreloaded, preloadFirstScreen } from './data/preload.ts';
import { setupI18n } from './i18n/index.ts';
import { registerServiceWorker } from './pwa/bridge.ts';
import { afterFirstScreen } from './pwa/firstScreen.ts';
import { listenForInstallPrompt } from './pwa/install.ts';
import { router } from './routes.tsx';
import { startSync } from './sync/request.ts';
import './styles.css';

listenForInstallPrompt();
await Promise.all([setupI18n(), preloadFirstScreen(location.pathname)]);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);

afterFirstScreen(() => {
  forgetPreloaded();
  startSync();
  void registerServiceWorker();
});
