/**
 * The registry side of the comparison, indexed once for blocking. Several independent keys are
 * built so that one damaged field never hides a pair (issue 3, matcher): exact ID (also for the
 * checksum-valid one-digit and swap variants of a damaged ID, see id-variants.ts), area + birth
 * date for IDs whose tail Excel destroyed, pinyin name + birth month, surname + birth date, pinyin name alone for
 * children of unknown birth date, and household routes (an adult's ID or name +
 * place leads to the household's children).
 */
import { placeSpellings } from '../regions/code-map.ts';
import { idVariants } from './id-variants.ts';
import { type KeyTable, KeyTableBuilder } from './key-table.ts';
import { dropBorrowedIds, groupByHeadRows } from './prepare.ts';
import type { PreparedPerson, RowIssue } from './types.ts';

/** Blocks larger than this (a very common pinyin in one month) carry too little information to scan. */
export const MAX_BLOCK = 400;
/** Registry persons older than this are never roll candidates (a roll holds pupils up to 中职/高中). */
export const MAX_STUDENT_AGE = 25;

/** Registry persons, households and the blocking maps. */
export interface RegistryIndex {
  persons: PreparedPerson[];
  asOf: string;
  /** Household ordinal of each person. */
  householdOf: Int32Array;
  /** Persons of each household, in file order. */
  members: number[][];
  /** county+township+village of each household. */
  housePlace: string[];
  /** county+township of each household. */
  houseTownship: string[];
  /**
   * The members a roll's guardian may be, household by household in file order (head first):
   * `guardians[guardianOffsets[h] .. guardianOffsets[h + 1])` are person indices. Its adults, its
   * members of age (a 之子 of 29 is the father of the head's grandchildren, though `adult` waits for
   * 30 in a child relation) and its members of unknown age — in a three-generation household whose
   * IDs went through Excel, the 之子 who is the pupils' father has no age to show he is grown up.
   */
  guardianOffsets: Int32Array;
  guardians: Int32Array;
  /** Cleaned ID (trusted or not, but all 18 characters as issued: not cut short by Excel) → persons carrying it. */
  byId: KeyTable;
  /**
   * The checksum-valid IDs one typo away from a registry child's damaged ID → that child: the roll's
   * valid ID finds the registry's mistyped copy even when the typo also spoiled its birth date.
   */
  byIdVariant: KeyTable;
  /** First 14 characters (area + birth date) → persons: finds IDs whose tail Excel destroyed. */
  byPrefix14: KeyTable;
  /** pinyin + '|' + 'YYYY-MM' → persons. */
  byNameMonth: KeyTable;
  /** surname + '|' + 'YYYY-MM-DD' → persons. */
  bySurnameDate: KeyTable;
  /**
   * pinyin → children whose birth date is unknown (their ID missing or cut short by Excel): the two
   * name keys above need a date, and without this key such a child could only be reached through a
   * guardian column the roll may not have.
   */
  byNameUndated: KeyTable;
  /** adult name + '|' + place → household ordinals. */
  byAdultPlace: KeyTable;
  /**
   * child name + '|' + place → eligible person indices: a roll row with neither a usable ID nor a
   * birth date, and no guardian column, is found by its name where it lives (tester v26a: such a
   * pupil had no candidate at all). Rows with a date never ask (the roll screen reads only those).
   */
  byChildPlace: KeyTable;
  /**
   * the name's characters in order of code point (no middle dot) + '|' + birth month → eligible
   * person indices: a row without a usable ID whose name is written in another order (阿依古丽·买买提
   * as 买买提·阿依古丽, 陈欣怡 as 欣怡陈) and no village to find it by (tester v26c F2); by the month, as
   * byNameMonth, so that a day's slip still finds it (tester v26e F3).
   */
  bySortedDate: KeyTable;
  /**
   * An adult's ID a child's row carried, no row of the household holding it (PreparedPerson
   * borrowedId: the head's, a guardian's) → household ordinals: the household's own number for a
   * roll's 监护人身份证件号, as an adult member's ID is through `byId`.
   */
  byHouseId: KeyTable;
  /** Normalised name → number of registry persons with it. */
  nameCount: Map<string, number>;
  /** Σ f² over registry names: the chance that two random persons share a name. */
  nameBaseline: number;
  /** Persons who can be on a roll (not adults, age unknown or ≤ MAX_STUDENT_AGE). */
  eligible: Uint8Array;
  /** Indices of eligible persons (for random pairs). */
  eligibleList: Int32Array;
}

/** True when a registry person could be a pupil on the roll. */
function isEligible(p: PreparedPerson): boolean {
  // (An ID that fails its check may carry the typo in its year: its age says nothing.)
  return !p.adult && (p.age <= MAX_STUDENT_AGE || (!p.idTrusted && p.idKnown === 18));
}

/**
 * Builds the index. Households are grouped by `houseKey`: the 户编号, or where Excel destroyed it the
 * head's ID or name (户主证件号码/户主姓名, see prepare.ts `householdKey`), else the nearest 户主 row
 * above (`groupByHeadRows`). A child carrying an adult's ID of the same household loses it first
 * (`dropBorrowedIds`, reported to `issues`).
 */
export function buildRegistryIndex(
  persons: PreparedPerson[],
  asOf: string,
  issues?: RowIssue[],
): RegistryIndex {
  groupByHeadRows(persons);
  dropBorrowedIds(persons, issues);
  const householdOf = new Int32Array(persons.length);
  const houseNo = new Map<string, number>();
  const members: number[][] = [];
  const housePlace: string[] = [];
  // The place in the blocking keys in either year's names (梅列区 / 三元区): a roll typed before or
  // since 2021 finds the household.
  const placeKeys: string[][] = [];
  const houseTownship: string[] = [];
  const byId = new KeyTableBuilder();
  const byIdVariant = new KeyTableBuilder();
  const byPrefix14 = new KeyTableBuilder();
  const byNameMonth = new KeyTableBuilder();
  const bySurnameDate = new KeyTableBuilder();
  const byNameUndated = new KeyTableBuilder();
  const byAdultPlace = new KeyTableBuilder();
  const byChildPlace = new KeyTableBuilder();
  const bySortedDate = new KeyTableBuilder();
  const byHouseId = new KeyTableBuilder();
  const nameCount = new Map<string, number>();
  const eligible = new Uint8Array(persons.length);
  const eligibleList: number[] = [];

  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    // A row without a household key is a household of its own, keyed by its row.
    const hkey = p.houseKey || `#${p.row}`;
    let h = houseNo.get(hkey);
    if (h === undefined) {
      h = members.length;
      houseNo.set(hkey, h);
      members.push([]);
      housePlace.push(p.county + p.township + p.village);
      houseTownship.push(p.county + p.township);
      placeKeys.push(placeSpellings(p.county + p.township + p.village));
    }
    householdOf[i] = h;
    members[h]!.push(i);
    if (p.name !== '') nameCount.set(p.name, (nameCount.get(p.name) ?? 0) + 1);
    // Only an ID whose 18 characters are all as issued: two Excel-damaged numbers that read the same
    // ('3.50426E+17', or the same 15 digits then 000) are not the same ID — only the prefix survived.
    if (p.id !== null && p.idKnown === 18) byId.add(p.id, i);
    if (p.id !== null && !p.idTrusted && !p.adult) for (const v of idVariants(p.id)) byIdVariant.add(v, i);
    if (p.borrowedId !== null) byHouseId.add(p.borrowedId, h);
    if (p.adult) {
      if (p.name !== '') for (const pl of placeKeys[h]!) byAdultPlace.add(`${p.name}|${pl}`, h);
      continue;
    }
    // A grown 之子 or 之女 (a three-generation household's) is a roll's 监护人 as often as a head
    // is: the guardian's name finds the household (tester v26a F2), as `guardians` below compares it.
    if (p.age >= 18 && p.name !== '') for (const pl of placeKeys[h]!) byAdultPlace.add(`${p.name}|${pl}`, h);
    if (!isEligible(p)) continue;
    eligible[i] = 1;
    eligibleList.push(i);
    if (p.id !== null && p.idKnown >= 14) byPrefix14.add(p.id.slice(0, 14), i);
    if (p.name !== '') for (const pl of placeKeys[h]!) byChildPlace.add(`${p.name}|${pl}`, i);
    if (p.name !== '' && p.birthDate !== null)
      bySortedDate.add(`${sortedName(p.name)}|${p.birthDate.slice(0, 7)}`, i);
    if (p.birthDate !== null) {
      if (p.pinyin !== '') byNameMonth.add(`${p.pinyin}|${p.birthDate.slice(0, 7)}`, i);
      if (p.surname !== '') bySurnameDate.add(`${p.surname}|${p.birthDate}`, i);
    } else if (p.pinyin !== '') byNameUndated.add(p.pinyin, i);
  }
  const guardianOffsets = new Int32Array(members.length + 1);
  const guardians: number[] = [];
  for (let h = 0; h < members.length; h++) {
    for (const i of members[h]!) {
      const p = persons[i]!;
      if (p.name !== '' && (p.adult || p.age < 0 || p.age >= 18)) guardians.push(i);
    }
    guardianOffsets[h + 1] = guardians.length;
  }
  const byIdTable = byId.build();
  distrustSharedIds(persons, byIdTable, issues);
  if (issues) reportSplitCopies({ persons, householdOf, members, byId: byIdTable }, issues);
  let sumSq = 0;
  const total = persons.length || 1;
  for (const c of nameCount.values()) sumSq += (c / total) ** 2;
  return {
    persons,
    asOf,
    householdOf,
    members,
    housePlace,
    houseTownship,
    guardianOffsets,
    guardians: Int32Array.from(guardians),
    byId: byIdTable,
    byIdVariant: byIdVariant.build(),
    byPrefix14: byPrefix14.build(),
    byNameMonth: byNameMonth.build(),
    bySurnameDate: bySurnameDate.build(),
    byNameUndated: byNameUndated.build(),
    byAdultPlace: byAdultPlace.build(),
    byChildPlace: byChildPlace.build(),
    bySortedDate: bySortedDate.build(),
    byHouseId: byHouseId.build(),
    nameCount,
    nameBaseline: Math.max(sumSq, 1e-9),
    eligible,
    eligibleList: Int32Array.from(eligibleList),
  };
}

/**
 * One valid ID on two registry children of different names: at least one of them was recorded with
 * the other's number (a twin's, a sibling's). Neither number then proves that a pupil with another
 * valid ID is someone else, nor gives a birth date to hold against the roll: both are marked
 * untrusted, and the later row is reported. (The same child listed twice, as after a 分户, keeps it.)
 */
function distrustSharedIds(persons: PreparedPerson[], byId: KeyTable, issues?: RowIssue[]): void {
  for (let k = 0; k < byId.size; k++) {
    const start = byId.offsets[k]!;
    const end = byId.offsets[k + 1]!;
    if (end - start < 2) continue;
    const children: PreparedPerson[] = [];
    const all: PreparedPerson[] = [];
    for (let a = start; a < end; a++) {
      const p = persons[byId.values[a]!]!;
      all.push(p);
      if (!p.adult && p.name !== '') children.push(p);
    }
    // One person under two 人编号: the same ID and the same name (tester v22a F2).
    all.sort((a, b) => a.row - b.row);
    for (let a = 1; a < all.length; a++) {
      const twice = all.slice(0, a).find((e) => e.name !== '' && e.name === all[a]!.name);
      if (twice !== undefined)
        issues?.push({
          row: all[a]!.row,
          column: '证件号码',
          reason: registeredTwiceReason(twice.row, twice.personNo),
        });
    }
    if (new Set(children.map((c) => c.name)).size < 2) continue;
    children.sort((a, b) => a.row - b.row);
    const first = children[0]!;
    for (const c of children) {
      c.idTrusted = false;
      c.idChecked = false;
      if (c.name !== first.name)
        issues?.push({
          row: c.row,
          column: '证件号码',
          reason: sharedIdReason(first.row, first.rawName),
        });
    }
  }
}

/**
 * Registry children who are child `p` listed again in another household of the same family — as a
 * household split (分户) leaves them when the new household's copy lacks the ID (tester v27a F3):
 * the same name, the same birth date (or one of the two unknown), not two different valid IDs,
 * and the two households share a member by a valid ID (the mother listed in both). A family never
 * names two children alike.
 */
export function sameChildInLinkedHouse(
  ix: Pick<RegistryIndex, 'persons' | 'householdOf' | 'members' | 'byId'>,
  p: number,
): number[] {
  const child = ix.persons[p]!;
  if (child.adult || child.name === '') return [];
  const h = ix.householdOf[p]!;
  const out: number[] = [];
  for (const m of ix.members[h]!) {
    const link = ix.persons[m]!;
    if (m === p || link.id === null || !link.idTrusted || link.idKnown !== 18) continue;
    for (const q of ix.byId.get(link.id) ?? []) {
      const h2 = ix.householdOf[q]!;
      if (h2 === h) continue;
      for (const r of ix.members[h2]!) {
        const other = ix.persons[r]!;
        if (
          !other.adult &&
          other.name === child.name &&
          (other.birthDate === null || child.birthDate === null || other.birthDate === child.birthDate) &&
          !(other.idTrusted && child.idTrusted && other.id !== child.id) &&
          !out.includes(r)
        )
          out.push(r);
      }
    }
  }
  return out;
}

/**
 * Reports each child without a usable ID who is another household's child of the family listed
 * again (`sameChildInLinkedHouse`): the out-of-school list counts them once, and the county should
 * remove the copy.
 */
function reportSplitCopies(
  ix: Pick<RegistryIndex, 'persons' | 'householdOf' | 'members' | 'byId'>,
  issues: RowIssue[],
): void {
  for (let p = 0; p < ix.persons.length; p++) {
    const child = ix.persons[p]!;
    if (child.adult || (child.id !== null && child.idTrusted)) continue;
    const first = sameChildInLinkedHouse(ix, p)
      .map((q) => ix.persons[q]!)
      .filter((q) => q.id !== null && q.idTrusted)
      .sort((a, b) => a.row - b.row)[0];
    if (first !== undefined)
      issues.push({
        row: child.row,
        column: '姓名',
        reason: splitCopyReason(
          first.row,
          first.personNo,
          child.birthDate !== null && first.birthDate !== null,
          child.birthDate !== null,
        ),
      });
  }
}

/**
 * What a registry child is told who is a child of another household of the family listed again:
 * the birth date named as equal only when both rows give it (verifier v27c F3).
 */
export function splitCopyReason(
  firstRow: number,
  firstPersonNo: string,
  sameDate: boolean,
  hasDate: boolean,
): string {
  return `${sameDate ? '姓名、出生日期' : '姓名'}与第 ${firstRow} 行${firstPersonNo ? `（人编号 ${firstPersonNo}）` : ''}相同，两户有同一成员（分户）：应为同一儿童登记了两次，本行没有有效的证件号码${hasDate ? '' : '和出生日期'}，请核实并注销重复的记录`;
}

/** A name's characters sorted by code point, the middle dot and spaces left out: the same for any order. */
export function sortedName(name: string): string {
  return [...name]
    .filter((c) => c !== '·' && c !== ' ')
    .sort()
    .join('');
}

/** What a registry row is told whose ID is that of an earlier row of another name. */
export function sharedIdReason(firstRow: number, firstName: string): string {
  return `证件号码与第 ${firstRow} 行（${firstName}）相同：同一号码登记在两人名下，至少一人的号码有误，请核实`;
}

/**
 * What a registry row is told whose ID and name are those of an earlier row under another 人编号:
 * one person registered twice (the file comparison's 问题清单 and the registry import).
 */
export function registeredTwiceReason(firstRow: number, firstPersonNo: string): string {
  return `证件号码、姓名与第 ${firstRow} 行${firstPersonNo ? `（人编号 ${firstPersonNo}）` : ''}相同：同一人登记了两个人编号，请核实并注销重复的记录`;
}

/** Relative frequency of a name in the registry (at least one occurrence assumed, so unseen names are rare, not impossible). */
export function nameFrequency(index: RegistryIndex, name: string): number {
  return Math.max(index.nameCount.get(name) ?? 0, 1) / Math.max(index.persons.length, 1);
}
