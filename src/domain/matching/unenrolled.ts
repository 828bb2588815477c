/**
 * Out-of-school detection (工作要点 5, 控辍保学): registry persons of compulsory age (6–15 on the
 * as-of date, default) whom no roll row is confirmed to be. Persons only listed as a 疑似匹配
 * candidate stay on the list — completeness matters more than a short list, and the review may
 * still show they are not the student.
 */

import { type MatchResult, otherPerson, registeredTwice, reviewCandidates } from './decide.ts';
import { type RegistryIndex, sameChildInLinkedHouse } from './registry-index.ts';

/** Compulsory schooling ages, inclusive (POLICY.md 工作要点 5 default 6–15). */
export interface AgeRange {
  min: number;
  max: number;
}

export const COMPULSORY_AGES: AgeRange = { min: 6, max: 15 };

/**
 * Registry person indices of compulsory age with no confirmed roll row, in registry order. Ages
 * come from the birth date (the ID's, else the export's 出生日期 column) on the as-of date the index
 * was built with; persons whose birth date cannot be read, and children whose only date is that of
 * an ID failing its check, are returned separately so they can be checked by hand.
 */
export function findUnenrolled(
  r: MatchResult,
  ix: RegistryIndex,
  ages: AgeRange = COMPULSORY_AGES,
): { persons: number[]; unknownAge: number[] } {
  const persons: number[] = [];
  const unknownAge: number[] = [];
  for (let p = 0; p < ix.persons.length; p++) {
    if (r.personRow[p]! >= 0) continue;
    const person = ix.persons[p]!;
    const list =
      person.age < 0
        ? person.adult
          ? null
          : unknownAge
        : person.age >= ages.min && person.age <= ages.max
          ? persons
          : // A child by an ID that fails its check: one mistyped digit of the date may hide a
            // pupil's age (tester v26a F3: 2013 typed as 2016), so they are checked by hand with
            // those of unknown age.
            person.ageUncertain && !person.adult && person.age < 18
            ? unknownAge
            : null;
    if (list === null) continue;
    // Another registration of the child at school under another 人编号 (tester v22a F2, verifier
    // v26e F2), or listed before this one (tester v26c F1): one child, listed once at most.
    const same = sameChildElsewhere(ix, p);
    if (!same.some((q) => r.personRow[q]! >= 0 || q < p)) list.push(p);
  }
  return { persons, unknownAge };
}

/**
 * Other registrations of person `p`'s child: by the whole ID, or by its first 14 digits
 * (`registeredTwice`); or in another household of the family (`sameChildInLinkedHouse`).
 */
function sameChildElsewhere(ix: RegistryIndex, p: number): number[] {
  const person = ix.persons[p]!;
  const linked = sameChildInLinkedHouse(ix, p);
  if (person.id === null || person.name === '' || person.idKnown < 14) return linked;
  const near =
    person.idKnown === 18
      ? [...(ix.byId.get(person.id) ?? []), ...(ix.byPrefix14.get(person.id.slice(0, 14)) ?? [])]
      : (ix.byPrefix14.get(person.id.slice(0, 14)) ?? []);
  return [...near.filter((q) => registeredTwice(ix, q, p)), ...linked];
}

/**
 * Registry persons listed as a candidate of some 疑似匹配 row: the review may yet find them at
 * school, so the out-of-school list says which of its names to check there first.
 */
export function personsInReview(r: MatchResult, ix: RegistryIndex): Set<number> {
  const listed = new Set<number>();
  for (let i = 0; i < r.outcome.length; i++)
    if (r.outcome[i] === 2)
      for (const k of reviewCandidates(r, ix, i))
        if (!otherPerson(r.block.packed[k]!)) listed.add(r.block.person[k]!);
  return listed;
}

/** How many of `persons` are listed as a candidate of some 疑似匹配 row (personsInReview). */
export function countInReview(r: MatchResult, ix: RegistryIndex, persons: readonly number[]): number {
  const listed = personsInReview(r, ix);
  let n = 0;
  for (const p of persons) if (listed.has(p)) n++;
  return n;
}

/**
 * The out-of-school list in the order it is written: those of compulsory age no review could find
 * at school, then those who are a 疑似匹配's candidate (to check in the review first), then those of
 * unknown age (tester v24a F2: the file's columns are fixed, so the order and the rows' numbers,
 * said on the console, mark the candidates). `review` gives their places in the list (0-based,
 * `to` exclusive); empty when there are none.
 */
export function unenrolledInListOrder(
  found: { persons: readonly number[]; unknownAge: readonly number[] },
  inReview: ReadonlySet<number>,
): { list: number[]; review: { from: number; to: number } } {
  const sure = found.persons.filter((p) => !inReview.has(p));
  const maybe = found.persons.filter((p) => inReview.has(p));
  return {
    list: [...sure, ...maybe, ...found.unknownAge],
    review: { from: sure.length, to: sure.length + maybe.length },
  };
}

/**
 * The as-of date a comparison takes by default: 1 September of the school year `today`
 * ('YYYY-MM-DD', China's date) is in — before September, last year's.
 */
export function schoolYearStart(today: string): string {
  const y = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 9 ? y : y - 1}-09-01`;
}

/** Earliest date a comparison or a roll may be dated: before it, no register of this kind existed. */
export const EARLIEST_AS_OF = '2000-01-01';

/**
 * What is wrong with an --as-of date ('YYYY-MM-DD'), in Chinese, or null: not a real calendar day,
 * or outside the years a roll or a registry can be of — from EARLIEST_AS_OF to a year after
 * `today` (tester v26a F8: 2999-01-01 was called no real date, 1900-01-01 taken without a word).
 */
export function asOfProblem(s: string, today: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  // (Any year's calendar: isRealDay keeps to the years an ID's birth date may take.)
  const day = m === null ? null : new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (m === null || day === null || day.toISOString().slice(0, 10) !== s)
    return `--as-of 应为实际存在的日期，格式 YYYY-MM-DD：${s}`;
  const latest = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  if (s < EARLIEST_AS_OF || s > latest)
    return `--as-of ${s} 不在合理范围内（${EARLIEST_AS_OF} 至 ${latest}）：比对基准日一般为学年开始的 9 月 1 日（如 2020-09-01）`;
  return null;
}
