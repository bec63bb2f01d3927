// What the browser can tell about the connection, for "send photos only on Wi-Fi".
// Only Chromium on Android reports the type; elsewhere the answer is "unknown" and the
// family gets a "Send now" button on each waiting photo instead.
export type ConnectionKind = 'wifi' | 'cellular' | 'unknown';

export function connectionKind(): ConnectionKind {
  const type = (navigator as { connection?: { type?: string } }).connection?.type;
  if (type === 'wifi' || type === 'ethernet') return 'wifi';
  if (type === 'cellular' || type === 'wimax' || type === 'bluetooth') return 'cellular';
  return 'unknown';
}
