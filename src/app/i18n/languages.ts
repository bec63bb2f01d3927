// Languages Homeward ships, named in their own script, with their writing direction.
export const languages = [
  // `intl`: the locale for dates and numbers (UK conventions for English).
  { code: 'en', name: 'English', dir: 'ltr', intl: 'en-GB' },
  { code: 'ar', name: 'العربية', dir: 'rtl', intl: 'ar' },
  { code: 'ur', name: 'اردو', dir: 'rtl', intl: 'ur-PK' },
  { code: 'pl', name: 'Polski', dir: 'ltr', intl: 'pl-PL' },
] as const;

export type LanguageCode = (typeof languages)[number]['code'];

export function isLanguage(code: string | null | undefined): code is LanguageCode {
  return languages.some((l) => l.code === code);
}

export function directionOf(code: LanguageCode): 'ltr' | 'rtl' {
  return languages.find((l) => l.code === code)?.dir ?? 'ltr';
}

/** The saved choice, else the first of the phone's languages we have, else English. */
export function initialLanguage(saved: string | null, preferred: readonly string[]): LanguageCode {
  if (isLanguage(saved)) return saved;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** The Intl locale for dates and numbers in a language. */
export function intlLocale(code: string): string {
  return languages.find((l) => l.code === code)?.intl ?? code;
}
