// Builds the family app (src/app) into dist/, with our own service worker (injectManifest).
// The server (src/server) serves dist/ with the .br/.gz files scripts/compress.ts writes.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

type ModuleGraph = {
  getModuleInfo(id: string): { isEntry: boolean; importers: readonly string[] } | null;
};

/** 'first' for a module the entry reaches through static imports only (not the entry). */
function firstScreenChunk(id: string, graph: ModuleGraph): string | null {
  const memo = new Map<string, boolean>();
  const reached = (moduleId: string): boolean => {
    const known = memo.get(moduleId);
    if (known !== undefined) return known;
    memo.set(moduleId, false); // import cycles
    const info = graph.getModuleInfo(moduleId);
    const result =
      info?.importers.some(
        (importer) => graph.getModuleInfo(importer)?.isEntry || reached(importer),
      ) ?? false;
    memo.set(moduleId, result);
    return result;
  };
  return graph.getModuleInfo(id)?.isEntry || !reached(id) ? null : 'first';
}

export default defineConfig({
  // The version every request carries (src/app/version.ts); the service worker gets it too.
  define: { __HOMEWARD_VERSION__: JSON.stringify(pkg.version) },
  // zod without its JIT in the browser (src/app/zodJitless.ts): its eval probe trips the CSP.
  resolve: {
    alias: [
      {
        find: /^zod$/,
        replacement: fileURLToPath(new URL('./src/app/zodJitless.ts', import.meta.url)),
      },
    ],
  },
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/app',
      filename: 'sw.ts',
      // We register it ourselves through workbox-window (src/app/pwa/), which owns the
      // update prompt; no inline script, so the strict CSP holds.
      injectRegister: false,
      // The PNG icons are for the browser's installer, which fetches them itself; the app
      // shows icon.svg. Not precaching them saves 16 KB on every install.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Homeward',
        short_name: 'Homeward',
        description: 'Your child’s school week, learning and messages, even with no signal.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#fbf8f3',
        theme_color: '#1f5f5b',
        // Share a photo from the gallery straight into a new submission (Android).
        share_target: {
          action: '/share',
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { files: [{ name: 'photos', accept: ['image/*'] }] },
        },
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      injectManifest: {
        // The manifest is precached by the plugin already; see TOOLCHAIN.md.
        globPatterns: ['**/*.{js,css,html,svg,woff2}', 'assets/*.json'],
        // PDF.js and its worker (about 450 KB gzipped) are not precached: the service
        // worker keeps them in a runtime cache the first time a pack with a PDF is
        // downloaded or opened (src/app/pdf/README.md).
        globIgnores: ['**/*.map', 'assets/pdf-*.js', 'assets/pdf.worker*'],
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0, // CSP: no data: scripts; keeps files cacheable by hash
    rolldownOptions: {
      output: {
        // The libraries every screen needs in ONE chunk: left to itself, Rolldown splits
        // them into many small shared chunks as lazy features grow (16 scripts for the first
        // screen, ~1.7 KB more gzip from the chunk seams). See bench: firstScreenJsGzipBytes.
        // Dexie is not among them: the first screen reads IndexedDB directly and loads Dexie
        // after the first paint (src/app/data/lazyDb.ts, firstHooks.ts).
        codeSplitting: {
          groups: [
            {
              name: 'shell',
              priority: 2,
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|use-sync-external-store)[\\/]/,
            },
            // Everything else the first screen imports statically, in one chunk as well:
            // Rolldown would split out each module a lazy screen shares (15 scripts, each a
            // request through the service worker at every cold start; now 4).
            { name: firstScreenChunk, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
