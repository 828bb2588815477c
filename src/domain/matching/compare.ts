/**
 * Blocking (which registry persons a roll row is compared with) and field comparison levels of one
 * pair. Runs for every roll row, so it allocates nothing per pair: a pair's levels and details are
 * packed into one integer (see `packPair`).
 */
import { compareIds } from '../identity/id-number.ts';
import { compareNames } from '../identity/name.ts';
import { idVariants } from './id-variants.ts';
import type { KeyTable } from './key-table.ts';
import { MAX_BLOCK, type RegistryIndex } from './registry-index.ts';
import {
  DateLevel,
  Detail,
  HouseLevel,
  IdLevel,
  LEVEL_COUNTS,
  NameLevel,
  type PairLevels,
  type PreparedPerson,
  type PreparedStudent,
  SexLevel,
} from './types.ts';

const [, NAME_N, DATE_N, SEX_N, HOUSE_N] = LEVEL_COUNTS;
/** Number of distinct level patterns (7·6·5·3·7). */
export const PATTERN_COUNT = LEVEL_COUNTS.reduce((a, b) => a * b, 1);
const DETAIL_SHIFT = 13;

/** Packs levels and detail bits into one non-negative integer (pattern in the low 13 bits). */
export function packPair(l: PairLevels): number {
  const pattern = (((l.id * NAME_N + l.name) * DATE_N + l.date) * SEX_N + l.sex) * HOUSE_N + l.house;
  return pattern + l.detail * (1 << DETAIL_SHIFT);
}

/** The pattern number (0 … PATTERN_COUNT-1) of a packed pair. */
export const patternOf = (packed: number): number => packed & ((1 << DETAIL_SHIFT) - 1);

/** Unpacks levels and detail bits. */
export function unpackPair(packed: number): PairLevels {
  let p = patternOf(packed);
  const house = p % HOUSE_N;
  p = (p - house) / HOUSE_N;
  const sex = p % SEX_N;
  p = (p - sex) / SEX_N;
  const date = p % DATE_N;
  p = (p - date) / DATE_N;
  const name = p % NAME_N;
  const id = (p - name) / NAME_N;
  return { id, name, date, sex, house, detail: Math.floor(packed / (1 << DETAIL_SHIFT)) };
}

const yearOf = (d: string): number => Number(d.slice(0, 4));

/**
 * True when the registry person is an adult of another generation than the student: then an ID
 * they share is the guardian's ID typed in the child's row, not the child's own.
 */
export function isGuardianLike(s: PreparedStudent, p: PreparedPerson): boolean {
  if (!p.adult) return false;
  if (s.birthDate !== null && p.birthDate !== null)
    return Math.abs(yearOf(s.birthDate) - yearOf(p.birthDate)) >= 12;
  return p.age >= 22 || p.age < 0;
}

const BAR = 124; // '|', the separator of the composite blocking keys

/** Finds candidates for roll rows; one per thread, reused for every row. */
export class Blocker {
  private readonly stamp: Int32Array;
  private serial = 0;
  private out: number[] = [];
  /** Registry person whose ID the current student carries although they are an adult of another generation, or -1. */
  guardianOwner = -1;

  constructor(private readonly index: RegistryIndex) {
    this.stamp = new Int32Array(index.persons.length).fill(-1);
  }

  /** Adds an eligible person once. */
  private add(i: number): void {
    if (this.stamp[i] !== this.serial && this.index.eligible[i] === 1) {
      this.stamp[i] = this.serial;
      this.out.push(i);
    }
  }

  /** Adds the eligible members of household h. */
  private addHouse(h: number): void {
    const m = this.index.members[h]!;
    for (let j = 0; j < m.length; j++) this.add(m[j]!);
  }

  /** Adds the persons of key k of `t` unless the block is too large to carry information. */
  private addBlock(t: KeyTable, k: number): void {
    if (k < 0) return;
    const end = t.offsets[k + 1]!;
    const start = t.offsets[k]!;
    if (end - start > MAX_BLOCK) return;
    const v = t.values;
    for (let j = start; j < end; j++) this.add(v[j]!);
  }

  /** Fills `out` with candidate person indices for `s` (cleared first); sets `guardianOwner`. */
  candidates(s: PreparedStudent, out: number[]): void {
    const ix = this.index;
    out.length = 0;
    this.out = out;
    const serial = ++this.serial;
    const stamp = this.stamp;
    const byId = ix.byId;
    this.guardianOwner = -1;
    let exact = false;
    for (let k = 0; k < 2; k++) {
      const id = k === 0 ? s.id : s.studentNoId;
      if (id === null || (k === 1 && id === s.id)) continue;
      const key = byId.find(id);
      if (key < 0) continue;
      for (let j = byId.offsets[key]!; j < byId.offsets[key + 1]!; j++) {
        const i = byId.values[j]!;
        const p = ix.persons[i]!;
        if (isGuardianLike(s, p)) {
          if (id === s.id) this.guardianOwner = i;
          this.addHouse(ix.householdOf[i]!);
        } else {
          // The person themself, even when older than a usual pupil.
          if (stamp[i] !== serial) {
            stamp[i] = serial;
            out.push(i);
          }
          exact = true;
        }
      }
    }
    // Typos make an ID fail its checksum, so only untrusted IDs need the fuzzy keys; a valid ID not
    // found exactly (the registry's copy damaged, 0.2 %) is still found by name, date and guardian.
    if (!exact && s.id !== null && !s.idTrusted) {
      if (s.idKnown === 18) for (const v of idVariants(s.id)) this.addBlock(byId, byId.find(v));
      else if (s.idKnown >= 14) this.addBlock(ix.byPrefix14, ix.byPrefix14.find(s.id.slice(0, 14)));
    }
    if (s.birthDate !== null) {
      if (s.pinyin !== '')
        this.addBlock(
          ix.byNameMonth,
          ix.byNameMonth.find2(s.pinyin, BAR, s.birthDate, Math.min(7, s.birthDate.length)),
        );
      if (s.surname !== '')
        this.addBlock(
          ix.bySurnameDate,
          ix.bySurnameDate.find2(s.surname, BAR, s.birthDate, s.birthDate.length),
        );
    }
    if (s.guardianId !== null) {
      const key = byId.find(s.guardianId);
      if (key >= 0)
        for (let j = byId.offsets[key]!; j < byId.offsets[key + 1]!; j++) {
          const i = byId.values[j]!;
          if (ix.persons[i]!.adult) this.addHouse(ix.householdOf[i]!);
        }
    }
    if (s.guardianName !== '' && s.place !== '') {
      const t = ix.byAdultPlace;
      const key = t.find2(s.guardianName, BAR, s.place, s.place.length);
      if (key >= 0 && t.count(key) <= 20)
        for (let j = t.offsets[key]!; j < t.offsets[key + 1]!; j++) this.addHouse(t.values[j]!);
    }
  }
}

/** Level of one ID text against the registry ID, with the differing-position detail. */
function idTextLevel(id: string, known: number, trusted: boolean, p: PreparedPerson): [IdLevel, number] {
  const pid = p.id!;
  if (id === pid) return [IdLevel.Equal, 0];
  const k = Math.min(known, p.idKnown);
  if (k < 18) {
    if (k === 0) return [IdLevel.Missing, 0];
    if (id.slice(0, k) !== pid.slice(0, k)) return [IdLevel.Different, 0];
    return [k >= 14 ? IdLevel.Prefix : IdLevel.ShortPrefix, 0];
  }
  // A '…000' ending that happened to pass the checksum is still Excel damage (1 case in 11).
  if (id.endsWith('000') && id.slice(0, 15) === pid.slice(0, 15)) return [IdLevel.Prefix, 0];
  const c = compareIds(id, pid);
  if (c.kind === 'one_digit') return [IdLevel.OneDigit, c.position];
  if (c.kind === 'transposition') return [IdLevel.OneDigit, c.position | Detail.Transposition];
  return [trusted && p.idTrusted ? IdLevel.Conflict : IdLevel.Different, 0];
}

/** ID level of a pair and the detail bits (differing position, transposition, via 学籍号). */
function idLevel(s: PreparedStudent, p: PreparedPerson, ix: RegistryIndex, pi: number): [IdLevel, number] {
  if (p.id === null) return [IdLevel.Missing, 0];
  let best: [IdLevel, number] = [IdLevel.Missing, 0];
  if (s.id !== null) {
    // The guardian's ID typed in the child's row: evidence about the household, not against the child.
    const t = ix.byId;
    const key = s.id === p.id ? -1 : t.find(s.id);
    if (key >= 0) {
      const h = ix.householdOf[pi];
      for (let j = t.offsets[key]!; j < t.offsets[key + 1]!; j++) {
        const o = t.values[j]!;
        if (o !== pi && ix.householdOf[o] === h && isGuardianLike(s, ix.persons[o]!))
          best = [IdLevel.Guardian, 0];
      }
    }
    if (best[0] !== IdLevel.Guardian) best = idTextLevel(s.id, s.idKnown, s.idTrusted, p);
  }
  // The 学籍号 often keeps the ID as registered when the ID column was damaged later.
  if (s.studentNoId !== null && s.studentNoId !== s.id && best[0] !== IdLevel.Equal) {
    const viaNo = idTextLevel(s.studentNoId, 18, true, p);
    const rank = (l: IdLevel): number => (l === IdLevel.Guardian || l === IdLevel.Missing ? 4.5 : l);
    // (Conflict ranks last: a valid 学籍号 ID that differs must not hide a usable ID column.)
    if (rank(viaNo[0]) < rank(best[0])) best = [viaNo[0], viaNo[1] | Detail.ViaStudentNo];
  }
  return best;
}

/** Name level; traditional → simplified already happened in prepare, so it only sets a detail bit. */
function nameLevel(a: string, b: string): [NameLevel, number] {
  if (a === '' || b === '') return [NameLevel.Missing, 0];
  if (a === b) return [NameLevel.Exact, 0];
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) diff++;
    // Reading every pinyin of both names is costly: only close names can be homophones or one-char typos.
    if (diff > 2 && !a.includes('\u00b7'))
      return [a.charCodeAt(0) === b.charCodeAt(0) ? NameLevel.SurnameOnly : NameLevel.Different, 0];
  }
  const c = compareNames(a, b);
  if (c.level === 'homophone') return [NameLevel.Homophone, 0];
  if (c.level === 'one_char') return [NameLevel.OneChar, 0];
  if (c.level === 'transposed') return [NameLevel.OneChar, Detail.NameTransposed];
  if (c.level === 'surname_only') return [NameLevel.SurnameOnly, 0];
  return [NameLevel.Different, 0];
}

function dateLevel(a: string | null, b: string | null, trusted: boolean): DateLevel {
  if (a === null || b === null) return DateLevel.Missing;
  if (a === b) return DateLevel.Exact;
  // A date read from a damaged ID may hold the typo itself: its disagreement is no evidence.
  if (!trusted) return DateLevel.Missing;
  if (a.slice(0, 7) === b.slice(0, 7)) return DateLevel.Month;
  if (a.slice(0, 4) === b.slice(0, 4)) return DateLevel.Year;
  return DateLevel.Different;
}

function houseLevel(s: PreparedStudent, p: PreparedPerson, ix: RegistryIndex, pi: number): HouseLevel {
  const h = ix.householdOf[pi]!;
  if (s.guardianId !== null) {
    const t = ix.byId;
    const key = t.find(s.guardianId);
    if (key >= 0)
      for (let j = t.offsets[key]!; j < t.offsets[key + 1]!; j++) {
        const q = t.values[j]!;
        if (q !== pi && ix.householdOf[q] === h) return HouseLevel.GuardianId;
      }
  }
  let place = HouseLevel.Missing;
  if (s.place !== '') {
    if (s.place === ix.housePlace[h] || (p.village !== '' && s.place.endsWith(p.township + p.village)))
      place = HouseLevel.Village;
    else if (s.place.includes(ix.houseTownship[h]!)) place = HouseLevel.Township;
    else if (p.county !== '' && s.place.includes(p.county)) place = HouseLevel.County;
    else place = HouseLevel.Different;
  }
  const placeAgrees = place <= HouseLevel.Township || place === HouseLevel.Missing;
  if (s.guardianName !== '' && placeAgrees && ix.houseAdultNames[h]!.includes(s.guardianName))
    return HouseLevel.GuardianName;
  if (place === HouseLevel.Missing && (s.guardianId !== null || s.guardianName !== ''))
    return HouseLevel.Different;
  return place;
}

/** Compares a roll row with registry person `pi`: the packed levels and details (see `unpackPair`). */
export function comparePair(s: PreparedStudent, pi: number, ix: RegistryIndex): number {
  const p = ix.persons[pi]!;
  const [id, idDetail0] = idLevel(s, p, ix, pi);
  const idDetail = idDetail0 | (s.idTrusted && p.idTrusted ? Detail.BothTrusted : 0);
  const [name, nameDetail] = nameLevel(s.name, p.name);
  const sex =
    s.sex === null || p.sex === null
      ? SexLevel.Missing
      : s.sex === p.sex
        ? SexLevel.Agree
        : SexLevel.Different;
  const detail =
    idDetail |
    nameDetail |
    (name === NameLevel.Exact && (s.nameTraditional || p.nameTraditional) ? Detail.Traditional : 0);
  return packPair({
    id,
    name,
    date: dateLevel(s.birthDate, p.birthDate, s.birthTrusted && p.idTrusted),
    sex,
    house: houseLevel(s, p, ix, pi),
    detail,
  });
}
