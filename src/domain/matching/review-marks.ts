/**
 * What the review drawer marks for the reviewer beyond field-by-field equality. Pure; hints for a
 * person, never part of the matcher's decision.
 */
import { normaliseId } from '../identity/id-number.ts';
import { normaliseName } from '../identity/name.ts';

/**
 * The birth date the row's own ID gives, when it differs from the row's 出生日期 (one of the two is
 * mistyped); null when they agree or either is unknown.
 */
export function idBirthDateConflict(
  knownId: string | null | undefined,
  rawId: string | null | undefined,
  birthDate: string | null | undefined,
): string | null {
  if (!birthDate) return null;
  const fromId = normaliseId(knownId ?? rawId ?? '').birthDate;
  return fromId !== null && fromId !== birthDate ? fromId : null;
}

/**
 * True when the pupil's 户籍所在地 names a place and not the registry person's county: the roll and
 * the registry put the child in different counties. A county is recognised by its name without the
 * last character (沙县 → 沙, 三元区 → 三元), so 沙县 and 沙县区 (renamed in 2021) are one county.
 */
export function hukouOutsideCounty(
  hukou: string | null | undefined,
  county: string | null | undefined,
): boolean {
  const h = (hukou ?? '').replace(/\s/g, '');
  const c = (county ?? '').trim();
  if (h === '' || c.length < 2) return false;
  return !h.includes(c.slice(0, c.length - 1));
}

/**
 * True when the pupil's guardian, named on the roll (by name, by ID, or both), is none of the
 * registry household's members: the strongest sign that a namesake born the same day is another
 * child. Names are compared as `normaliseName` leaves them (spaces, traditional characters); an ID
 * that equals a member's is that member whatever the name. False when the roll names no guardian.
 */
export function guardianOutsideHousehold(
  guardianName: string | null | undefined,
  guardianIdRaw: string | null | undefined,
  members: readonly { name: string; idNumber: string | null }[],
): boolean {
  const name = normaliseName(guardianName ?? '').name;
  const id = normaliseId(guardianIdRaw ?? '').id;
  if (name === '' && id === null) return false;
  return !members.some(
    (m) => (id !== null && m.idNumber === id) || (name !== '' && normaliseName(m.name).name === name),
  );
}

/**
 * The 匹配依据 of a pupil whose every candidate a reviewer rejected. When one of them carried the
 * pupil's very ID, that is said too: one of the two IDs is wrong, and the 一生一档 (keyed by ID)
 * keeps the pupil apart only because of the decision (tester v24b F5: “建档立卡名单中未找到该生” was
 * said of a pupil whose ID is on the list).
 */
export function allRejectedExplanation(sameId: boolean): string {
  return `人工已否决候选匹配；建档立卡名单中没有其他候选人员${sameId ? `；${SAME_ID_REJECTED}` : ''}`;
}
/**
 * Fewest characters of a rejection's note: who checked that they are not the same person, and how
 * ("否决" alone says neither — tester t28f F6). The web's button waits for as many.
 */
export const MIN_REJECT_NOTE_CHARS = 4;

export const SAME_ID_REJECTED = '该生身份证号与被否决的人员相同，两人之一的证件号有误，请核实更正';
