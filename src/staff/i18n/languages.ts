// The workspace's languages. English for now; a language is added here and as
// locales/<code>.json (locales.test.ts checks every key is there).
export const staffLanguages = [{ code: 'en', name: 'English', intl: 'en-GB', dir: 'ltr' }] as const;
export type StaffLanguage = (typeof staffLanguages)[number]['code'];
export const intlLocaleOf = (code: string) =>
  staffLanguages.find((l) => l.code === code)?.intl ?? 'en-GB';
