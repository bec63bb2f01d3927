// What is wrong with a typed join code, in the family's language. The characters are
// isolated left-to-right (U+2066…U+2069) so "0, O" keeps its order inside Arabic or Urdu.
import type { TFunction } from 'i18next';
import { joinCodeLength, joinCodeNeverUses, type JoinCodeCheck } from '../../../shared/paths.ts';
import { intlLocale } from '../../i18n/languages.ts';

const ltr = (text: string) => `\u2066${text}\u2069`;

export function codeProblem(
  check: Exclude<JoinCodeCheck, { ok: true }>,
  t: TFunction<'welcome'>,
  language: string,
): string {
  if (check.problem === 'length') {
    return t('code.length', { expected: joinCodeLength, typed: check.length });
  }
  const list = new Intl.ListFormat(intlLocale(language), { type: 'disjunction' });
  return t('code.characters', {
    characters: list.format(check.characters.map(ltr)),
    never: list.format(joinCodeNeverUses.map(ltr)),
  });
}
