/**
 * Dates and citizen ID numbers (GB 11643-1999) for synthetic people, with a registry of issued
 * (area, birth date, sequence) triples so that no two synthetic people share an ID.
 */
import { idCheckChar } from '../domain/identity/checksum.ts';
import type { Rng } from './random.ts';

const DAY_MS = 86_400_000;
/** Day numbers count from 1930-01-01 (day 0); the generator only uses births from 1930 to 2029. */
const EPOCH = Date.UTC(1930, 0, 1);
const MAX_DAYS = 36_600;

const compactCache: string[] = [];

/** Day number (days since 1930-01-01) of a `YYYY-MM-DD` or `YYYYMMDD` date. */
export function dayOf(date: string): number {
  const s = date.replace(/-/g, '');
  return Math.round(
    (Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) - EPOCH) / DAY_MS,
  );
}

/** `YYYYMMDD` for a day number (cached: the hot path builds millions of IDs). */
export function compactDate(day: number): string {
  let s = compactCache[day];
  if (s === undefined) {
    s = new Date(EPOCH + day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
    compactCache[day] = s;
  }
  return s;
}

/** `YYYY-MM-DD` for a day number. */
export function isoDate(day: number): string {
  const s = compactDate(day);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

/** Calendar year of a day number. */
export function yearOf(day: number): number {
  return Number(compactDate(day).slice(0, 4));
}

/** Full years of age on `asOfDay` of someone born on `birthDay`. */
export function ageOn(birthDay: number, asOfDay: number): number {
  const b = compactDate(birthDay);
  const a = compactDate(asOfDay);
  const years = Number(a.slice(0, 4)) - Number(b.slice(0, 4));
  return a.slice(4) < b.slice(4) ? years - 1 : years;
}

/** A uniformly random day between two `YYYY-MM-DD` dates (inclusive). */
export function randomDay(rng: Rng, from: string, to: string): number {
  return rng.int(dayOf(from), dayOf(to));
}

/** The full 18-character ID for area code, birth day and 3-digit sequence number. */
export function buildId(area: string, birthDay: number, seq: number): string {
  const first17 = `${area}${compactDate(birthDay)}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
}

/** Open-addressing set of non-negative 31-bit integers: ~8 bytes per member instead of ~40 in a Set. */
class IntSet {
  private table: Int32Array;
  private count = 0;

  constructor(from?: IntSet) {
    this.table = from ? from.table.slice() : new Int32Array(1 << 16).fill(-1);
    this.count = from?.count ?? 0;
  }

  /** Adds `k`; false when it was already present. */
  add(k: number): boolean {
    const mask = this.table.length - 1;
    let i = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const v = this.table[i]!;
      if (v === k) return false;
      if (v === -1) break;
      i = (i + 1) & mask;
    }
    this.table[i] = k;
    if (++this.count * 2 > this.table.length) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    const mask = this.table.length - 1;
    for (const k of old) {
      if (k === -1) continue;
      let i = (Math.imul(k, 0x9e3779b1) >>> 0) & mask;
      while (this.table[i] !== -1) i = (i + 1) & mask;
      this.table[i] = k;
    }
  }
}

/**
 * Issues unique IDs. A key packs (area index, day, sequence) into one small integer so that a
 * million issued IDs cost tens of megabytes, not a million strings.
 */
export class IdFactory {
  private readonly used: IntSet;
  private readonly areaIndex: Map<string, number>;

  /** Starts empty, or as a copy of another factory (to replay a stream deterministically). */
  constructor(from?: IdFactory) {
    this.used = new IntSet(from?.used);
    this.areaIndex = new Map(from?.areaIndex);
  }

  private key(area: string, day: number, seq: number): number {
    let idx = this.areaIndex.get(area);
    if (idx === undefined) {
      idx = this.areaIndex.size;
      this.areaIndex.set(area, idx);
    }
    // Fits in a small integer for up to ~58 distinct areas.
    return (idx * MAX_DAYS + day) * 1000 + seq;
  }

  /** True and recorded when the triple was free; false when already issued. */
  claim(area: string, day: number, seq: number): boolean {
    return this.used.add(this.key(area, day, seq));
  }

  /**
   * A new unique ID; the sequence number's parity encodes sex (odd = male). `preferSeq`, when given,
   * is tried first (twins get consecutive numbers).
   */
  issue(
    rng: Rng,
    area: string,
    birthDay: number,
    male: boolean,
    preferSeq?: number,
  ): { id: string; seq: number } {
    if (preferSeq !== undefined && preferSeq >= 0 && preferSeq <= 999 && preferSeq % 2 === (male ? 1 : 0)) {
      if (this.claim(area, birthDay, preferSeq))
        return { id: buildId(area, birthDay, preferSeq), seq: preferSeq };
    }
    for (let attempt = 0; attempt < 2000; attempt++) {
      const seq = rng.int(0, 499) * 2 + (male ? 1 : 0);
      if (this.claim(area, birthDay, seq)) return { id: buildId(area, birthDay, seq), seq };
    }
    throw new Error(`IdFactory: no free sequence for ${area} ${compactDate(birthDay)}`);
  }
}
