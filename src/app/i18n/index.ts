// i18next set-up. Only the chosen language is loaded (one small JSON chunk, precached by
// the service worker), and <html lang dir> follow it so the layout mirrors for RTL.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, initialLanguage, type LanguageCode } from './languages.ts';
// English is bundled: it is the fallback for every language and most phones' choice, so
// the first screen needs no extra request. Other languages load as one small chunk each.
import en from './locales/en.json';

const STORAGE_KEY = 'homeward.language';

const loaders: Record<LanguageCode, () => Promise<{ default: Record<string, unknown> }>> = {
  en: () => Promise.resolve({ default: en }),
  ar: () => import('./locales/ar.json'),
  ur: () => import('./locales/ur.json'),
  pl: () => import('./locales/pl.json'),
};

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked: fall back to the phone's language
  }
}

function applyToDocument(code: LanguageCode) {
  document.documentElement.lang = code;
  document.documentElement.dir = directionOf(code);
}

export async function setupI18n(): Promise<typeof i18next> {
  const lng = initialLanguage(readSaved(), navigator.languages ?? [navigator.language]);
  const resources = lng === 'en' ? null : (await loaders[lng]()).default;
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: {
      en: { translation: en },
      ...(resources ? { [lng]: { translation: resources } } : {}),
    },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyToDocument(lng);
  return i18next;
}

type Loaders = Record<LanguageCode, () => Promise<{ default: Record<string, unknown> }>>;

/** Feature namespaces (loaded with their lazy feature, not with the first screen). */
const namespaces = new Map<string, Loaders>();

async function loadNamespace(ns: string, code: LanguageCode, from: Loaders): Promise<void> {
  if (!i18next.hasResourceBundle(code, ns)) {
    i18next.addResourceBundle(code, ns, (await from[code]()).default);
  }
}

/**
 * Makes a feature's strings available in the current language and English (the
 * fallback), now and after every language change. Await it at the top of the feature's
 * lazy module, so its screens never render keys.
 */
export async function addNamespace(ns: string, from: Loaders): Promise<void> {
  namespaces.set(ns, from);
  const code = i18next.language as LanguageCode;
  await Promise.all([loadNamespace(ns, 'en', from), loadNamespace(ns, code, from)]);
}

export async function changeLanguage(code: LanguageCode): Promise<void> {
  if (!i18next.hasResourceBundle(code, 'translation')) {
    i18next.addResourceBundle(code, 'translation', (await loaders[code]()).default);
  }
  await Promise.all([...namespaces].map(([ns, from]) => loadNamespace(ns, code, from)));
  await i18next.changeLanguage(code);
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // not saved: the choice still holds for this visit
  }
  applyToDocument(code);
}
