// Contract constants with no zod in them, so the app's first screen can use them without
// loading the schema library (see src/app/README.md, "first screen").
export const API = '/api/v1';

/** Join codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const joinCodeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const joinCodeLength = 8;

/** Accepts what people type: lower case, spaces and dashes are ignored. */
export function normalizeJoinCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/** A learning-pack file's bytes, by the SHA-256 of its content: an immutable URL. */
export const packFilePath = (sha256: string) => `${API}/files/${sha256}`;
export const packFilePathPattern = /^\/api\/v1\/files\/([0-9a-f]{64})$/;
