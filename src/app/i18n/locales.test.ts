// Every shipped locale must cover the English source: same keys (plurals by the language's
// own CLDR categories), same {{placeholders}}, no empty strings, and not a copy of English.
import { describe, expect, it } from 'vitest';
import { languages, type LanguageCode } from './languages.ts';
import ar from './locales/ar.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import pl from './locales/pl.json' with { type: 'json' };
import ur from './locales/ur.json' with { type: 'json' };
import routineAr from './routine/ar.json' with { type: 'json' };
import routineEn from './routine/en.json' with { type: 'json' };
import routinePl from './routine/pl.json' with { type: 'json' };
import routineUr from './routine/ur.json' with { type: 'json' };
import packsAr from './packs/ar.json' with { type: 'json' };
import packsEn from './packs/en.json' with { type: 'json' };
import packsPl from './packs/pl.json' with { type: 'json' };
import packsUr from './packs/ur.json' with { type: 'json' };
import attentionAr from './attention/ar.json' with { type: 'json' };
import attentionEn from './attention/en.json' with { type: 'json' };
import attentionPl from './attention/pl.json' with { type: 'json' };
import attentionUr from './attention/ur.json' with { type: 'json' };
import welcomeAr from './welcome/ar.json' with { type: 'json' };
import welcomeEn from './welcome/en.json' with { type: 'json' };
import welcomePl from './welcome/pl.json' with { type: 'json' };
import welcomeUr from './welcome/ur.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

// Each i18next namespace, typed by LanguageCode, so shipping a new language without its
// files fails the typecheck.
const namespaces: Record<string, Record<LanguageCode, Tree>> = {
  translation: { en, ar, ur, pl },
  routine: { en: routineEn, ar: routineAr, ur: routineUr, pl: routinePl },
  packs: { en: packsEn, ar: packsAr, ur: packsUr, pl: packsPl },
  attention: { en: attentionEn, ar: attentionAr, ur: attentionUr, pl: attentionPl },
  welcome: { en: welcomeEn, ar: welcomeAr, ur: welcomeUr, pl: welcomePl },
};

/** Flattens nested keys to "a.b.c"; throws on anything that is not a string or an object. */
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) flatten(value, path, out);
    else throw new Error(`${path} is neither a string nor an object`);
  }
  return out;
}

const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;

function placeholders(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => m[1] ?? ''));
}

/** Categories that stand for one number only (Arabic "two" is 2), where `{{count}}` may be a word. */
function exactCategories(lang: string): Set<Intl.LDMLPluralRule> {
  const rules = new Intl.PluralRules(lang);
  const seen = new Map<Intl.LDMLPluralRule, number>();
  const samples = [...Array.from({ length: 1001 }, (_, i) => i), 0.5, 1.5, 2.5, 10.5, 101.5];
  for (const n of samples) {
    const category = rules.select(n);
    seen.set(category, (seen.get(category) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, n]) => n === 1).map(([category]) => category));
}

function checkNamespace(files: Record<LanguageCode, Tree>) {
  const english = flatten(files.en);
  const pluralBases = new Set(
    [...english.keys()].flatMap((key) => {
      const base = PLURAL.exec(key)?.[1];
      return base === undefined ? [] : [base];
    }),
  );
  const plainKeys = [...english.keys()].filter((key) => !PLURAL.test(key));
  /** A plural base's placeholders: everything any English form uses. */
  function englishPlaceholders(base: string): Set<string> {
    const names = new Set<string>();
    for (const [key, value] of english) {
      if (PLURAL.exec(key)?.[1] === base) for (const name of placeholders(value)) names.add(name);
    }
    return names;
  }

  /** How many values may read the same as English (the brand name, a unit like "min"). */
  const MAX_SAME_AS_ENGLISH = 3;

  describe('English source', () => {
    it('gives every pluralised key the forms English needs', () => {
      expect(pluralBases.size).toBeGreaterThan(0);
      for (const base of pluralBases) {
        for (const category of new Intl.PluralRules('en').resolvedOptions().pluralCategories) {
          expect(english.has(`${base}_${category}`), `${base}_${category}`).toBe(true);
        }
      }
    });
  });

  describe.each(languages.map((l) => l.code))('locale %s', (code) => {
    const messages = flatten(files[code]);
    const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
    const exact = exactCategories(code);

    it('has every English key, plurals in all of its own categories', () => {
      const missing = plainKeys.filter((key) => !messages.has(key));
      for (const base of pluralBases) {
        for (const category of categories) {
          if (!messages.has(`${base}_${category}`)) missing.push(`${base}_${category}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('has no keys that English does not have, nor plural forms the language does not use', () => {
      const extra = [...messages.keys()].filter((key) => {
        const match = PLURAL.exec(key);
        if (match && pluralBases.has(match[1] ?? '')) {
          return !categories.includes(match[2] as Intl.LDMLPluralRule);
        }
        return !english.has(key);
      });
      expect(extra).toEqual([]);
    });

    it('keeps every {{placeholder}} and adds none', () => {
      const problems: string[] = [];
      const check = (key: string, wanted: Set<string>, optional: Set<string>) => {
        const text = messages.get(key);
        if (text === undefined) return; // reported by the key test
        const found = placeholders(text);
        for (const name of wanted) {
          if (!found.has(name) && !optional.has(name)) problems.push(`${key}: lost {{${name}}}`);
        }
        for (const name of found) {
          if (!wanted.has(name)) problems.push(`${key}: unknown {{${name}}}`);
        }
        const rest = text.replace(/\{\{\s*[^{}\s]+\s*\}\}/g, '');
        if (/[{}]{2}/.test(rest)) problems.push(`${key}: broken {{…}}`);
      };
      for (const key of plainKeys) check(key, placeholders(english.get(key) ?? ''), new Set());
      for (const base of pluralBases) {
        const wanted = englishPlaceholders(base);
        for (const category of categories) {
          // "عنصران" (two items) needs no digit; a category covering many numbers does.
          check(
            `${base}_${category}`,
            wanted,
            exact.has(category) ? new Set(['count']) : new Set(),
          );
        }
      }
      expect(problems).toEqual([]);
    });

    it('has no empty strings', () => {
      const empty = [...messages].filter(([, value]) => value.trim() === '').map(([key]) => key);
      expect(empty).toEqual([]);
    });

    it('keeps the brand, the emergency number and the example code as they are', () => {
      const lost: string[] = [];
      for (const [key, source] of english) {
        const base = PLURAL.exec(key)?.[1];
        const targets = base === undefined ? [key] : categories.map((c) => `${base}_${c}`);
        for (const literal of ['Homeward', '999', 'ABCD 2345']) {
          if (!source.includes(literal)) continue;
          for (const target of targets) {
            if (!messages.get(target)?.includes(literal)) lost.push(`${target}: ${literal}`);
          }
        }
      }
      expect(lost).toEqual([]);
    });
  });

  // English is the source: only the other languages can be copies of it.
  describe.each(languages.map((l) => l.code).filter((c) => c !== 'en'))('locale %s', (code) => {
    it('is translated, not a copy of English', () => {
      const same = [...flatten(files[code])]
        .filter(([key, value]) => english.get(key) === value)
        .map(([k]) => k);
      expect(same.length, `same as English: ${same.join(', ')}`).toBeLessThanOrEqual(
        MAX_SAME_AS_ENGLISH,
      );
    });
  });
}

for (const [namespace, files] of Object.entries(namespaces)) {
  describe(`namespace ${namespace}`, () => {
    checkNamespace(files);
  });
}
