/**
 * 工作要点 5: out-of-school detection flags "school-age (6–15 compulsory, default) members of
 * registered poor households with no student record".
 *
 * School age is judged on the school year's entry cut-off, not on the day the list is drawn: a
 * child must enrol in the autumn term of the year they turn 6 by 31 August (national rule; the
 * cut-off day is configurable). So for any day of the school year 2020–21 (1 September 2020 to
 * 31 August 2021) ages are counted on 31 August 2020: a child born on 20 September 2014 is 5 on
 * that day and is not required to enrol before autumn 2021, even though she is 6 in October 2020.
 */
import { addYears, isIsoDate } from './dates.ts';

/** Compulsory schooling ages, inclusive (POLICY.md 工作要点 5: 6–15 by default, configurable). */
export interface AgeRange {
  min: number;
  max: number;
  /**
   * The entry cut-off as `MM-DD` (default `08-31`): ages are full years on this day of the year the
   * school year starts. Absent in settings stored before it existed: the default applies.
   */
  cutoff?: string;
}

/** The national entry cut-off: a child who is 6 by 31 August enrols that autumn. */
export const DEFAULT_AGE_CUTOFF = '08-31';

/** The default compulsory range: 6 to 15 years inclusive, counted on 31 August. */
export const DEFAULT_COMPULSORY_AGES: AgeRange = { min: 6, max: 15, cutoff: DEFAULT_AGE_CUTOFF };

/**
 * Full years of age on `asOf` of someone born on `birthDate` (both `YYYY-MM-DD`). A 29 February
 * birthday is reached on 1 March in common years (the day after 28 February), the reading used by
 * Chinese civil law for age counted in years.
 */
export function ageOn(birthDate: string, asOf: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  let age = ay - by;
  if (am < bm || (am === bm && ad < bd)) age -= 1;
  return age;
}

/** True for a cut-off `MM-DD` that exists in every year (29 February does not). */
export function isValidCutoff(cutoff: string): boolean {
  return /^\d{2}-\d{2}$/.test(cutoff) && cutoff !== '02-29' && isIsoDate(`2021-${cutoff}`);
}

/** The year the school year containing `day` started: it starts on 1 September (秋季学期). */
export function schoolYearOf(day: string): number {
  const y = Number(day.slice(0, 4));
  return Number(day.slice(5, 7)) >= 9 ? y : y - 1;
}

/**
 * The day ages are counted on for a list drawn on `asOf`: the entry cut-off of the school year
 * `asOf` lies in — 2020-08-31 for every day from 2020-09-01 to 2021-08-31 by default.
 */
export function ageReferenceDay(asOf: string, range: AgeRange = DEFAULT_COMPULSORY_AGES): string {
  return `${schoolYearOf(asOf)}-${range.cutoff ?? DEFAULT_AGE_CUTOFF}`;
}

/**
 * True when the person is of compulsory school age in the school year of `asOf`: aged
 * `min`–`max` (inclusive) on that school year's entry cut-off.
 */
export function isCompulsoryAge(
  birthDate: string,
  asOf: string,
  range: AgeRange = DEFAULT_COMPULSORY_AGES,
): boolean {
  const age = ageOn(birthDate, ageReferenceDay(asOf, range));
  return age >= range.min && age <= range.max;
}

/**
 * The birth dates of everyone of compulsory age in the school year of `asOf`, as a half-open
 * window for SQL: `bornAfter < birth_date <= bornOnOrBefore`. Equivalent to `isCompulsoryAge` for
 * every date (tested), so the database can use an index instead of computing ages row by row.
 */
export function birthWindow(
  asOf: string,
  range: AgeRange = DEFAULT_COMPULSORY_AGES,
): { bornOnOrBefore: string; bornAfter: string } {
  const day = ageReferenceDay(asOf, range);
  return { bornOnOrBefore: addYears(day, -range.min), bornAfter: addYears(day, -(range.max + 1)) };
}
