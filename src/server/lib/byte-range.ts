// One byte range of a `Range` request (RFC 9110 §14), so an interrupted download of a big
// pack file resumes where it stopped: `bytes=<start>-`, `bytes=<start>-<end>` or the last
// n bytes, `bytes=-<n>`. Anything else (several ranges, other units, nonsense) is ignored
// and the whole file is sent, as the RFC allows.
export type ByteRange = { start: number; end: number };

/** The range to send (end inclusive), 'unsatisfiable' (→ 416), or null (→ the whole file). */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec((header ?? '').trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1) };
}

/** If-Range: the range applies only while the client's copy is still this one. */
export function rangeStillValid(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}
