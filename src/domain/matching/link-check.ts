/**
 * 人工关联 (linking a pupil with a registry person by 人编号 or 证件号码) checked against what both
 * records say: a mistyped number names someone else, and the link hides that child from the
 * out-of-school list at once (tester v26b F6: a school linked 何哲铭, 男, 2010-02-28, with 邱小山,
 * 女, 2012-05-05, with no word said). Pure: the service asks it of the two records.
 */

import { noCharacterInCommon } from '../identity/name.ts';

export interface LinkSide {
  name: string;
  sex: 'M' | 'F' | null;
  /** 'YYYY-MM-DD' or null. */
  birthDate: string | null;
  /** The valid (checked) ID, or null. */
  idNumber?: string | null;
}

/**
 * How the pupil and the person differ, one Chinese phrase each: a name with no character in common
 * (a renamed pupil keeps the surname; a homophone or a typo shares characters), the sex, the birth
 * date, the ID (two valid numbers: a typo makes a number invalid) — each only when both records
 * give it (tester v26d F3: 赵虎 → 赵小虎, other sex and another valid ID, went through unsaid).
 */
export function linkDifferences(pupil: LinkSide, person: LinkSide): string[] {
  const out: string[] = [];
  if (noCharacterInCommon(pupil.name, person.name)) out.push(`姓名不同（${pupil.name}/${person.name}）`);
  if (pupil.sex !== null && person.sex !== null && pupil.sex !== person.sex)
    out.push(`性别不同（${sexText(pupil.sex)}/${sexText(person.sex)}）`);
  if (pupil.birthDate !== null && person.birthDate !== null && pupil.birthDate !== person.birthDate)
    out.push(`出生日期不同（${pupil.birthDate}/${person.birthDate}）`);
  const [a1, b1] = [pupil.idNumber ?? null, person.idNumber ?? null];
  if (a1 !== null && b1 !== null && a1.toUpperCase() !== b1.toUpperCase())
    out.push('身份证号不同（两个号码均有效）');
  return out;
}

const sexText = (s: 'M' | 'F'): string => (s === 'M' ? '男' : '女');

/** Differences from which a link is taken for another child: two of name, sex, birth date and ID. */
export const UNLIKE_LINK = 2;

/** True when the two records are unlike enough (`UNLIKE_LINK`) that a link needs a second look. */
export function unlikeLink(differences: readonly string[]): boolean {
  return differences.length >= UNLIKE_LINK;
}
