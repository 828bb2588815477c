/**
 * Small, fast, seeded pseudo-random generator (sfc32, seeded through splitmix32) with the helpers the
 * synthetic data generator needs. Not cryptographic: use only for tests, demos and benchmarks.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the generator; any 32-bit integer (or float, truncated) gives a distinct stream. */
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** Next unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Fisher–Yates shuffle in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** Approximately normal value (sum of three uniforms), mean `mean`, standard deviation `sd`. */
  normal(mean = 0, sd = 1): number {
    // Irwin–Hall with n = 3 has variance 1/4, so scale by 2.
    return mean + sd * 2 * (this.next() + this.next() + this.next() - 1.5);
  }

  /** A derived generator, independent enough for a separate stream of decisions. */
  fork(salt: number): Rng {
    return new Rng((this.nextU32() ^ Math.imul(salt | 0, 0x27d4eb2d)) >>> 0);
  }
}

/**
 * Precomputed weighted choice: O(log n) picks by binary search over cumulative weights.
 * Build once per table, then call `pick` with an Rng.
 */
export class WeightedTable<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  /** `weights[i]` is the relative weight of `items[i]`; weights must be ≥ 0 with a positive sum. */
  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length) throw new Error('WeightedTable: bad input');
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      sum += Math.max(0, weights[i]!);
      this.cumulative[i] = sum;
    }
    if (!(sum > 0)) throw new Error('WeightedTable: weights sum to zero');
    this.total = sum;
  }

  /** A weighted random element. */
  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/** One-off weighted pick from `[item, weight]` pairs (linear; build a WeightedTable for hot paths). */
export function weightedPick<T>(rng: Rng, pairs: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of pairs) total += w;
  let x = rng.next() * total;
  for (const [item, w] of pairs) {
    x -= w;
    if (x < 0) return item;
  }
  return pairs[pairs.length - 1]![0];
}
