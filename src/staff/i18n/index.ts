// i18next for the workspace: its own instance and namespace (`staff`), separate from the
// family app's. English is bundled; other languages would load as one chunk each.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import { staffLanguages } from './languages.ts';

export const staffNamespace = 'staff';

export async function setupI18n(): Promise<typeof i18next> {
  const lng = staffLanguages[0].code;
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    ns: [staffNamespace],
    defaultNS: staffNamespace,
    resources: { en: { [staffNamespace]: en } },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = lng;
  document.documentElement.dir = staffLanguages[0].dir;
  return i18next;
}
