// Which app versions the server answers. Phones update only when the family taps
// "Update", so builds live on for weeks: every family request carries the app's version
// (`Homeward-App: 0.1.0`) and the server answers every version it shipped in the last 90
// days. Only below `minAppVersion` (not set: none) is a family request refused, with 426
// `app_too_old`; the phone then stops sending, keeps everything and asks the family to
// update. A request without the header comes from a build before it (counted as 0.0.0).
// Staff pages are served by this server, so they are always current: not checked.
import { HttpError } from '../lib/http-error.ts';
import { globalPlugin } from './plugin.ts';

export const appVersionHeader = 'homeward-app';

/** `1.2.3` (anything after a `-` or `+` ignored) as numbers; unreadable → null. */
function parts(version: string): number[] | null {
  const core = version.trim().split(/[-+]/, 1)[0] ?? '';
  if (!/^\d{1,6}(\.\d{1,6}){0,2}$/.test(core)) return null;
  const n = core.split('.').map(Number);
  while (n.length < 3) n.push(0);
  return n;
}

/** Is `version` older than `minimum`? An unreadable version is treated as the oldest. */
export function olderThan(version: string | undefined, minimum: string): boolean {
  const min = parts(minimum);
  if (!min) throw new Error(`minAppVersion "${minimum}" is not a version like 1.2.3`);
  const v = (version === undefined ? [0, 0, 0] : parts(version)) ?? [0, 0, 0];
  for (let i = 0; i < 3; i += 1) {
    if (v[i] !== min[i]) return (v[i] ?? 0) < (min[i] ?? 0);
  }
  return false;
}

const isFamilyApi = (url: string) =>
  url.startsWith('/api/v1/') && !url.startsWith('/api/v1/staff/');

export const appVersionPlugin = globalPlugin<{ minAppVersion?: string }>(async (app, opts) => {
  const minimum = opts.minAppVersion;
  if (!minimum) return;
  olderThan('0.0.0', minimum); // refuse a bad setting at start-up, not per request
  app.addHook('onRequest', async (req) => {
    if (!isFamilyApi(req.url)) return;
    const header = req.headers[appVersionHeader];
    const version = Array.isArray(header) ? header[0] : header;
    if (!olderThan(version, minimum)) return;
    throw new HttpError(
      426,
      'app_too_old',
      `This version of Homeward (${version ?? 'unknown'}) is older than the school’s server still answers (${minimum} or newer). Please update the app; nothing on the phone is lost.`,
    );
  });
}, 'homeward-app-version');
