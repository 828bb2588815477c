/**
 * 疑似在外县就读: a hint for the out-of-school list, never a decision. A county's comparison sees
 * its own roll only, so a registry child of the county who studies in another county's school —
 * whose roll row there has no ID, or a damaged one, and whom no run has confirmed — is listed as
 * 未入学. This rule finds, among enrolled pupils outside the run's scope, those who are plausibly
 * that child, so the list can say where to ask; the child stays on the list (nobody drops off it
 * unnoticed). Conservative, since a hint that is noise sends staff to the wrong school:
 * - the same name after normalisation (traditional → simplified, spaces, the middle dot) — a
 *   homophone is not enough;
 * - the same birth date: the pupil's own 出生日期, else the birth date of their valid ID;
 * - the pupil's valid ID, if they have one, is not a different valid ID (that is another child);
 * - the pupil is not confirmed as another registry person by a run.
 * Pure.
 */
import { idFromStudentNo, normaliseId, recordDate } from '../identity/id-number.ts';
import { normaliseName } from '../identity/name.ts';
import { maskStudentNo } from '../identity/personal-mask.ts';

/** A registry child on the out-of-school list, as the registry gives them. */
export interface OutOfSchoolChild {
  personNo: string;
  name: string;
  /** The registry's own 出生日期, if any ('YYYY-MM-DD'). */
  birthDate: string | null;
  /** The registry's ID (stored or as written); only a valid one counts. */
  idNumber: string | null;
  /** County (6 digits) of the child's registry entry. */
  countyCode: string;
}

/** An enrolled pupil outside the run's scope, with where they study. */
export interface OutsidePupil {
  studentNo: string;
  name: string;
  /** The roll's own 出生日期, if any. */
  birthDate: string | null;
  /** The roll's ID (stored or as written); only a valid one counts. */
  idNumber: string | null;
  countyCode: string;
  countyName: string | null;
  schoolName: string;
  /** The registry person (人编号) a run confirmed this pupil to be, if any. */
  confirmedPersonNo: string | null;
}

/** How many schools a hint names before it says 等N处. */
export const HINT_MAX_NAMED = 3;

/** The normalised name, or null when the name is no usable name. */
export function hintNameKey(raw: string | null | undefined): string | null {
  const n = normaliseName(raw ?? '');
  return n.valid && n.name !== '' ? n.name : null;
}

/** A valid ID out of a stored or written one, else null. */
function validId(raw: string | null | undefined): string | null {
  if (!raw) return null;
  return normaliseId(raw).id;
}

/** The child's birth date: their valid ID's, else the registry's own. */
function childBirth(c: OutOfSchoolChild, id: string | null): string | null {
  if (id !== null) return normaliseId(id).birthDate;
  return c.birthDate ? recordDate(c.birthDate) : null;
}

/**
 * The pupil's valid ID: the roll's, else the one inside a 学籍号 of the G + ID form (the ID given at
 * registration). Used to tell another child apart and for a birth date the roll does not give.
 */
function pupilId(s: OutsidePupil): string | null {
  return validId(s.idNumber) ?? idFromStudentNo(s.studentNo);
}

/** The pupil's birth date: their own 出生日期, else their valid ID's. */
function pupilBirth(s: OutsidePupil, id: string | null): string | null {
  const own = s.birthDate ? recordDate(s.birthDate) : null;
  if (own !== null) return own;
  return id !== null ? normaliseId(id).birthDate : null;
}

/** The pupils among `pupils` who are plausibly `child` (see the module's rules), in `pupils` order. */
export function plausiblyEnrolledElsewhere(
  child: OutOfSchoolChild,
  pupils: readonly OutsidePupil[],
): OutsidePupil[] {
  const name = hintNameKey(child.name);
  if (name === null) return [];
  const childId = validId(child.idNumber);
  const born = childBirth(child, childId);
  if (born === null) return [];
  return pupils.filter((s) => {
    if (hintNameKey(s.name) !== name) return false;
    if (s.confirmedPersonNo !== null && s.confirmedPersonNo !== child.personNo) return false;
    const id = pupilId(s);
    if (id !== null && childId !== null && id !== childId) return false;
    return pupilBirth(s, id) === born;
  });
}

/** Where one pupil studies, for the hint: the county's name and the school's (once, when the school's name begins with it). */
function place(s: OutsidePupil): string {
  if (!s.countyName || s.schoolName.startsWith(s.countyName)) return s.schoolName;
  return `${s.countyName} ${s.schoolName}`;
}

/**
 * The hint in Chinese for `child` given the pupils found for them (plausiblyEnrolledElsewhere), or
 * null when there are none. Schools are named with the pupil's 学籍号 masked; past HINT_MAX_NAMED,
 * the rest are counted (等N处).
 */
export function enrolledElsewhereText(
  child: OutOfSchoolChild,
  found: readonly OutsidePupil[],
): string | null {
  if (found.length === 0) return null;
  const sorted = [...found].sort(
    (a, b) =>
      a.countyCode.localeCompare(b.countyCode) ||
      a.schoolName.localeCompare(b.schoolName, 'zh-CN') ||
      a.studentNo.localeCompare(b.studentNo),
  );
  const away = sorted.every((s) => s.countyCode !== child.countyCode);
  const head = away ? '疑似在外县就读' : '疑似在其他学校就读';
  if (sorted.length === 1) {
    const s = sorted[0]!;
    return `${head}：${place(s)}有同名同出生日期的在读学生（学籍号 ${maskStudentNo(s.studentNo)}），请与该校核实`;
  }
  const named = sorted
    .slice(0, HINT_MAX_NAMED)
    .map((s) => `${place(s)}（学籍号 ${maskStudentNo(s.studentNo)}）`)
    .join('、');
  const more = sorted.length > HINT_MAX_NAMED ? `等${sorted.length}处` : '';
  return `${head}：${named}${more}有同名同出生日期的在读学生，请与相关学校核实`;
}

/** The hint for one child among these pupils (any name), or null. */
export function enrolledElsewhereHint(
  child: OutOfSchoolChild,
  pupils: readonly OutsidePupil[],
): string | null {
  return enrolledElsewhereText(child, plausiblyEnrolledElsewhere(child, pupils));
}

/**
 * Hints for many children at once, by 人编号 (only children with a hint): the pupils are indexed
 * by normalised name once, so each child looks at its namesakes only.
 */
export function enrolledElsewhereHints(
  children: readonly OutOfSchoolChild[],
  pupils: readonly OutsidePupil[],
): Map<string, string> {
  const byName = new Map<string, OutsidePupil[]>();
  for (const s of pupils) {
    const k = hintNameKey(s.name);
    if (k === null) continue;
    const list = byName.get(k);
    if (list) list.push(s);
    else byName.set(k, [s]);
  }
  const out = new Map<string, string>();
  for (const c of children) {
    const k = hintNameKey(c.name);
    const namesakes = k === null ? undefined : byName.get(k);
    if (!namesakes) continue;
    const hint = enrolledElsewhereHint(c, namesakes);
    if (hint !== null) out.set(c.personNo, hint);
  }
  return out;
}
