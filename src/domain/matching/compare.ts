/**
 * Blocking (which registry persons a roll row is compared with) and field comparison levels of one
 * pair. Runs for every roll row, so it allocates nothing per pair: a pair's levels and details are
 * packed into one integer (see `packPair`).
 */
import { namePinyin, surname, TwoGenerationCache, toSimplified } from '../identity/name.ts';
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

/**
 * Detail bits of the last `idTextLevel` / `idLevel` / `nameLevel` call: a pair is compared without
 * allocating, so these return the level and leave the detail here.
 */
let detailOut = 0;

/**
 * Level of one ID text against the registry ID; the differing-position detail in `detailOut`.
 * `same` tells whether the two texts are equal (found by their keys in `byId`, not by comparing).
 */
function idTextLevel(id: string, same: boolean, known: number, trusted: boolean, p: PreparedPerson): IdLevel {
  detailOut = 0;
  const pid = p.id!;
  if (same) return IdLevel.Equal;
  const k = Math.min(known, p.idKnown);
  if (k < 18) {
    if (k === 0) return IdLevel.Missing;
    if (id.length < k || !samePrefix(id, pid, k)) return IdLevel.Different;
    return k >= 14 ? IdLevel.Prefix : IdLevel.ShortPrefix;
  }
  // A '…000' ending that happened to pass the checksum is still Excel damage (1 case in 11).
  if (id.endsWith('000') && samePrefix(id, pid, 15)) return IdLevel.Prefix;
  // compareIds on two cleaned 18-character IDs (upper-case X already), without its allocations.
  let first = -1;
  let differing = 0;
  for (let i = 0; i < 18; i++) {
    if (id.charCodeAt(i) !== pid.charCodeAt(i)) {
      if (first < 0) first = i;
      differing++;
    }
  }
  if (differing === 1) {
    detailOut = first + 1;
    return IdLevel.OneDigit;
  }
  if (
    differing === 2 &&
    id.charCodeAt(first) === pid.charCodeAt(first + 1) &&
    id.charCodeAt(first + 1) === pid.charCodeAt(first)
  ) {
    detailOut = (first + 1) | Detail.Transposition;
    return IdLevel.OneDigit;
  }
  return trusted && p.idTrusted ? IdLevel.Conflict : IdLevel.Different;
}

/** True when the first n characters of a and b agree. */
function samePrefix(a: string, b: string, n: number): boolean {
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** How `idLevel` ranks levels when choosing between the ID column and the 学籍号's ID. */
const rank = (l: IdLevel): number => (l === IdLevel.Guardian || l === IdLevel.Missing ? 4.5 : l);

/**
 * ID level of a pair; the detail bits (differing position, transposition, via 学籍号) in
 * `detailOut`.
 */
function idLevel(s: PreparedStudent, p: PreparedPerson, ix: RegistryIndex, pi: number): IdLevel {
  detailOut = 0;
  if (p.id === null) return IdLevel.Missing;
  let best = IdLevel.Missing;
  let bestDetail = 0;
  // The person's ID equals a text of the row exactly when both have the same key in byId.
  const pKey = lastIdKeyOf![pi]!;
  if (s.id !== null) {
    // The guardian's ID typed in the child's row: evidence about the household, not against the child.
    const t = ix.byId;
    const idKey = lastIdKey;
    const key = idKey === pKey ? -1 : idKey;
    if (key >= 0) {
      const h = ix.householdOf[pi];
      for (let j = t.offsets[key]!; j < t.offsets[key + 1]!; j++) {
        const o = t.values[j]!;
        if (o !== pi && ix.householdOf[o] === h && isGuardianLike(s, ix.persons[o]!)) best = IdLevel.Guardian;
      }
    }
    if (best !== IdLevel.Guardian) {
      best = idTextLevel(s.id, idKey >= 0 && idKey === pKey, s.idKnown, s.idTrusted, p);
      bestDetail = detailOut;
    }
  }
  // The 学籍号 often keeps the ID as registered when the ID column was damaged later.
  if (s.studentNoId !== null && s.studentNoId !== s.id && best !== IdLevel.Equal) {
    const viaNo = idTextLevel(s.studentNoId, lastNoKey >= 0 && lastNoKey === pKey, 18, true, p);
    // (Conflict ranks last: a valid 学籍号 ID that differs must not hide a usable ID column.)
    if (rank(viaNo) < rank(best)) {
      best = viaNo;
      bestDetail = detailOut | Detail.ViaStudentNo;
    }
  }
  detailOut = bestDetail;
  return best;
}

/** What `nameLevel` needs of a normalised name, worked out once per name. */
interface NameFacts {
  /** toSimplified of the name (equal to it for all but a few normalised names). */
  simplified: string;
  /** namePinyin: every reading. */
  readings: readonly string[];
  chars: string[];
  /** The characters sorted, joined. */
  sorted: string;
  surname: string;
}

const nameFactsCache = new TwoGenerationCache<NameFacts>(100_000);
/** Facts of registry persons' names, by person (a registry name is compared with many rows). */
const personFacts = new WeakMap<RegistryIndex, (NameFacts | undefined)[]>();

function nameFacts(name: string): NameFacts {
  let f = nameFactsCache.get(name);
  if (f === undefined) {
    const chars = [...name];
    f = {
      simplified: toSimplified(name),
      readings: namePinyin(name),
      chars,
      sorted: [...chars].sort().join(''),
      surname: surname(name),
    };
    nameFactsCache.set(name, f);
  }
  return f;
}

/**
 * Name level (`compareNames` on facts worked out once per name); traditional → simplified already
 * happened in prepare, so a detail bit in `detailOut` is all it adds. `a` is the roll row's name
 * (its facts are kept in `lastFacts` for the row's other pairs).
 */
function nameLevel(a: string, b: string, ix: RegistryIndex, pi: number): NameLevel {
  detailOut = 0;
  if (a === '' || b === '') return NameLevel.Missing;
  if (a === b) return NameLevel.Exact;
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) diff++;
    // Reading every pinyin of both names is costly: only close names can be homophones or one-char typos.
    if (diff > 2 && !a.includes('\u00b7'))
      return a.charCodeAt(0) === b.charCodeAt(0) ? NameLevel.SurnameOnly : NameLevel.Different;
  }
  lastFacts ??= nameFacts(a);
  const fa = lastFacts;
  let facts = personFacts.get(ix);
  if (facts === undefined) {
    facts = new Array<NameFacts | undefined>(ix.persons.length);
    personFacts.set(ix, facts);
  }
  let fb = facts[pi];
  if (fb === undefined) {
    fb = nameFacts(b);
    facts[pi] = fb;
  }
  // compareNames, level by level.
  if (fa.simplified === fb.simplified) return NameLevel.Different; // 'traditional'
  const ra = fa.readings;
  const rb = fb.readings;
  for (let i = 0; i < ra.length; i++)
    for (let j = 0; j < rb.length; j++) if (ra[i] === rb[j]) return NameLevel.Homophone;
  const ca = fa.chars;
  const cb = fb.chars;
  if (ca.length === cb.length) {
    if (fa.sorted === fb.sorted) {
      detailOut = Detail.NameTransposed;
      return NameLevel.OneChar;
    }
    let differing = 0;
    for (let i = 0; i < ca.length; i++) if (ca[i] !== cb[i]) differing++;
    if (differing === 1) return NameLevel.OneChar;
  }
  return fa.surname === fb.surname ? NameLevel.SurnameOnly : NameLevel.Different;
}

function dateLevel(a: string | null, b: string | null, trusted: boolean): DateLevel {
  if (a === null || b === null) return DateLevel.Missing;
  if (a === b) return DateLevel.Exact;
  // A date read from a damaged ID may hold the typo itself: its disagreement is no evidence.
  if (!trusted) return DateLevel.Missing;
  if (samePrefix(a, b, 7)) return DateLevel.Month;
  if (samePrefix(a, b, 4)) return DateLevel.Year;
  return DateLevel.Different;
}

/** True when `s` ends with `a + b` (without building it). */
function endsWith2(s: string, a: string, b: string): boolean {
  return s.endsWith(b) && s.length >= a.length + b.length && s.startsWith(a, s.length - b.length - a.length);
}

function houseLevel(
  s: PreparedStudent,
  p: PreparedPerson,
  ix: RegistryIndex,
  pi: number,
  gidKey: number,
): HouseLevel {
  const h = ix.householdOf[pi]!;
  if (gidKey >= 0) {
    const t = ix.byId;
    for (let j = t.offsets[gidKey]!; j < t.offsets[gidKey + 1]!; j++) {
      const q = t.values[j]!;
      if (q !== pi && ix.householdOf[q] === h) return HouseLevel.GuardianId;
    }
  }
  let place = HouseLevel.Missing;
  if (s.place !== '') {
    if (s.place === ix.housePlace[h] || (p.village !== '' && endsWith2(s.place, p.township, p.village)))
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

/**
 * What comparing one roll row with many persons looks up once: the row's ID and guardian ID in
 * `byId`, and its name's facts. Kept for the last row compared (rows are compared one after the
 * other, each with all its candidates).
 */
let lastStudent: PreparedStudent | null = null;
let lastIndex: RegistryIndex | null = null;
let lastIdKey = -1;
/** Key of the row's 学籍号 ID in `byId` (-1: none or absent). */
let lastNoKey = -1;
/** Each person's key in `byId` (-1: no ID), for the last index. */
let lastIdKeyOf: Int32Array | null = null;
const idKeysOf = new WeakMap<RegistryIndex, Int32Array>();

/** The key in `byId` of each person's ID (-1 without one). */
function idKeys(ix: RegistryIndex): Int32Array {
  let keys = idKeysOf.get(ix);
  if (keys === undefined) {
    keys = new Int32Array(ix.persons.length).fill(-1);
    const t = ix.byId;
    for (let k = 0; k < t.size; k++)
      for (let j = t.offsets[k]!; j < t.offsets[k + 1]!; j++) keys[t.values[j]!] = k;
    idKeysOf.set(ix, keys);
  }
  return keys;
}
let lastGidKey = -1;
let lastFacts: NameFacts | null = null;

/** Compares a roll row with registry person `pi`: the packed levels and details (see `unpackPair`). */
export function comparePair(s: PreparedStudent, pi: number, ix: RegistryIndex): number {
  if (s !== lastStudent || ix !== lastIndex) {
    if (ix !== lastIndex) lastIdKeyOf = idKeys(ix);
    lastStudent = s;
    lastIndex = ix;
    lastIdKey = s.id === null ? -1 : ix.byId.find(s.id);
    lastNoKey = s.studentNoId === null ? -1 : ix.byId.find(s.studentNoId);
    lastGidKey = s.guardianId === null ? -1 : ix.byId.find(s.guardianId);
    lastFacts = null;
  }
  const p = ix.persons[pi]!;
  const id = idLevel(s, p, ix, pi);
  const idDetail = detailOut | (s.idTrusted && p.idTrusted ? Detail.BothTrusted : 0);
  const name = nameLevel(s.name, p.name, ix, pi);
  const nameDetail = detailOut;
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
  const date = dateLevel(s.birthDate, p.birthDate, s.birthTrusted && p.idTrusted);
  const house = houseLevel(s, p, ix, pi, lastGidKey);
  const pattern = (((id * NAME_N + name) * DATE_N + date) * SEX_N + sex) * HOUSE_N + house;
  return pattern + detail * (1 << DETAIL_SHIFT);
}
