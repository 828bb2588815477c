/**
 * What a newer roll changes (工作要点 2 动态跟踪, 工作要点 5 流转学生): students are matched by
 * 学籍号; a student now at another school has moved, one missing from a school the new roll
 * covers has left, a returning one is back. Pure: the caller loads and stores.
 */

import { gradeYear } from '../aid/rules.ts';
import { daysBetween } from '../dropout/dates.ts';
import { isNationalStudentNo } from '../identity/id-number.ts';
import type { RegistryMove, ReusedNumber } from './registry-changes.ts';

export interface RollSnapshot {
  studentNo: string;
  schoolCode: string;
  status: 'enrolled' | 'left';
  /** 'YYYY-MM-DD' the student was recorded as left (stored students who left). */
  leftAt?: string | null;
  /**
   * The person (一生一档) a stored record belonged to: kept in a change's before-snapshot, so that a
   * record a corrected ID moved to another person still names the person it left.
   */
  personId?: number | null;
  /** Other fields whose changes are recorded (name, ID, grade, class, flags …). */
  fields: Record<string, string | boolean | null>;
}

export type RollChange =
  | { kind: 'new'; studentNo: string; after: RollSnapshot }
  | { kind: 'moved'; studentNo: string; before: RollSnapshot; after: RollSnapshot }
  | { kind: 'returned'; studentNo: string; before: RollSnapshot; after: RollSnapshot }
  | { kind: 'updated'; studentNo: string; before: RollSnapshot; after: RollSnapshot; changed: string[] }
  | { kind: 'left'; studentNo: string; before: RollSnapshot };

/**
 * Days within which a student recorded as left at one school and found on another school's roll
 * moved (转学) rather than came back (复学): the new school's roll came in after the old one's, in
 * the same term. Later, the child had been out of school and returned.
 */
export const TRANSFER_WINDOW_DAYS = 90;

/** True when a student who left (`before`) and is now at another school moved there, see TRANSFER_WINDOW_DAYS. */
function movedAfterLeaving(before: RollSnapshot, after: RollSnapshot, asOf: string | undefined): boolean {
  if (before.schoolCode === after.schoolCode || !before.leftAt || !asOf) return false;
  const days = daysBetween(before.leftAt.slice(0, 10), asOf);
  return days >= 0 && days <= TRANSFER_WINDOW_DAYS;
}

/**
 * Compares the stored roll with an incoming one. Students enrolled at a school the incoming
 * roll covers, but absent from it, have left; students of schools it does not cover are
 * untouched (another school's or county's roll is not this file's business). With `asOf` (the
 * date the roll describes), a student whose old school's roll marked them left shortly before and
 * who is on another school's roll has moved, whichever school imported first.
 */
export function diffRoll(
  existing: ReadonlyMap<string, RollSnapshot>,
  incoming: readonly RollSnapshot[],
  asOf?: string,
): RollChange[] {
  const changes: RollChange[] = [];
  const covered = new Set(incoming.map((s) => s.schoolCode));
  const seen = new Set<string>();
  for (const after of incoming) {
    seen.add(after.studentNo);
    const before = existing.get(after.studentNo);
    if (!before) {
      changes.push({ kind: 'new', studentNo: after.studentNo, after });
    } else if (before.status === 'left') {
      const kind = movedAfterLeaving(before, after, asOf) ? 'moved' : 'returned';
      changes.push({ kind, studentNo: after.studentNo, before, after });
    } else if (before.schoolCode !== after.schoolCode) {
      changes.push({ kind: 'moved', studentNo: after.studentNo, before, after });
    } else {
      const changed = changedFields(before, after);
      if (changed.length)
        changes.push({ kind: 'updated', studentNo: after.studentNo, before, after, changed });
    }
  }
  for (const before of existing.values()) {
    if (before.status === 'enrolled' && covered.has(before.schoolCode) && !seen.has(before.studentNo)) {
      changes.push({ kind: 'left', studentNo: before.studentNo, before });
    }
  }
  return changes;
}

/** What `renumbered` needs of a stored or incoming roll row. */
export interface NumberedRow {
  studentNo: string;
  schoolCode: string;
  status: 'enrolled' | 'left';
  /** The checked 18-digit ID, or null (none, damaged, or another document such as a passport). */
  idNumber: string | null;
  /** The name as normalised, and the birth date (YYYY-MM-DD) or null: the tie of a pupil stored without an ID. */
  name: string;
  birthDate: string | null;
}

/**
 * Pupils whose 学籍号 changed between two rolls (a temporary L/J number replaced by the national
 * G number, a school's own number by the national one): a new 学籍号 in the incoming roll whose ID
 * is that of exactly one enrolled pupil of a school the roll covers, whose own 学籍号 is not in the
 * roll. That pupil is the same child under a new number, not one who left and a new one who came
 * (which would lose their comparison result, their aid and their history). A temporary number is
 * often given because the pupil had no ID: a pupil stored without an ID pairs with a new row of the
 * same school with the same name and birth date. Pairs are one to one: an ID, or a school's name and
 * birth date, on two new rows or two stored pupils pairs nothing. A national number is never
 * replaced by another kind. Returns new 学籍号 → old 学籍号.
 */
export function renumbered(
  existing: readonly NumberedRow[],
  incoming: readonly NumberedRow[],
): Map<string, string> {
  return samePupilNewNumber(existing, incoming).renumbered;
}

/**
 * Rows of the roll that give a pupil stored under a national 学籍号 (G + ID) another kind of number
 * (a temporary L/J one): the pairs `renumbered` refuses, new 学籍号 → stored national one. Such a
 * file is most likely an older roll (tester v26d F2: imported silently as one pupil leaving and a
 * new one coming, both in one 一生一档).
 */
export function nationalNumbersTakenBack(
  existing: readonly NumberedRow[],
  incoming: readonly NumberedRow[],
): Map<string, string> {
  return samePupilNewNumber(existing, incoming).refused;
}

function samePupilNewNumber(
  existing: readonly NumberedRow[],
  incoming: readonly NumberedRow[],
): { renumbered: Map<string, string>; refused: Map<string, string> } {
  const inFile = new Set(incoming.map((r) => r.studentNo));
  const covered = new Set(incoming.map((r) => r.schoolCode));
  const stored = new Set(existing.map((r) => r.studentNo));
  /** A stored pupil of a covered school whom the roll no longer has. */
  const gone = (r: NumberedRow): boolean => covered.has(r.schoolCode) && !inFile.has(r.studentNo);
  const out = new Map<string, string>();
  const refused = new Map<string, string>();
  const pair = (olds: Map<string, string | null>, news: Map<string, string | null>): void => {
    for (const [k, newNo] of news) {
      const oldNo = olds.get(k);
      if (!newNo || !oldNo) continue;
      // The national number (G + the ID) is for life: a row giving the pupil another number is
      // from an older file, not a renumbering (tester v26b F2: G → L undid the change of a term).
      if (isNationalStudentNo(oldNo) && !isNationalStudentNo(newNo)) refused.set(newNo, oldNo);
      else out.set(newNo, oldNo);
    }
  };
  // By ID. (Every row with the ID counts: a second one, new or not, makes the pair unsure.)
  pair(
    uniqueBy(
      existing,
      (r) => (r.status === 'enrolled' && gone(r) ? r.idNumber : null),
      (r) => r.studentNo,
    ),
    uniqueBy(
      incoming,
      (r) => r.idNumber,
      (r) => (stored.has(r.studentNo) ? null : r.studentNo),
    ),
  );
  // Pupils stored without an ID: by school, name and birth date, among the new rows still unpaired.
  // (Any stored pupil of that school with that name and birth date makes the tie unsure.)
  const key = (r: NumberedRow): string | null =>
    r.name === '' || r.birthDate === null ? null : `${r.schoolCode}|${r.name}|${r.birthDate}`;
  pair(
    uniqueBy(
      existing,
      (r) => (gone(r) ? key(r) : null),
      (r) => (r.status === 'enrolled' && r.idNumber === null ? r.studentNo : null),
    ),
    uniqueBy(incoming, key, (r) =>
      stored.has(r.studentNo) || out.has(r.studentNo) || refused.has(r.studentNo) ? null : r.studentNo,
    ),
  );
  // A pupil of a national number given a temporary one on a row without an ID: by school, name and
  // birth date too — only ever refused (verifier v26f F1: held by nothing, the pupil left and came
  // back as someone new).
  pair(
    uniqueBy(
      existing,
      (r) => (gone(r) ? key(r) : null),
      (r) => (r.status === 'enrolled' && isNationalStudentNo(r.studentNo) ? r.studentNo : null),
    ),
    uniqueBy(incoming, key, (r) =>
      stored.has(r.studentNo) ||
      out.has(r.studentNo) ||
      refused.has(r.studentNo) ||
      r.idNumber !== null ||
      isNationalStudentNo(r.studentNo)
        ? null
        : r.studentNo,
    ),
  );
  return { renumbered: out, refused };
}

/** Each key's value, or null where two rows have the key: a tie must be one to one. Rows without a key count not. */
function uniqueBy(
  rows: readonly NumberedRow[],
  keyOf: (r: NumberedRow) => string | null,
  valueFor: (r: NumberedRow) => string | null,
): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of rows) {
    const k = keyOf(r);
    if (k !== null) out.set(k, out.has(k) ? null : valueFor(r));
  }
  return out;
}

/**
 * The fields one change touched: those both snapshots record with different values. A snapshot
 * stored before a field was recorded says nothing of it, so that field is not reported as changed.
 */
export function changedFields(before: RollSnapshot, after: RollSnapshot): string[] {
  const b = before.fields ?? {};
  const a = after.fields ?? {};
  return Object.keys(a).filter((k) => k in b && (b[k] ?? null) !== (a[k] ?? null));
}

/** A school the new roll would empty by more than half: most likely a partial file, not the whole roll. */
export interface MassLeaving {
  schoolCode: string;
  /** Students of the school in the new roll. */
  inFile: number;
  /** Students enrolled there now. */
  enrolled: number;
  /** Of those, how many the roll would mark as left. */
  leaving: number;
}

/**
 * Schools where the roll would mark more than half of the enrolled students — and at least
 * `minLeaving`, or all of them — as left. A roll is read as the school's whole roll (students
 * missing from it leave); a file of new pupils only, or one class, would otherwise send the rest
 * away unseen. Graduation takes a sixth to a third of a school each year, never more than half. A
 * 教学点 of one or two pupils losing them all asks too (tester v20b F4).
 */
export function massLeaving(
  existing: ReadonlyMap<string, RollSnapshot>,
  incoming: readonly RollSnapshot[],
  changes: readonly RollChange[],
  minLeaving = 3,
): MassLeaving[] {
  const enrolled = new Map<string, number>();
  for (const s of existing.values())
    if (s.status === 'enrolled') enrolled.set(s.schoolCode, (enrolled.get(s.schoolCode) ?? 0) + 1);
  const inFile = new Map<string, number>();
  for (const s of incoming) inFile.set(s.schoolCode, (inFile.get(s.schoolCode) ?? 0) + 1);
  const leaving = new Map<string, number>();
  for (const c of changes)
    if (c.kind === 'left') leaving.set(c.before.schoolCode, (leaving.get(c.before.schoolCode) ?? 0) + 1);
  const out: MassLeaving[] = [];
  for (const [schoolCode, n] of leaving) {
    const total = enrolled.get(schoolCode) ?? 0;
    if ((n >= minLeaving || n === total) && n * 2 > total)
      out.push({ schoolCode, inFile: inFile.get(schoolCode) ?? 0, enrolled: total, leaving: n });
  }
  return out.sort((a, b) => a.schoolCode.localeCompare(b.schoolCode));
}

/** What a new 建档立卡 list changes against the current one of the same counties (by 户编号 and 人编号). */
export interface RegistryChange {
  householdsAdded: number;
  householdsRemoved: number;
  personsAdded: number;
  personsRemoved: number;
  /** Persons kept under another 人编号 (registry-changes.ts registryMoves): neither added nor removed. */
  personsMoved: number;
}

/**
 * Compares the current registry rows of the counties a new list covers with the new list's rows.
 * A person moved (`moves`: split off, renumbered) is neither removed nor added, and a household
 * whose every person moved is neither (tester v27b F3). A 人编号 the new list gives to another person
 * (`reused`: reusedNumbers) is its former holder's leaving (removed, unless moved) and its new
 * holder's coming (added, unless moved) — verifier v27d F2a. A household is removed (added) only
 * when one of its persons is.
 */
export function diffRegistry(
  before: ReadonlyArray<{ personNo: string; householdNo: string }>,
  after: ReadonlyArray<{ personNo: string; householdNo: string }>,
  moves: readonly RegistryMove[] = [],
  reused: readonly ReusedNumber[] = [],
): RegistryChange {
  const movedFrom = new Set(moves.map((m) => m.from.personNo));
  const movedTo = new Set(moves.map((m) => m.to.personNo));
  const other = new Set(reused.map((r) => r.personNo));
  /** The persons of `xs` the other list lacks (or gives their 人编号 to another), not moved; and their households the other list lacks. */
  const count = (
    xs: ReadonlyArray<{ personNo: string; householdNo: string }>,
    others: ReadonlyArray<{ personNo: string; householdNo: string }>,
    moved: ReadonlySet<string>,
  ): { persons: number; households: number } => {
    const nos = new Set(others.map((p) => p.personNo));
    const there = new Set(others.map((p) => p.householdNo));
    const persons = new Set<string>();
    const households = new Set<string>();
    for (const p of xs)
      if ((!nos.has(p.personNo) || other.has(p.personNo)) && !moved.has(p.personNo)) {
        persons.add(p.personNo);
        if (!there.has(p.householdNo)) households.add(p.householdNo);
      }
    return { persons: persons.size, households: households.size };
  };
  const added = count(after, before, movedTo);
  const removed = count(before, after, movedFrom);
  return {
    householdsAdded: added.households,
    householdsRemoved: removed.households,
    personsAdded: added.persons,
    personsRemoved: removed.persons,
    personsMoved: moves.length,
  };
}

/**
 * The sentence a registry import gives about what it changed, or null for a first list or no
 * change: households and persons new and gone, those moved, and what that means for the comparison.
 */
export function registryChangeNotice(c: RegistryChange, firstList: boolean): string | null {
  if (firstList) return null;
  const moved =
    c.personsMoved > 0
      ? `另有 ${c.personsMoved} 人分户或人编号变更（同一人，按证件号码或随户按姓名认定，不计为新增和移出）`
      : '';
  if (c.householdsAdded + c.householdsRemoved + c.personsAdded + c.personsRemoved === 0)
    return moved
      ? `与所覆盖县(市、区)的上一版建档立卡名单相比，户和人员没有增减；${moved}。请重新比对。`
      : '与所覆盖县(市、区)的上一版建档立卡名单相比，户和人员没有增减。';
  return `与所覆盖县(市、区)的上一版建档立卡名单相比：新增 ${c.householdsAdded} 户、${c.personsAdded} 人，移出 ${c.householdsRemoved} 户、${c.personsRemoved} 人${moved ? `；${moved}` : ''}。请重新比对：移出人员的学生将不再列为建档立卡学生，新增人员中的适龄儿童将与学籍比对。`;
}

/** A person whose 脱贫状态 a new 建档立卡 list changes (same 人编号 on both lists, or moved: registryMoves). */
export interface ExitStatusChange {
  personNo: string;
  householdNo: string;
  name: string;
  before: string | null;
  after: string | null;
  /** The row of the new file. */
  row?: number;
}

/**
 * The persons of both lists whose 脱贫状态 differs (blank and missing are the same: 未填); a person
 * the new list keeps under another 人编号 (`moves`) compared with their former entry; a 人编号 the new
 * list gives to another person (`reused`) not compared with its former holder.
 */
export function exitStatusChanges(
  before: ReadonlyArray<{ personNo: string; exitStatus: string | null }>,
  after: ReadonlyArray<{
    personNo: string;
    householdNo: string;
    name: string;
    exitStatus: string | null;
    row?: number;
  }>,
  moves: readonly RegistryMove[] = [],
  reused: readonly ReusedNumber[] = [],
): ExitStatusChange[] {
  const was = new Map(before.map((p) => [p.personNo, p.exitStatus?.trim() || null]));
  const formerly = new Map(moves.map((m) => [m.to.personNo, m.from.personNo]));
  const other = new Set(reused.map((r) => r.personNo));
  const out: ExitStatusChange[] = [];
  for (const p of after) {
    const no = formerly.get(p.personNo) ?? (other.has(p.personNo) ? null : p.personNo);
    if (no === null || !was.has(no)) continue;
    const b = was.get(no) ?? null;
    const a = p.exitStatus?.trim() || null;
    if (a !== b)
      out.push({
        personNo: p.personNo,
        householdNo: p.householdNo,
        name: p.name,
        before: b,
        after: a,
        ...(p.row !== undefined && { row: p.row }),
      });
  }
  return out;
}

/**
 * The sentence about changed 脱贫状态, or null: the status decides whether a 建档立卡 pupil keeps the
 * aid (已脱贫(不享受政策) does not), so the next entitlement run follows it — said here, naming a few.
 */
export function exitStatusNotice(changes: readonly ExitStatusChange[], named = 5): string | null {
  if (changes.length === 0) return null;
  const households = new Set(changes.map((c) => c.householdNo)).size;
  const shown = changes
    .slice(0, named)
    .map((c) => `${c.name}（户编号 ${c.householdNo}）：${c.before ?? '未填'} → ${c.after ?? '未填'}`)
    .join('；');
  const more = changes.length > named ? `等 ${changes.length} 人` : '';
  return `脱贫状态变更 ${households} 户、${changes.length} 人：${shown}${more}。脱贫状态决定建档立卡学生是否继续享受资助（如“已脱贫(不享受政策)”不再享受），请重新计算应享资助。`;
}

/** A 建档立卡 person as the change detail names them. */
export interface RegistryEntry {
  personNo: string;
  householdNo: string;
  name: string;
  /** From the valid ID (YYYY-MM-DD), else null. */
  birthDate: string | null;
  /** The person's household head (户主), as the list gives it; null when not given. */
  headName: string | null;
  /** The row of the new file (added persons only). */
  row?: number;
  /** An enrolled pupil of some school (removed persons only): named whatever their age. */
  enrolled?: boolean;
}

/** Who a new 建档立卡 list takes off and brings in: households gone, and children of compulsory age either way. */
export interface RegistryChangeDetail {
  /** Households of the current list the new one no longer has, with their members there. */
  removedHouseholds: Array<{ householdNo: string; headName: string | null; persons: number }>;
  /** Persons of compulsory age (isCompulsoryAge on `asOf`) or enrolled pupils taken off the list. */
  removedChildren: RegistryEntry[];
  /** Persons of compulsory age new on the list. */
  addedChildren: RegistryEntry[];
}

/**
 * Who a new 建档立卡 list changes, for the report and the audit (tester v17b B2: an older file given
 * by mistake took a household with an out-of-school child off the list, and only counts were told).
 * Children of compulsory age are named: taken off, they stop being 建档立卡 students and leave the
 * out-of-school list; brought in, they are to be compared with the rolls. A person the new list
 * keeps under another 人编号 (`moves`) is neither, and a household gone counts its members taken
 * off only (none: not gone, tester v27b F3). A 人编号 given to another person (`reused`) takes its
 * former holder off (unless moved) and brings its new holder in (unless moved): verifier v27d F2a.
 */
export function registryChangeDetail(
  before: readonly RegistryEntry[],
  after: readonly RegistryEntry[],
  asOf: string,
  isChild: (birthDate: string, asOf: string) => boolean,
  moves: readonly RegistryMove[] = [],
  reused: readonly ReusedNumber[] = [],
): RegistryChangeDetail {
  const movedFrom = new Set(moves.map((m) => m.from.personNo));
  const movedTo = new Set(moves.map((m) => m.to.personNo));
  const other = new Set(reused.map((r) => r.personNo));
  const afterNos = new Set(after.map((p) => p.personNo));
  const beforeNos = new Set(before.map((p) => p.personNo));
  const afterHouseholds = new Set(after.map((p) => p.householdNo));
  /** Taken off: their 人编号 gone or given to another, and not moved. */
  const off = (p: RegistryEntry) =>
    (!afterNos.has(p.personNo) || other.has(p.personNo)) && !movedFrom.has(p.personNo);
  const on = (p: RegistryEntry) =>
    (!beforeNos.has(p.personNo) || other.has(p.personNo)) && !movedTo.has(p.personNo);
  const gone = new Map<string, { householdNo: string; headName: string | null; persons: number }>();
  for (const p of before) {
    if (afterHouseholds.has(p.householdNo) || !off(p)) continue;
    const h = gone.get(p.householdNo) ?? { householdNo: p.householdNo, headName: p.headName, persons: 0 };
    h.persons++;
    h.headName ??= p.headName;
    gone.set(p.householdNo, h);
  }
  const child = (p: RegistryEntry) => p.birthDate !== null && isChild(p.birthDate, asOf);
  const byNo = (a: RegistryEntry, b: RegistryEntry) => a.personNo.localeCompare(b.personNo);
  return {
    removedHouseholds: [...gone.values()].sort((a, b) => a.householdNo.localeCompare(b.householdNo)),
    removedChildren: before.filter((p) => off(p) && (child(p) || p.enrolled)).sort(byNo),
    addedChildren: after.filter((p) => on(p) && child(p)).sort(byNo),
  };
}

/** How many of each a notice names before it says 等N. */
export const CHANGE_NAMED = 20;

/** The sentences that name who a new 建档立卡 list changes (registryChangeDetail); none when nobody. */
export function registryChangeDetailNotices(d: RegistryChangeDetail, asOf: string): string[] {
  const list = <T>(xs: readonly T[], each: (x: T) => string, unit: string): string =>
    xs.slice(0, CHANGE_NAMED).map(each).join('、') +
    (xs.length > CHANGE_NAMED ? `等 ${xs.length} ${unit}` : '');
  const out: string[] = [];
  if (d.removedHouseholds.length > 0)
    out.push(
      `移出的户（${d.removedHouseholds.length} 户）：${list(
        d.removedHouseholds,
        (h) =>
          `${h.householdNo}${h.headName ? `（户主 ${h.headName}，${h.persons} 人）` : `（${h.persons} 人）`}`,
        '户',
      )}。请核实这些户是否确已退出建档立卡（而不是导出时漏掉或选错了文件）。`,
    );
  if (d.removedChildren.length > 0)
    out.push(
      `移出的在读学生和义务教育适龄儿童（${d.removedChildren.length} 人，年龄按 ${asOf} 计）：${list(
        d.removedChildren,
        (p) => `${p.name}（人编号 ${p.personNo}${p.enrolled ? '，在读' : ''}）`,
        '人',
      )}。重新比对后他们不再列为建档立卡学生，也不再列入未入学名单；如移出有误，请导入正确的名单。`,
    );
  if (d.addedChildren.length > 0)
    out.push(
      `新增的义务教育适龄儿童（${d.addedChildren.length} 人，年龄按 ${asOf} 计）：${list(
        d.addedChildren,
        (p) => `${p.name}（第 ${p.row} 行）`,
        '人',
      )}。请重新比对，确认他们是否在读。`,
    );
  return out;
}

/** An earlier roll import as the staleness rule sees it: who it recorded as left, and who as arriving. */
export interface EarlierImport {
  batchId: number;
  /** 学籍号 the import recorded as 离校. */
  left: ReadonlySet<string>;
  /** 学籍号 the import recorded as new, transferred in or returned. */
  arrived: ReadonlySet<string>;
}

/** Signs that a roll predates an import already made: see `olderRollSigns`. */
export interface OlderRoll {
  batchId: number;
  /** Pupils that import recorded as left whom this roll brings back (复学). */
  returning: string[];
  /** Pupils that import brought in whom this roll sends away (离校). */
  leaving: string[];
}

/**
 * Whether a roll looks older than one already imported (tester v17b B3: last term's roll, imported
 * after this term's, brought a dropout back as 复学 — off the out-of-school list — and sent a new
 * 建档立卡 pupil away): it brings back (复学, or from the school they went to since) pupils an
 * earlier import recorded as left AND sends away pupils
 * that same import brought in — at least half of each, counted for the schools concerned (the
 * caller gives each import's records for them). Either alone is ordinary (a child returns; a child
 * leaves); both against one import undo it. Returns the import undone most, or null.
 */
export function olderRollSigns(
  changes: readonly RollChange[],
  earlier: readonly EarlierImport[],
): OlderRoll | null {
  // (Brought back also from another school — one outside the importer's scope that enrolled the
  // pupil since: a 转入 the user confirmed is no less an undoing — tester v26d F1.)
  const returned = changes.filter((c) => c.kind === 'returned' || c.kind === 'moved').map((c) => c.studentNo);
  const left = changes.filter((c) => c.kind === 'left').map((c) => c.studentNo);
  let best: OlderRoll | null = null;
  for (const e of earlier) {
    const returning = returned.filter((no) => e.left.has(no));
    const leaving = left.filter((no) => e.arrived.has(no));
    // At least half of what that import recorded either way, for the schools concerned: ordinary
    // turnover (a few of last term's leavers back, a few of its newcomers gone) is no undoing.
    if (returning.length === 0 || leaving.length === 0) continue;
    if (returning.length * 2 < e.left.size || leaving.length * 2 < e.arrived.size) continue;
    const n = returning.length + leaving.length;
    if (best === null || n > best.returning.length + best.leaving.length)
      best = { batchId: e.batchId, returning: returning.sort(), leaving: leaving.sort() };
  }
  return best;
}

/** Fewest pupils whose grades go back before a roll is taken for an older one (`gradesBack`). */
export const GRADES_BACK_MIN = 3;

/**
 * Pupils this roll puts in a lower year of the same 学段 than the one stored (三年级 → 二年级):
 * an older roll, imported after a newer one (tester v21b F6: a roll from two imports back undid a
 * year of every class, and no import's left and arrived pupils were undone enough to say so). Only
 * when it is most of the grade changes — at least GRADES_BACK_MIN, and more than twice those
 * going up — else empty (a few corrections go either way).
 */
export function gradesBack(
  changes: readonly RollChange[],
): Array<{ studentNo: string; from: string; to: string }> {
  const back: Array<{ studentNo: string; from: string; to: string }> = [];
  let up = 0;
  for (const c of changes) {
    if (c.kind !== 'updated' || !c.changed.includes('grade')) continue;
    const from = c.before.fields?.grade;
    const to = c.after.fields?.grade;
    if (typeof from !== 'string' || typeof to !== 'string') continue;
    if (c.before.fields?.stage !== c.after.fields?.stage) continue;
    const a = gradeYear(from);
    const b = gradeYear(to);
    if (a === null || b === null || a === b) continue;
    if (b < a) back.push({ studentNo: c.studentNo, from, to });
    else up++;
  }
  return back.length >= GRADES_BACK_MIN && back.length > 2 * up ? back : [];
}

/** Why a roll that puts most pupils back a year waits for the user (`gradesBack`). */
export function gradesBackMessage(
  back: ReadonlyArray<{ studentNo: string; from: string; to: string }>,
  rowOf: (studentNo: string) => number | undefined,
  mask: (studentNo: string) => string,
): string {
  const some = back
    .slice(0, 5)
    .map((b) => {
      const row = rowOf(b.studentNo);
      return `${row === undefined ? '' : `第 ${row} 行`}（${mask(b.studentNo)}）${b.from}→${b.to}`;
    })
    .join('、');
  return (
    `本文件可能是旧名册：${back.length} 名学生的年级比系统中现有的低（${some}${back.length > 5 ? `等 ${back.length} 名` : ''}）。` +
    '如果这确是学校最新的名册（年级确应改低），请点下方的确认按钮后导入；否则请导出学校最新的名册后再导入'
  );
}

/** Why a roll that looks older than an earlier import waits for the user (`olderRollSigns`). */
export function olderRollMessage(
  older: OlderRoll,
  earlier: { filename: string; date: string },
  rowOf: (studentNo: string) => number | undefined,
  mask: (studentNo: string) => string,
  /** The pupil's name (tester v26d F6: masked numbers alone, alike but for a character, named no one). */
  nameOf: (studentNo: string) => string | undefined = () => undefined,
): string {
  const who = (no: string) => {
    const n = nameOf(no);
    return n ? `${n} ${mask(no)}` : mask(no);
  };
  const name = (no: string) => {
    const row = rowOf(no);
    return row === undefined ? who(no) : `第 ${row} 行（${who(no)}）`;
  };
  const some = (nos: readonly string[]) =>
    nos.slice(0, 5).map(name).join('、') + (nos.length > 5 ? `等 ${nos.length} 名` : '');
  return (
    `本文件可能是旧名册：${earlier.date} 导入的“${earlier.filename}”已把 ${older.returning.length} 名学生记为离校，本文件又把他们列为在读（${some(older.returning)}，将记为复学）；` +
    `那次导入新增或转入的 ${older.leaving.length} 名学生不在本文件中（${older.leaving.slice(0, 5).map(who).join('、')}${older.leaving.length > 5 ? `等 ${older.leaving.length} 名` : ''}，将记为离校）。` +
    '如果这确是学校最新的名册（这些学生确已复学、离校），请点下方的确认按钮后导入；否则请导出学校最新的名册后再导入'
  );
}

/**
 * The hold of a roll giving pupils stored under their national 学籍号 a temporary one again
 * (`nationalNumbersTakenBack`: new → stored), naming the rows (学籍号 masked by `mask`).
 */
export function nationalNumberBackMessage(
  takenBack: ReadonlyMap<string, string>,
  rowOf: (studentNo: string) => number | undefined,
  mask: (studentNo: string) => string,
): string {
  const all = [...takenBack];
  const some = all
    .slice(0, 5)
    .map(([newNo, oldNo]) => {
      const row = rowOf(newNo);
      return `${row === undefined ? '' : `第 ${row} 行 `}${mask(newNo)}（系统中为 ${mask(oldNo)}）`;
    })
    .join('、');
  return (
    `本文件可能是旧名册：${all.length} 名学生在系统中已有全国学籍号（G + 身份证号），本文件却用临时学籍号（${some}${all.length > 5 ? `等 ${all.length} 名` : ''}）。` +
    '全国学籍号终身不变，不会换回临时学籍号。如果这确是学校最新的名册，请点下方的确认按钮后导入（原学籍号记为离校，临时学籍号记为新增）；否则请导出学校最新的名册后再导入'
  );
}

/** An entry of a current 救助名单 (低保, 特困供养, 残疾, 突发困难): who it is, by 一生一档, ID or name. */
export interface ListEntryKey {
  personId: number | null;
  idNumber: string | null;
  name: string;
}

/**
 * The entries of the current list that a new list of the same kind and county no longer has: the
 * same 一生一档, else the same ID, else (neither known) the same name counts as still on it.
 */
export function removedFromList(
  before: readonly ListEntryKey[],
  after: readonly ListEntryKey[],
): ListEntryKey[] {
  const keys = new Set<string>();
  for (const e of after) {
    if (e.personId !== null) keys.add(`p${e.personId}`);
    if (e.idNumber) keys.add(`i${e.idNumber}`);
    keys.add(`n${e.name}`);
  }
  return before.filter((e) =>
    e.personId !== null
      ? !keys.has(`p${e.personId}`) && !(e.idNumber && keys.has(`i${e.idNumber}`))
      : e.idNumber
        ? !keys.has(`i${e.idNumber}`)
        : !keys.has(`n${e.name}`),
  );
}

/**
 * The notice of a 救助名单 import that takes persons off the current list of its kind (tester v18b:
 * a second 低保 list dropped a child without a word, as the 建档立卡 import no longer does); null
 * when nobody.
 */
export function listRemovedNotice(kindLabel: string, removed: readonly { name: string }[]): string | null {
  if (removed.length === 0) return null;
  const names = removed
    .slice(0, CHANGE_NAMED)
    .map((e) => e.name)
    .join('、');
  const more = removed.length > CHANGE_NAMED ? `等 ${removed.length} 人` : '';
  return `本次${kindLabel}名单替换了原名单，移出 ${removed.length} 人：${names}${more}。他们不再计为${kindLabel}家庭学生，重新计算应享资助后相应资助随之变化；如移出有误（导出时漏掉或选错了文件），请导入完整的名单。`;
}
