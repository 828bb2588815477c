/**
 * Streams prepared roll rows through blocking and comparison and keeps only what the decision and
 * the explanations need, in typed arrays: a million rows never sit in memory as objects. A
 * collector can run in a worker thread on part of the roll; its `CandidateBlock`s are merged after.
 */
import { compareIds } from '../identity/id-number.ts';
import { fnv1a, fnvChar, fnvStart, mixHash } from '../identity/string-cache.ts';
import { Blocker, comparePair, idBornOn } from './compare.ts';
import type { RegistryIndex } from './registry-index.ts';
import type { PreparedStudent } from './types.ts';
import { countPair, emptyCounts, type LevelCounts } from './weights.ts';

/** Flags per roll row, for explanations. */
export enum StudentFlag {
  IdScientific = 1,
  IdTrailing000 = 2,
  IdMissing = 4,
  IdInvalid = 8,
  NameMissing = 16,
  /** A valid ID whose birth date is not the row's 出生日期 (another person's number, often). */
  IdOtherBirth = 32,
  /** The number is another document's (护照, 通行证…, see `PreparedStudent.otherDocument`): no ID to compare. */
  OtherDocument = 64,
  /** The row gives no 出生日期: its date is its ID's (`PreparedStudent.birthFromId`). */
  BirthFromId = 128,
  /** The ID column is one digit, or two swapped, away from the 学籍号's ID: a typo. */
  IdColumnTypo = 256,
}

/**
 * StudentFlag.IdColumnTypo when the ID column is a typo of the 学籍号's ID (identity compareIds: one
 * digit, or two swapped), else 0. (An ID column Excel ended in 000 is damage the row's flags say
 * already: IdTrailing000.)
 */
function idColumnFlag(id: string, fromNo: string): number {
  const kind = compareIds(id, fromNo).kind;
  return kind === 'one_digit' || kind === 'transposition' ? StudentFlag.IdColumnTypo : 0;
}

/** Candidate pairs of a run of roll rows (transferable between threads: typed arrays and strings only). */
export interface CandidateBlock {
  count: number;
  /** Pairs of row i are [offsets[i], offsets[i+1]). */
  offsets: Int32Array;
  person: Int32Array;
  packed: Int32Array;
  /** Adult registry person whose ID the row carries (guardian's ID typed in), or -1. */
  guardianOwner: Int32Array;
  /** File row numbers. */
  rows: Int32Array;
  /** Birth date as YYYYMMDD, 0 when unknown. */
  birth: Int32Array;
  flags: Uint16Array;
  /** Normalised names (for explanations such as 姓名同音：李娜/李纳). */
  names: string[];
  /** Level counts of random pairs (row × eligible registry person), per field: the u values. */
  randomLevels: Float64Array[];
}

/** A growable Int32Array. */
export class IntBuffer {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  take(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** 'YYYY-MM-DD' as the number YYYYMMDD (what Number(d.replaceAll('-', '')) gives, without the strings). */
function ymdNumber(d: string): number {
  if (d.length !== 10) return Number(d.replaceAll('-', ''));
  let n = 0;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7) n = n * 10 + d.charCodeAt(i) - 48;
  return n;
}

/**
 * One row in RANDOM_EVERY is also compared with RANDOM_PAIRS pseudo-random registry children, for
 * the u values. Which rows, and which children, follow from `sampleKey` — the row's content, not its
 * position — so that the result does not depend on how the roll is split between threads.
 */
const RANDOM_EVERY = 16;
const RANDOM_PAIRS = 2;

/** The u-sample key of a prepared row: a hash of its 学籍号, name and ID (see `RANDOM_EVERY`). */
export function sampleKey(studentNo: string, name: string, id: string | null): number {
  let h = fnv1a(fnvStart, studentNo, studentNo.length);
  h = fnv1a(fnvChar(h, BAR), name, name.length);
  if (id !== null) h = fnv1a(fnvChar(h, BAR), id, id.length);
  return mixHash(h) >>> 0;
}

/** True when a row with this sample key joins the u sample. */
const inSample = (key: number): boolean => key % RANDOM_EVERY === 0;

const BAR = 0x7c;

/** Collects candidate pairs for roll rows, in file order. */
export class CandidateCollector {
  private readonly blocker: Blocker;
  private readonly cand: number[] = [];
  private readonly offsets: IntBuffer;
  private readonly person: IntBuffer;
  private readonly packed: IntBuffer;
  private readonly owner: IntBuffer;
  private readonly rows: IntBuffer;
  private readonly birth: IntBuffer;
  private flags: number[] = [];
  private readonly names: string[] = [];
  private readonly random: LevelCounts = emptyCounts();
  private count = 0;

  constructor(
    private readonly index: RegistryIndex,
    expectedRows = 1024,
  ) {
    this.blocker = new Blocker(index);
    this.offsets = new IntBuffer(expectedRows + 1);
    this.offsets.push(0);
    this.person = new IntBuffer(expectedRows * 2);
    this.packed = new IntBuffer(expectedRows * 2);
    this.owner = new IntBuffer(expectedRows);
    this.rows = new IntBuffer(expectedRows);
    this.birth = new IntBuffer(expectedRows);
  }

  /** Blocks and compares one prepared roll row. */
  add(row: PreparedStudent): void {
    const ix = this.index;
    this.blocker.candidates(row, this.cand);
    // The ID is an adult's of the registry (the guardian's, typed in): a birth date or sex the row
    // took from it is the guardian's, not the pupil's (tester v26a F2: "出生日期不同：1993-03-31").
    const s =
      this.blocker.guardianOwner >= 0 && (row.birthFromId || (row.sexFromId && row.sex !== null))
        ? {
            ...row,
            birthDate: row.birthFromId ? null : row.birthDate,
            birthTrusted: row.birthFromId ? false : row.birthTrusted,
            birthFromId: false,
            sex: row.sexFromId ? null : row.sex,
          }
        : row;
    for (const pi of this.cand) {
      this.person.push(pi);
      this.packed.push(comparePair(s, pi, ix));
    }
    this.offsets.push(this.person.length);
    this.owner.push(this.blocker.guardianOwner);
    this.rows.push(s.row);
    this.birth.push(s.birthDate === null ? 0 : ymdNumber(s.birthDate));
    let f = 0;
    if (s.idExcel === '科学计数法') f |= StudentFlag.IdScientific;
    else if (s.idExcel !== null) f |= StudentFlag.IdTrailing000;
    else if (s.otherDocument !== null) f |= StudentFlag.OtherDocument;
    else if (s.id === null) f |= StudentFlag.IdMissing;
    else if (!s.idTrusted) f |= StudentFlag.IdInvalid;
    else if (!idBornOn(s.id, s.birthDate)) f |= StudentFlag.IdOtherBirth;
    if (s.name === '') f |= StudentFlag.NameMissing;
    if (s.birthFromId) f |= StudentFlag.BirthFromId;
    if (s.id !== null && s.idKnown === 18 && s.studentNoId !== null && s.studentNoId !== s.id)
      f |= idColumnFlag(s.id, s.studentNoId);
    this.flags.push(f);
    // Only explanations of candidate pairs read the name: rows without any keep none.
    this.names.push(this.cand.length > 0 ? s.name : '');
    const n = ix.eligibleList.length;
    const key = n > 0 ? sampleKey(s.studentNo, s.name, s.id) : 1;
    if (inSample(key)) {
      for (let r = 0; r < RANDOM_PAIRS; r++) {
        // The key, mixed once more per pick, spreads the picks over the registry without a random source.
        const h = mixHash(key + r + 1) >>> 0;
        countPair(this.random, comparePair(s, ix.eligibleList[Math.floor((h / 4294967296) * n)]!, ix));
      }
    }
    this.count++;
  }

  /**
   * True when a row with this `sampleKey` must go through `add` whatever it holds: it is one of the
   * rows also compared with random registry persons for the u values.
   */
  wantsFullRow(key: number): boolean {
    return inSample(key) && this.index.eligibleList.length > 0;
  }

  /**
   * Records a row the roll screen found to have no candidate and nothing to flag: what `add`
   * records for such a row (file row number, birth date as YYYYMMDD, `StudentFlag.BirthFromId`
   * when it gave no 出生日期), without preparing it.
   */
  addUnmatched(row: number, birth: number, flags = 0): void {
    this.offsets.push(this.person.length);
    this.owner.push(-1);
    this.rows.push(row);
    this.birth.push(birth);
    this.flags.push(flags);
    this.names.push('');
    this.count++;
  }

  /** The collected block; the collector must not be used afterwards. */
  finish(): CandidateBlock {
    return {
      count: this.count,
      offsets: this.offsets.take(),
      person: this.person.take(),
      packed: this.packed.take(),
      guardianOwner: this.owner.take(),
      rows: this.rows.take(),
      birth: this.birth.take(),
      flags: Uint16Array.from(this.flags),
      names: this.names,
      randomLevels: this.random,
    };
  }
}

/** Concatenates blocks of consecutive parts of the roll, in order. */
export function mergeBlocks(blocks: CandidateBlock[]): CandidateBlock {
  if (blocks.length === 1) return blocks[0]!;
  const count = blocks.reduce((a, b) => a + b.count, 0);
  const pairs = blocks.reduce((a, b) => a + b.person.length, 0);
  const out: CandidateBlock = {
    count,
    offsets: new Int32Array(count + 1),
    person: new Int32Array(pairs),
    packed: new Int32Array(pairs),
    guardianOwner: new Int32Array(count),
    rows: new Int32Array(count),
    birth: new Int32Array(count),
    flags: new Uint16Array(count),
    names: [],
    randomLevels: emptyCounts(),
  };
  let si = 0;
  let pi = 0;
  for (const b of blocks) {
    for (let i = 0; i < b.count; i++) out.offsets[si + i] = b.offsets[i]! + pi;
    out.person.set(b.person, pi);
    out.packed.set(b.packed, pi);
    out.guardianOwner.set(b.guardianOwner, si);
    out.rows.set(b.rows, si);
    out.birth.set(b.birth, si);
    out.flags.set(b.flags, si);
    for (const n of b.names) out.names.push(n);
    b.randomLevels.forEach((field, f) => {
      field.forEach((v, l) => {
        out.randomLevels[f]![l]! += v;
      });
    });
    si += b.count;
    pi += b.person.length;
  }
  out.offsets[count] = pi;
  return out;
}
