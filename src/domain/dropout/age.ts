/**
 * 工作要点 5: out-of-school detection flags "school-age (6–15 compulsory, default) members of
 * registered poor households with no student record". Age is full years on the as-of date.
 */
import { addYears } from './dates.ts';

/** Compulsory schooling ages, inclusive (POLICY.md 工作要点 5: 6–15 by default, configurable). */
export interface AgeRange {
  min: number;
  max: number;
}

/** The default compulsory range: 6 to 15 years inclusive. */
export const DEFAULT_COMPULSORY_AGES: AgeRange = { min: 6, max: 15 };

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

/** True when the person is of compulsory school age on `asOf` (range inclusive at both ends). */
export function isCompulsoryAge(
  birthDate: string,
  asOf: string,
  range: AgeRange = DEFAULT_COMPULSORY_AGES,
): boolean {
  const age = ageOn(birthDate, asOf);
  return age >= range.min && age <= range.max;
}

/**
 * The birth dates of everyone of compulsory age on `asOf`, as a half-open window for SQL:
 * `bornAfter < birth_date <= bornOnOrBefore`. Equivalent to `isCompulsoryAge` for every date
 * (tested), so the database can use an index instead of computing ages row by row.
 */
export function birthWindow(
  asOf: string,
  range: AgeRange = DEFAULT_COMPULSORY_AGES,
): { bornOnOrBefore: string; bornAfter: string } {
  return { bornOnOrBefore: addYears(asOf, -range.min), bornAfter: addYears(asOf, -(range.max + 1)) };
}
