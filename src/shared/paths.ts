// Contract constants with no zod in them, so the app's first screen can use them without
// loading the schema library (see src/app/README.md, "first screen").
export const API = '/api/v1';

/** Join codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const joinCodeAlphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const joinCodeLength = 8;
/**
 * The look-alikes the alphabet leaves out. Neither of a pair is in it (no 0 and no O, no 1
 * and no I or L), so a typed O cannot be read as 0 or the other way round: such a code is
 * named as wrong, with the characters, rather than guessed at.
 */
export const joinCodeNeverUses = ['0', 'O', '1', 'I', 'L'] as const;

// Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹, Urdu and Persian keyboards) digits.
const easternDigits = /[\u0660-\u0669\u06F0-\u06F9]/g;
const toAsciiDigit = (d: string) => String((d.charCodeAt(0) & 0xf) % 10);

/**
 * Accepts what people type: lower case, spaces and any kind of dash are ignored, full-width
 * letters and Arabic or Urdu keyboards' digits count as the letters and digits they are.
 */
export function normalizeJoinCode(input: string): string {
  return input
    .normalize('NFKC')
    .replace(easternDigits, toAsciiDigit)
    .toUpperCase()
    .replace(/[\s\p{Pd}]/gu, '');
}

export type JoinCodeCheck =
  | { ok: true; code: string }
  /** Characters codes never use, each once, in the order typed. */
  | { ok: false; problem: 'characters'; characters: string[] }
  | { ok: false; problem: 'length'; length: number };

/** What is wrong with a typed code, if anything: the same answer on the phone and the server. */
export function checkJoinCode(input: string): JoinCodeCheck {
  const code = normalizeJoinCode(input);
  const wrong = [...new Set([...code].filter((c) => !joinCodeAlphabet.includes(c)))];
  if (wrong.length > 0) return { ok: false, problem: 'characters', characters: wrong };
  if (code.length !== joinCodeLength) return { ok: false, problem: 'length', length: code.length };
  return { ok: true, code };
}

/** A learning-pack file's bytes, by the SHA-256 of its content: an immutable URL. */
export const packFilePath = (sha256: string) => `${API}/files/${sha256}`;
export const packFilePathPattern = /^\/api\/v1\/files\/([0-9a-f]{64})$/;
