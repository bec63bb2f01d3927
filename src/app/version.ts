// This build's version (package.json, put in by Vite's `define` at build time; tests and
// the dev server see `0.0.0-dev`). Every request to the school's server carries it in the
// `Homeward-App` header (see src/server/README.md, "App versions").
declare const __HOMEWARD_VERSION__: string | undefined;

export const appVersion: string =
  typeof __HOMEWARD_VERSION__ === 'string' ? __HOMEWARD_VERSION__ : '0.0.0-dev';

export const appVersionHeader = 'Homeward-App';
