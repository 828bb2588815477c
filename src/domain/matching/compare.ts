/**
 * Blocking (which registry persons a roll row is compared with) and field comparison levels of one
 * pair. Runs for every roll row, so it allocates nothing per pair: a pair's levels and details are
 * packed into one integer (see `packPair`).
 */
import { compareIds } from '../identity/id-number.ts';
import { namePinyin, surname, TwoGenerationCache, toSimplified } from '../identity/name.ts';
import { clearStringCaches, fnv1a, fnvStart } from '../identity/string-cache.ts';
import { placeInCurrentNames } from '../regions/code-map.ts';
import { villageDisplayName } from '../regions/divisions.ts';
import { idVariants } from './id-variants.ts';
import type { KeyTable } from './key-table.ts';
import { MAX_BLOCK, type RegistryIndex, sortedName } from './registry-index.ts';
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
  return packLevels(l.id, l.name, l.date, l.sex, l.house, l.detail);
}

/** `packPair` without the object (comparePair packs every pair). */
function packLevels(
  id: IdLevel,
  name: NameLevel,
  date: DateLevel,
  sex: SexLevel,
  house: HouseLevel,
  detail: number,
): number {
  const pattern = (((id * NAME_N + name) * DATE_N + date) * SEX_N + sex) * HOUSE_N + house;
  return pattern + detail * (1 << DETAIL_SHIFT);
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
  // The row's own 监护人 by name, grown up: a 之子 of 27 is no 'adult' of a three-generation
  // household, but the father of the pupil whose row carries his ID (tester v26a F2).
  if (s.guardianName !== '' && p.name === s.guardianName && p.name !== s.name && p.age >= 18) return true;
  if (!p.adult) return false;
  // (A row without a 出生日期 has its ID's: the adult's own, which says nothing of the gap.)
  if (s.birthDate !== null && p.birthDate !== null && !s.birthFromId)
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
      // (An ID Excel cut short is looked up by its surviving prefix below, never as a whole.)
      const id = k === 0 ? (s.idKnown === 18 ? s.id : null) : s.studentNoId;
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
          // Under another name: a brother's or a sister's ID typed in, maybe — the household's
          // children are the candidates the row's name may be (tester v26a: a half-brother's ID,
          // no 出生日期 and no guardian column left the pupil's own registry row out of sight).
          if (p.name !== s.name) this.addHouse(ix.householdOf[i]!);
        }
      }
    }
    // A valid ID not found exactly: the registry's copy may carry a typo (a typo always fails the
    // check, so registry children with damaged IDs are indexed under the valid IDs theirs may have
    // been). Name, birth date and guardian find it too, unless the typo spoiled the birth date.
    if (!exact) {
      if (s.id !== null && s.idTrusted) this.addBlock(ix.byIdVariant, ix.byIdVariant.find(s.id));
      if (s.studentNoId !== null && s.studentNoId !== s.id)
        this.addBlock(ix.byIdVariant, ix.byIdVariant.find(s.studentNoId));
    }
    // Typos make an ID fail its checksum, so only untrusted IDs need the fuzzy keys.
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
    if (s.pinyin !== '') this.addBlock(ix.byNameUndated, ix.byNameUndated.find(s.pinyin));
    if (s.birthDate === null && s.name !== '' && s.place !== '')
      this.addBlock(ix.byChildPlace, ix.byChildPlace.find2(s.name, BAR, s.place, s.place.length));
    // (Rows the roll screen reads all have a valid ID: this key never asks of those.)
    if (s.birthDate !== null && s.name.length > 1 && (s.id === null || !s.idTrusted)) {
      const sorted = sortedName(s.name);
      this.addBlock(
        ix.bySortedDate,
        ix.bySortedDate.find2(sorted, BAR, s.birthDate, Math.min(7, s.birthDate.length)),
      );
    }
    if (s.guardianId !== null) {
      const key = byId.find(s.guardianId);
      if (key >= 0)
        for (let j = byId.offsets[key]!; j < byId.offsets[key + 1]!; j++) {
          const i = byId.values[j]!;
          if (ix.persons[i]!.adult) this.addHouse(ix.householdOf[i]!);
        }
      const t = ix.byHouseId;
      const hk = t.find(s.guardianId);
      if (hk >= 0) for (let j = t.offsets[hk]!; j < t.offsets[hk + 1]!; j++) this.addHouse(t.values[j]!);
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
 * What comparing rows with one registry index works out once per person: the key of its ID in
 * `byId` (equal keys exactly when the IDs are equal) and the ID as bytes, so that IDs are compared
 * without string operations, and its name's facts. Lives as long as the index. (Interning the
 * name facts as integers was tried: the map operations cost more than the string comparisons.)
 */
interface IndexFacts {
  /** Each person's key in `byId` (-1: no ID). */
  idKey: Int32Array;
  /** Each person's ID as 18 bytes at 18·i (zeros without an ID). */
  idBytes: Uint8Array;
  /** Each person's name facts, worked out on first use. */
  person: (NameFacts | undefined)[];
}

/** What `nameLevel` needs of a normalised name, worked out once per name. */
interface NameFacts {
  /** toSimplified of the name (equal to it for all but a few normalised names). */
  simplified: string;
  /** FNV-1a hash of each of namePinyin's readings, ascending, with the readings in the same order in `byHash`. */
  hashes: Int32Array;
  byHash: string[];
  /** Code points. */
  chars: number[];
  /** The characters sorted, joined. */
  sorted: string;
  surname: string;
}

/** Facts of roll names (the same names recur across rows). */
const rollNames = new TwoGenerationCache<NameFacts>(100_000);

const indexFacts = new WeakMap<RegistryIndex, IndexFacts>();

function factsOf(ix: RegistryIndex): IndexFacts {
  let f = indexFacts.get(ix);
  if (f !== undefined) return f;
  const n = ix.persons.length;
  f = {
    idKey: new Int32Array(n).fill(-1),
    idBytes: new Uint8Array(n * 18),
    person: new Array<NameFacts | undefined>(n),
  };
  const t = ix.byId;
  for (let k = 0; k < t.size; k++)
    for (let j = t.offsets[k]!; j < t.offsets[k + 1]!; j++) f.idKey[t.values[j]!] = k;
  for (let i = 0; i < n; i++) {
    const id = ix.persons[i]!.id;
    if (id !== null) for (let c = 0; c < 18; c++) f.idBytes[i * 18 + c] = id.charCodeAt(c);
  }
  indexFacts.set(ix, f);
  return f;
}

function nameFacts(name: string): NameFacts {
  const chars = [...name];
  const readings = namePinyin(name);
  const hashes = readings.map((r) => fnv1a(fnvStart, r, r.length));
  const order = readings.map((_, i) => i).sort((x, y) => hashes[x]! - hashes[y]!);
  return {
    simplified: toSimplified(name),
    hashes: Int32Array.from(order, (i) => hashes[i]!),
    byHash: order.map((i) => readings[i]!),
    chars: chars.map((c) => c.codePointAt(0)!),
    sorted: [...chars].sort().join(''),
    surname: surname(name),
  };
}

/**
 * Level of one ID (18 bytes in `ib`) against person `pi`'s; the differing-position detail in
 * `detailOut`. `same` tells whether the two are equal (found by their keys in `byId`); `own` whether
 * the row's ID can stand for the student (valid, and born on the row's birth date).
 */
function idTextLevel(
  ib: Uint8Array,
  same: boolean,
  known: number,
  own: boolean,
  p: PreparedPerson,
  pi: number,
): IdLevel {
  detailOut = 0;
  if (same) return IdLevel.Equal;
  const pb = cur!.idBytes;
  const po = pi * 18;
  const k = Math.min(known, p.idKnown);
  if (k < 18) {
    if (k === 0) return IdLevel.Missing;
    for (let i = 0; i < k; i++) if (ib[i] !== pb[po + i]) return IdLevel.Different;
    return k >= 14 ? IdLevel.Prefix : IdLevel.ShortPrefix;
  }
  // compareIds on two cleaned 18-character IDs (upper-case X already), without its allocations.
  let first = -1;
  let differing = 0;
  for (let i = 0; i < 18; i++) {
    if (ib[i] !== pb[po + i]) {
      if (first < 0) first = i;
      differing++;
    }
  }
  // A '…000' ending that happened to pass the checksum is still Excel damage (1 case in 11), on
  // either side: the registry's copy went through Excel as often as the roll's.
  if (
    (first < 0 || first >= 15) &&
    ((ib[15] === 48 && ib[16] === 48 && ib[17] === 48) ||
      (pb[po + 15] === 48 && pb[po + 16] === 48 && pb[po + 17] === 48))
  )
    return IdLevel.Prefix;
  if (differing === 1) {
    detailOut = first + 1;
    return IdLevel.OneDigit;
  }
  if (differing === 2 && ib[first] === pb[po + first + 1] && ib[first + 1] === pb[po + first]) {
    detailOut = (first + 1) | Detail.Transposition;
    return IdLevel.OneDigit;
  }
  return own && p.idTrusted ? IdLevel.Conflict : IdLevel.Different;
}

/**
 * True when the 18-digit `id` carries the birth date `birth` ('YYYY-MM-DD'), or no date is known.
 * An ID that contradicts the row's own birth date is someone else's number (a parent's, a
 * sibling's) as often as a typo: it cannot prove that the row is a different person.
 */
export function idBornOn(id: string, birth: string | null): boolean {
  if (birth === null || birth.length !== 10) return true;
  for (let i = 0; i < 4; i++) if (id.charCodeAt(6 + i) !== birth.charCodeAt(i)) return false;
  return (
    id.charCodeAt(10) === birth.charCodeAt(5) &&
    id.charCodeAt(11) === birth.charCodeAt(6) &&
    id.charCodeAt(12) === birth.charCodeAt(8) &&
    id.charCodeAt(13) === birth.charCodeAt(9)
  );
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
  const pKey = cur!.idKey[pi]!;
  if (s.id !== null) {
    // The guardian's ID typed in the child's row: evidence about the household, not against the child.
    const t = ix.byId;
    const idKey = row.idKey;
    const key = idKey === pKey ? -1 : idKey;
    if (key >= 0) {
      const h = ix.householdOf[pi];
      for (let j = t.offsets[key]!; j < t.offsets[key + 1]!; j++) {
        const o = t.values[j]!;
        if (o !== pi && ix.householdOf[o] === h && isGuardianLike(s, ix.persons[o]!)) best = IdLevel.Guardian;
      }
    }
    if (best !== IdLevel.Guardian) {
      best = idTextLevel(row.idBytes, idKey >= 0 && idKey === pKey, s.idKnown, row.idOwn, p, pi);
      bestDetail = detailOut;
    }
  }
  // The 学籍号 often keeps the ID as registered when the ID column was damaged later.
  if (row.noDiffers && best !== IdLevel.Equal) {
    const viaNo = idTextLevel(row.noBytes, row.noKey >= 0 && row.noKey === pKey, 18, row.noOwn, p, pi);
    // (Conflict ranks last: a valid 学籍号 ID that differs must not hide a usable ID column. A
    // column Excel cut short is none: the 学籍号 holds its ID whole — tester v26a F5, namesakes
    // that ID proves other people went to review while an intact column ruled them out.)
    if (rank(viaNo) < rank(best) || (row.noWhole && viaNo === IdLevel.Conflict)) {
      best = viaNo;
      bestDetail = detailOut | Detail.ViaStudentNo;
    }
  }
  detailOut = bestDetail;
  return best;
}

/**
 * Name level (`compareNames` level by level, on facts worked out once per name); traditional →
 * simplified already happened in prepare, so a detail bit in `detailOut` is all it adds.
 */
function nameLevel(s: PreparedStudent, p: PreparedPerson, pi: number): NameLevel {
  detailOut = 0;
  const a = s.name;
  const b = p.name;
  if (a === '' || b === '') return NameLevel.Missing;
  // A name whose file lost a character ('?': prepare.ts nameWithLostChars) is at best one character off.
  if (a.includes('?') || b.includes('?')) return lostCharLevel(a, b);
  if (a === b) return NameLevel.Exact;
  if (a.length === b.length) {
    let diff = 0;
    // (Sums and xors of the code units: equal for the same characters in another order.)
    let sum = 0;
    let xor = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      if (x !== y) diff++;
      sum += x - y;
      xor ^= x ^ y;
    }
    // Reading every pinyin of both names is costly: only close names can be homophones or one-char
    // typos — or the same characters in another order (欣怡陈/陈欣怡, tester v26c F2), read below.
    if (diff > 2 && !a.includes('\u00b7') && (sum !== 0 || xor !== 0))
      return a.charCodeAt(0) === b.charCodeAt(0) ? NameLevel.SurnameOnly : NameLevel.Different;
  } else if (
    (a.length === b.length + 1 || b.length === a.length + 1) &&
    a.replace('\u00b7', '') === b.replace('\u00b7', '')
  )
    // A minority name written with and without its middle dot (阿依古丽·努尔兰/阿依古丽努尔兰): the same name.
    return NameLevel.Exact;
  let fa = row.facts;
  if (fa === null) {
    fa = rollNames.get(a) ?? null;
    if (fa === null) {
      fa = nameFacts(a);
      rollNames.set(a, fa);
    }
    row.facts = fa;
  }
  const f = cur!;
  let fb = f.person[pi];
  if (fb === undefined) {
    fb = nameFacts(b);
    f.person[pi] = fb;
  }
  if (fa.simplified === fb.simplified) return NameLevel.Different; // 'traditional'
  // Some reading in common: walk both hash-sorted lists side by side, comparing texts on equal hashes.
  const ha = fa.hashes;
  const hb = fb.hashes;
  for (let i = 0, j = 0; i < ha.length && j < hb.length; ) {
    const x = ha[i]!;
    const y = hb[j]!;
    if (x < y) i++;
    else if (x > y) j++;
    else {
      // Equal hashes: every reading of a with this hash against every one of b with it.
      let j2 = j;
      for (; j2 < hb.length && hb[j2] === x; j2++)
        if (fa.byHash[i] === fb.byHash[j2]) return NameLevel.Homophone;
      i++;
    }
  }
  const ca = fa.chars;
  const cb = fb.chars;
  if (ca.length === cb.length) {
    // The same characters in another order (李娜/娜李, 欣怡陈/陈欣怡): as near the name as a homophone
    // (tester v26e F3: weighed as one character off, a day's slip in the date left it unmatched).
    if (fa.sorted === fb.sorted) {
      detailOut = Detail.NameTransposed;
      return NameLevel.Homophone;
    }
    let differing = 0;
    for (let i = 0; i < ca.length; i++) if (ca[i] !== cb[i]) differing++;
    if (differing === 1) return NameLevel.OneChar;
  }
  return fa.surname === fb.surname ? NameLevel.SurnameOnly : NameLevel.Different;
}

/**
 * The level of two names one of which lost characters to its file's encoding (each a '?'): as near
 * as a homophone when each '?' can stand for one character, or for a middle dot the other name has
 * or lacks, and the rest agrees — all that can be read of the name agrees, as an ID confirms
 * (verifier t28c N1: weighed as one character off, a pupil with her own valid ID went to review);
 * else by the surname, as other names that disagree.
 */
export function lostCharLevel(a: string, b: string): NameLevel {
  const [lossy, other] = a.includes('?') ? [a, b] : [b, a];
  const pattern = [...lossy]
    .map((c) => (c === '?' ? '.?' : c === '\u00b7' ? '\u00b7?' : c.replace(/[.*+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  if (new RegExp(`^${pattern}$`, 'u').test(other)) return NameLevel.Homophone;
  const [fa, fb] = [[...a][0], [...b][0]];
  return fa !== '?' && fa === fb ? NameLevel.SurnameOnly : NameLevel.Different;
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

function houseLevel(s: PreparedStudent, p: PreparedPerson, ix: RegistryIndex, pi: number): HouseLevel {
  const h = ix.householdOf[pi]!;
  const gidKey = row.gidKey;
  if (gidKey >= 0) {
    const t = ix.byId;
    for (let j = t.offsets[gidKey]!; j < t.offsets[gidKey + 1]!; j++) {
      const q = t.values[j]!;
      if (q !== pi && ix.householdOf[q] === h) return HouseLevel.GuardianId;
    }
  }
  const hk = row.gidHouseKey;
  if (hk >= 0) {
    const t = ix.byHouseId;
    for (let j = t.offsets[hk]!; j < t.offsets[hk + 1]!; j++)
      if (t.values[j] === h) return HouseLevel.GuardianId;
  }
  const place = s.place === '' ? HouseLevel.Missing : placeLevel(s.place, p, ix.housePlace[h]!);
  // A place that names the county only (户籍所在地 '沙县') says nothing against the household.
  const placeAgrees =
    place <= HouseLevel.Township ||
    place === HouseLevel.Missing ||
    (place === HouseLevel.County && placeInCurrentNames(s.place) === placeInCurrentNames(p.county));
  if (s.guardianName !== '' && placeAgrees && namesGuardian(s, ix, h, pi)) return HouseLevel.GuardianName;
  if (place === HouseLevel.Missing && (s.guardianId !== null || s.guardianName !== ''))
    return HouseLevel.Different;
  return place;
}

/**
 * How far the roll's 户籍所在地 (without province and city) agrees with the candidate's household
 * place (county + township + village): the village when it ends with the township and village or is
 * the place itself; the township when it holds county and township; the county when it holds the
 * county. A place written without its county agrees too: one that starts with the township
 * (石壁镇, 石壁镇红旗村3组) as far as a township, and one that starts with the village's name alone
 * (红旗村, 红旗村3组) no further, as many townships have a 红旗村. Anything else — 安远镇红旗村, 泰宁县城关镇 —
 * is different.
 */
export function placeLevel(place: string, p: PreparedPerson, housePlace: string): HouseLevel {
  const { county, township, village } = p;
  const level = placeLevelOf(place, county, township, village, housePlace);
  if (level < HouseLevel.County) return level;
  // A place renamed in 2021 (梅列区 → 三元区, 沙县 → 沙县区, 中仙乡 → 中仙镇) written in one year's
  // name on the roll and the other's in the registry (tester v26c F7): both in today's names.
  const place2 = placeInCurrentNames(place);
  const county2 = placeInCurrentNames(county);
  const township2 = placeInCurrentNames(township);
  if (place2 === place && county2 === county && township2 === township) return level;
  return Math.min(level, placeLevelOf(place2, county2, township2, village, county2 + township2 + village));
}

function placeLevelOf(
  place: string,
  county: string,
  township: string,
  village: string,
  housePlace: string,
): HouseLevel {
  if (place === housePlace || (village !== '' && endsWith2(place, township, village)))
    return HouseLevel.Village;
  // A village committee written with or without its suffix (碧溪村 / 碧溪村村民委员会, 江滨社区居委会)
  // on one side (tester v27a F1).
  if (village !== '' && (village.endsWith('会') || place.endsWith('会'))) {
    const v = villageDisplayName(village);
    if (v !== '' && endsWith2(villageDisplayName(place), township, v)) return HouseLevel.Village;
  }
  if (township !== '' && place.includes(county + township)) return HouseLevel.Township;
  if (county !== '' && place.includes(county)) return HouseLevel.County;
  if ((township !== '' && place.startsWith(township)) || (village.length >= 2 && place.startsWith(village)))
    return HouseLevel.Township;
  return HouseLevel.Different;
}

/**
 * True when a member of household `h` who may be a guardian (`RegistryIndex.guardians`; never
 * the candidate `pi`) has the roll's guardian name and nothing says it is someone else: when the
 * roll's guardian ID passes its check (it is not that of any adult of the household, or the pair
 * would be GuardianId), a member of that name whose own valid ID differs beyond a typo (or beyond
 * the …000 Excel leaves) is a namesake — a migrant pupil's guardian named like a registry father —
 * not the guardian.
 */
function namesGuardian(s: PreparedStudent, ix: RegistryIndex, h: number, pi: number): boolean {
  for (let a = ix.guardianOffsets[h]!; a < ix.guardianOffsets[h + 1]!; a++) {
    const q = ix.guardians[a]!;
    const member = ix.persons[q]!;
    // (The candidate, of unknown age, is not its own guardian.)
    if (member.name !== s.guardianName || q === pi) continue;
    const id = member.idChecked ? member.id : null;
    const gid = s.guardianId;
    if (!s.guardianIdValid || gid === null || id === null || compareIds(gid, id).kind !== 'different')
      return true;
    // (Excel's …000 passes the check one time in eleven: only the first 15 digits are the ID's.)
    if ((gid.endsWith('000') || id.endsWith('000')) && gid.startsWith(id.slice(0, 15))) return true;
  }
  return false;
}

/** The index of the last pair compared, and its facts. */
let curIndex: RegistryIndex | null = null;
let cur: IndexFacts | null = null;

/**
 * What comparing one roll row with its candidates looks up once (rows are compared one after the
 * other, each with all its candidates): its IDs' keys in `byId` and bytes, and its name's facts.
 */
const row = {
  student: null as PreparedStudent | null,
  idKey: -1,
  idBytes: new Uint8Array(18),
  /** The 学籍号's ID is there and differs from the ID column. */
  noDiffers: false,
  noKey: -1,
  noBytes: new Uint8Array(18),
  /**
   * The ID column (and the 学籍号's ID) can stand for this student: it passes its checks and its
   * birth date is the row's. Only then does a different valid registry ID mean a different person.
   */
  idOwn: false,
  noOwn: false,
  /**
   * The 学籍号's ID is the row's ID whole: the ID column is empty, or Excel damaged it and the digits
   * left are the 学籍号 ID's. It then says who the pupil is not as it says who they are.
   */
  noWhole: false,
  gidKey: -1,
  /** The guardian ID's key in `byHouseId` (a household's number no row holds), or -1. */
  gidHouseKey: -1,
  facts: null as NameFacts | null,
};

/**
 * Lets go of the registry index and the row compared last (kept between calls so that a row's
 * candidates are compared without looking them up again) and of the normalisers' caches: a server
 * calls it when a comparison is over.
 */
export function releaseComparisonMemory(): void {
  curIndex = null;
  cur = null;
  row.student = null;
  row.facts = null;
  clearStringCaches();
}

function startRow(s: PreparedStudent, ix: RegistryIndex): void {
  row.student = s;
  row.idKey = s.id === null || s.idKnown !== 18 ? -1 : ix.byId.find(s.id);
  if (s.id !== null) for (let c = 0; c < 18; c++) row.idBytes[c] = s.id.charCodeAt(c);
  // (An ID that is also the row's 监护人身份证件号 is the guardian's: it proves no one else.)
  row.idOwn = s.id !== null && s.idTrusted && idBornOn(s.id, s.birthDate) && s.id !== s.guardianId;
  row.noDiffers = s.studentNoId !== null && s.studentNoId !== s.id;
  row.noKey = -1;
  row.noOwn = false;
  row.noWhole = false;
  if (row.noDiffers) {
    row.noKey = ix.byId.find(s.studentNoId!);
    for (let c = 0; c < 18; c++) row.noBytes[c] = s.studentNoId!.charCodeAt(c);
    row.noOwn = idBornOn(s.studentNoId!, s.birthDate) && s.studentNoId !== s.guardianId;
    row.noWhole =
      s.otherDocument === null &&
      (s.id === null || (s.idKnown < 18 && s.studentNoId!.startsWith(s.id.slice(0, s.idKnown))));
  }
  row.gidKey = s.guardianId === null ? -1 : ix.byId.find(s.guardianId);
  row.gidHouseKey = s.guardianId === null || ix.byHouseId.size === 0 ? -1 : ix.byHouseId.find(s.guardianId);
  row.facts = null;
}

/** Compares a roll row with registry person `pi`: the packed levels and details (see `unpackPair`). */
export function comparePair(s: PreparedStudent, pi: number, ix: RegistryIndex): number {
  if (ix !== curIndex) {
    curIndex = ix;
    cur = factsOf(ix);
    row.student = null;
  }
  if (s !== row.student) startRow(s, ix);
  const p = ix.persons[pi]!;
  const id = idLevel(s, p, ix, pi);
  // The ID read from the 学籍号 (G + ID) is trusted by construction (`idFromStudentNo`).
  const idDetail =
    detailOut |
    ((s.idTrusted || (detailOut & Detail.ViaStudentNo) !== 0) && p.idTrusted ? Detail.BothTrusted : 0);
  const name = nameLevel(s, p, pi);
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
  return packLevels(id, name, date, sex, houseLevel(s, p, ix, pi), detail);
}
