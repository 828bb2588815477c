/**
 * The aid's coded words — programmes, priority groups, tiers, statuses, terms — as the UI shows them.
 * The server sends each with its Chinese label (a programme's name is the policy's, which a city may
 * edit): Chinese shows that label; English shows the English of a known code (locales/aid.en.ts),
 * else the server's label. Called while rendering, after the language changed (I18nProvider).
 */
import { currentLang, translateCode } from '../../i18n.ts';

export type AidWord =
  | 'aidProgramme'
  | 'aidGroup'
  | 'aidTier'
  | 'aidRecStatus'
  | 'aidCoverage'
  | 'aidListStatus'
  | 'aidMidYear';

/** The label of `code` under `prefix`: the server's `label` in Chinese, the English of the code in English. */
export function aidLabel(prefix: AidWord, code: string | null | undefined, label: string): string {
  if (currentLang() !== 'en' || !code) return label;
  const english = translateCode('en', prefix, code);
  return english === code ? label : english;
}

/** A term code as people write it: 2020-autumn → 2020 秋季, in English Autumn 2020. */
export function termLabel(term: string): string {
  const m = term.match(/^(\d{4})-(spring|autumn)$/);
  if (!m) return term;
  return currentLang() === 'en'
    ? `${translateCode('en', 'aidTerm', m[2]!)} ${m[1]}`
    : `${m[1]} ${translateCode('zh', 'aidTerm', m[2]!)}`;
}
