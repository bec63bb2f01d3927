// One cell → one value: phone numbers, home languages, year groups, key stages, yes/no.
// Each returns null (or a reason) for what it cannot read, never a guess.
import type { Pupil } from '../../shared/entities.ts';

export type KeyStage = Pupil['keyStage'];

/** Collapsed white space, trimmed: how every text cell is kept. */
export function clean(cell: string | undefined): string {
  return (cell ?? '').replace(/\s+/g, ' ').trim();
}

/** Compared case- and space-insensitively (class names, pupils' names in keys). */
export function fold(text: string): string {
  return clean(text).normalize('NFC').toLocaleLowerCase('en-GB');
}

export type PhoneResult = { ok: true; phone: string } | { ok: false; asNumber: boolean };

/**
 * A phone number as one key: +<country><number>. UK numbers come as 07700 900123,
 * +44 (0)7700 900123, 0044 7700…, or with the leading 0 a spreadsheet dropped (7700900123).
 */
export function normalisePhone(cell: string): PhoneResult {
  const text = clean(cell);
  if (/^\d+(\.\d+)?e\+?\d+$/i.test(text)) return { ok: false, asNumber: true };
  if (/[^\d\s()+\-./]/.test(text.replace(/^tel:/i, ''))) return { ok: false, asNumber: false };
  let digits = text.replace(/[^\d+]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (digits.lastIndexOf('+') > 0) return { ok: false, asNumber: false };
  if (digits.startsWith('+44')) {
    const rest = digits.slice(3).replace(/^0/, '');
    return rest.length === 10 || rest.length === 9
      ? { ok: true, phone: `+44${rest}` }
      : { ok: false, asNumber: false };
  }
  if (digits.startsWith('+')) {
    const rest = digits.slice(1);
    return rest.length >= 8 && rest.length <= 15 && !rest.startsWith('0')
      ? { ok: true, phone: `+${rest}` }
      : { ok: false, asNumber: false };
  }
  if (digits.startsWith('0') && (digits.length === 11 || digits.length === 10)) {
    return { ok: true, phone: `+44${digits.slice(1)}` };
  }
  // A mobile whose leading 0 a spreadsheet dropped: 7xxx xxxxxx.
  if (digits.length === 10 && digits.startsWith('7')) return { ok: true, phone: `+44${digits}` };
  return { ok: false, asNumber: false };
}

/** How staff read a stored number: UK ones as 07700 900123, others as stored. */
export function displayPhone(phone: string): string {
  if (!phone.startsWith('+44')) return phone;
  const national = `0${phone.slice(3)}`;
  return national.length === 11 ? `${national.slice(0, 5)} ${national.slice(5)}` : national;
}

// Names and codes a management system writes for a home language, to ISO 639-1. The DfE
// census codes (ENG, POL, URD, BNG…) are what SIMS, Arbor and Bromcom export.
const languageNames: Record<string, string[]> = {
  en: ['english', 'eng', 'enb', 'english (believed)', 'believed to be english'],
  pl: ['polish', 'pol', 'polski'],
  ur: ['urdu', 'urd'],
  ar: ['arabic', 'ara', 'arabic (any other)', 'arabic (other)'],
  ro: ['romanian', 'rmn', 'rum', 'ron', 'romana', 'română'],
  bn: ['bengali', 'bangla', 'bengali (sylheti)', 'sylheti', 'ben', 'bng', 'syl'],
  pa: ['punjabi', 'panjabi', 'pnj', 'pan', 'punjabi (gurmukhi)', 'punjabi (mirpuri)', 'mirpuri'],
  so: ['somali', 'som'],
  uk: ['ukrainian', 'ukr'],
  cy: ['welsh', 'wel', 'cym', 'cymraeg'],
  pt: ['portuguese', 'por'],
  es: ['spanish', 'spa'],
  fr: ['french', 'fre', 'fra'],
  it: ['italian', 'ita'],
  de: ['german', 'ger', 'deu'],
  lt: ['lithuanian', 'lit'],
  lv: ['latvian', 'lav'],
  bg: ['bulgarian', 'bul'],
  sk: ['slovak', 'slo', 'slk'],
  cs: ['czech', 'cze', 'ces'],
  hu: ['hungarian', 'hun'],
  ru: ['russian', 'rus'],
  sq: ['albanian', 'alb', 'sqi'],
  tr: ['turkish', 'tur'],
  ku: ['kurdish', 'kur'],
  fa: ['persian', 'farsi', 'per', 'fas'],
  ps: ['pashto', 'pashtu', 'pus', 'pas'],
  gu: ['gujarati', 'guj'],
  hi: ['hindi', 'hin'],
  ta: ['tamil', 'tam'],
  ml: ['malayalam', 'mal'],
  ne: ['nepali', 'nep'],
  zh: ['chinese', 'mandarin', 'cantonese', 'chi', 'zho', 'chinese (mandarin)'],
  ti: ['tigrinya', 'tig', 'tir'],
  am: ['amharic', 'amh'],
  yo: ['yoruba', 'yor'],
  ig: ['igbo', 'ibo'],
  sw: ['swahili', 'swa'],
  sn: ['shona', 'sho', 'sna'],
  tl: ['tagalog', 'filipino', 'tgl', 'fil'],
};
const languageByName = new Map<string, string>();
for (const [code, names] of Object.entries(languageNames)) {
  languageByName.set(code, code);
  for (const n of names) languageByName.set(n, code);
}
/** Not an answer: the cell says nobody knows. */
const noLanguage = new Set([
  '',
  'not obtained',
  'not known',
  'unknown',
  'refused',
  'not',
  'ref',
  'nk',
]);

export type LanguageResult = { known: true; code: string | null } | { known: false };

/** A home language as an ISO 639-1 code; `code: null` for a blank or "not obtained". */
export function normaliseLanguage(cell: string): LanguageResult {
  const text = fold(cell);
  if (noLanguage.has(text)) return { known: true, code: null };
  const code = languageByName.get(text) ?? languageByName.get(text.split(/[-_]/)[0] ?? '');
  return code ? { known: true, code } : { known: false };
}

/** N, R, 1 … 13: the year group as a school writes it ("Year 4", "Y4", "Reception", "4"). */
export function normaliseYearGroup(cell: string): string | null {
  const text = fold(cell).replace(/[.\s]/g, '');
  if (['n', 'n1', 'n2', 'nursery', 'fs1', 'pre-school', 'preschool'].includes(text)) return 'N';
  if (
    ['r', 'rec', 'reception', 'yr', 'yearr', 'yearreception', 'fs2', 'yr0', 'y0', '0'].includes(
      text,
    )
  )
    return 'R';
  const m = /^(?:(?:nc)?(?:year|yr|y))?(\d{1,2})$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= 13 ? String(n) : null;
}

export function keyStageOfYear(year: string): KeyStage {
  if (year === 'N' || year === 'R') return 'EYFS';
  const n = Number(year);
  if (n <= 2) return 'KS1';
  if (n <= 6) return 'KS2';
  if (n <= 9) return 'KS3';
  if (n <= 11) return 'KS4';
  return 'KS5';
}

export function normaliseKeyStage(cell: string): KeyStage | null {
  const text = fold(cell).replace(/[\s.]/g, '');
  if (['eyfs', 'foundation', 'foundationstage', 'fs', 'earlyyears', 'ks0'].includes(text)) {
    return 'EYFS';
  }
  const m = /^(?:keystage|ks)?([1-5])$/.exec(text);
  return m ? (`KS${m[1]}` as KeyStage) : null;
}

/** yes/no/true/false/1/0/y/n/✓; blank is no. null: not a yes or a no. */
export function normaliseYesNo(cell: string): boolean | null {
  const text = fold(cell);
  if (['', 'no', 'n', 'false', '0', 'none', '-'].includes(text)) return false;
  if (['yes', 'y', 'true', '1', 'x', '✓', '✔'].includes(text)) return true;
  return null;
}
