/**
 * String hashing over char codes and a bounded two-generation cache built on it. The normalisers
 * cache per cell text (names, places) across a million-row roll; a `Map` of 150k string keys cost
 * about 1 µs per lookup there (keys and entries lie all over a large heap), while a compact
 * open-addressing table of 32-bit hashes touches a key string only when the hashes agree.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over the first `n` char codes of `s`, continuing from `h` (start with `fnvStart`). */
export function fnv1a(h: number, s: string, n: number): number {
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** FNV-1a's starting value. */
export const fnvStart = FNV_OFFSET;

/** FNV-1a of one more char code. */
export const fnvChar = (h: number, c: number): number => Math.imul(h ^ c, FNV_PRIME);

/** Spreads the hash bits before the low ones pick a slot (murmur3's finaliser). */
export function mixHash(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** One generation: at most `limit` entries, never deleted from. */
class Generation<V> {
  readonly keys: string[] = [];
  readonly values: V[] = [];
  /** Pairs per slot: [hash, entry + 1]; 0 in the second cell = empty. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(limit: number) {
    let cap = 16;
    while (cap < limit * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
  }

  /** Entry index of `k` (hash `h`), or the negated free slot minus 1 when absent. */
  find(k: string, h: number): number {
    const slots = this.slots;
    let slot = mixHash(h) & this.mask;
    for (;;) {
      const e = slots[slot * 2 + 1]!;
      if (e === 0) return -slot - 1;
      if (slots[slot * 2] === h && this.keys[e - 1] === k) return e - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores a value (replacing the one of an equal key). */
  put(k: string, h: number, v: V): void {
    const at = this.find(k, h);
    if (at >= 0) {
      this.values[at] = v;
      return;
    }
    const slot = -at - 1;
    this.keys.push(k);
    this.values.push(v);
    this.slots[slot * 2] = h;
    this.slots[slot * 2 + 1] = this.keys.length;
  }
}

/** Every cache made, for `clearStringCaches`. */
const allCaches: WeakRef<TwoGenerationCache<unknown>>[] = [];

/**
 * Empties every `TwoGenerationCache`. The normalisers' caches live as long as the process; a
 * long-running server calls this after a comparison so that a city's names do not stay in memory
 * until the next one.
 */
export function clearStringCaches(): void {
  for (const ref of allCaches) ref.deref()?.clear();
}

/**
 * A bounded cache that forgets gradually: when the young generation is full it becomes the old one
 * and the oldest entries go, so the keys in use stay cached (clearing everything at once made a
 * million-row roll recompute every name after each 200k new ones).
 */
export class TwoGenerationCache<V> {
  private young: Generation<V>;
  private old: Generation<V> | null = null;

  constructor(private readonly limit: number) {
    this.young = new Generation<V>(limit);
    allCaches.push(new WeakRef(this));
  }

  /** Forgets every entry. */
  clear(): void {
    this.young = new Generation<V>(this.limit);
    this.old = null;
  }

  get(k: string): V | undefined {
    const h = fnv1a(FNV_OFFSET, k, k.length);
    const y = this.young.find(k, h);
    if (y >= 0) return this.young.values[y];
    if (this.old === null) return undefined;
    const o = this.old.find(k, h);
    if (o < 0) return undefined;
    const aged = this.old.values[o]!;
    if (aged !== undefined) this.put(k, h, aged);
    return aged;
  }

  set(k: string, v: V): void {
    this.put(k, fnv1a(FNV_OFFSET, k, k.length), v);
  }

  private put(k: string, h: number, v: V): void {
    if (this.young.keys.length >= this.limit) {
      this.old = this.young;
      this.young = new Generation<V>(this.limit);
    }
    this.young.put(k, h, v);
  }
}
