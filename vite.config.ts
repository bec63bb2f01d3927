// Builds the family app (src/app) and the staff workspace (src/staff, at /staff) into
// dist/, with the family app's own service worker (injectManifest).
// The server (src/server) serves dist/ with the .br/.gz files scripts/compress.ts writes.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

type ModuleInfo = {
  isEntry: boolean;
  importers: readonly string[];
  dynamicImporters: readonly string[];
};
type ModuleGraph = { getModuleInfo(id: string): ModuleInfo | null };

// Two entries: the family app (index.html → src/app/main.tsx) and the staff workspace
// (staff.html → src/staff/main.tsx). Staff code never reaches a phone: what only the
// workspace imports goes into `staff-*` chunks, which the service worker does not precache.
const familyEntry = /[\\/](index\.html|src[\\/]app[\\/]main\.tsx)$/;
const staffEntry = /[\\/](staff\.html|src[\\/]staff[\\/]main\.tsx)$/;

/** Whether an entry matching `entry` reaches the module (statically, or also lazily). */
function reachedFrom(
  entry: RegExp,
  id: string,
  graph: ModuleGraph,
  lazily: boolean,
  memo = new Map<string, boolean>(),
): boolean {
  const known = memo.get(id);
  if (known !== undefined) return known;
  memo.set(id, false); // import cycles
  const info = graph.getModuleInfo(id);
  const importers = info ? [...info.importers, ...(lazily ? info.dynamicImporters : [])] : [];
  const result =
    (info?.isEntry === true && entry.test(id)) ||
    importers.some((importer) => reachedFrom(entry, importer, graph, lazily, memo));
  memo.set(id, result);
  return result;
}

/**
 * 'first' for a module the family entry reaches through static imports only (not the
 * entry), unless the workspace uses it too (then it is a chunk of its own, so the
 * workspace never loads the family's first screen).
 */
function firstScreenChunk(id: string, graph: ModuleGraph): string | null {
  if (graph.getModuleInfo(id)?.isEntry) return null;
  if (!reachedFrom(familyEntry, id, graph, false)) return null;
  return reachedFrom(staffEntry, id, graph, true) ? null : 'first';
}

/** 'staff-app' for everything only the workspace reaches. */
function staffChunk(id: string, graph: ModuleGraph): string | null {
  if (graph.getModuleInfo(id)?.isEntry) return null;
  return reachedFrom(staffEntry, id, graph, true) && !reachedFrom(familyEntry, id, graph, true)
    ? 'staff-app'
    : null;
}

/** The workspace is not the installable family app: no manifest link on staff.html. */
const noManifestOnStaffPage = {
  name: 'homeward-staff-page',
  enforce: 'post' as const,
  transformIndexHtml: {
    order: 'post' as const,
    handler: (html: string, ctx: { path: string }) =>
      ctx.path.endsWith('staff.html') ? html.replace(/\s*<link rel="manifest"[^>]*>/g, '') : html,
  },
};

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
        // The staff workspace is online-first and never on a phone: its page and chunks
        // (`staff-*`, see staffChunk) are not precached.
        globIgnores: [
          '**/*.map',
          'assets/pdf-*.js',
          'assets/pdf.worker*',
          'staff.html',
          'assets/staff-*',
        ],
      },
    }),
    // After VitePWA, which adds the manifest link to every page.
    noManifestOnStaffPage,
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0, // CSP: no data: scripts; keeps files cacheable by hash
    rolldownOptions: {
      input: { index: 'index.html', staff: 'staff.html' },
      output: {
        // The libraries every screen needs in ONE chunk: left to itself, Rolldown splits
        // them into many small shared chunks as lazy features grow (16 scripts for the first
        // screen, ~1.7 KB more gzip from the chunk seams). See bench: firstScreenJsGzipBytes.
        // Dexie is not among them: the first screen reads IndexedDB directly and loads Dexie
        // after the first paint (src/app/data/lazyDb.ts, firstHooks.ts).
        codeSplitting: {
          groups: [
            // Only the workspace's own modules: the libraries they import stay where the
            // family app has them (shell) or in shared chunks.
            { name: staffChunk, priority: 3, includeDependenciesRecursively: false },
            {
              name: 'shell',
              priority: 2,
              // …and src/ui, the presentational pieces both apps use on their first screens.
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|use-sync-external-store)[\\/]|[\\/]src[\\/]ui[\\/]/,
            },
            // Everything else the first screen imports statically, in one chunk as well:
            // Rolldown would split out each module a lazy screen shares (15 scripts, each a
            // request through the service worker at every cold start; now 4).
            // Only the modules named: a module the workspace shares stays out of `first`.
            { name: firstScreenChunk, priority: 1, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
