/**
 * An immutable string → list-of-integers table over typed arrays, for the registry's blocking keys.
 * A `Map<string, number[]>` of 200k keys cost about 1 µs per lookup on a million-row roll (the
 * key strings, entries and lists lie all over a large heap); here a lookup hashes the key once
 * (FNV-1a over char codes), reads one slot pair of a compact open-addressing array and compares
 * the stored key only when the 32-bit hashes agree, so a miss never touches a string. A composite
 * key (`a + '|' + b.slice(0, n)`) is hashed and compared in parts, without building it.
 */

import { fnv1a as fnv, fnvChar, fnvStart, mixHash as mix } from '../identity/string-cache.ts';

/** Lookup table; lists keep the order and contents of the map it was built from. */
export class KeyTable {
  private readonly keys: string[];
  /** Pairs per slot: [hash, key ordinal + 1]; 0 in the second cell = empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The list of key k is values[offsets[k] … offsets[k+1]). */
  readonly offsets: Int32Array;
  readonly values: Int32Array;

  /** Number of keys. */
  get size(): number {
    return this.keys.length;
  }

  /**
   * A table of `keys[k]` → values[offsets[k] … offsets[k+1]) (`KeyTable.fromMap` and
   * `KeyTableBuilder` make the parts).
   */
  constructor(keys: string[], offsets: Int32Array, values: Int32Array) {
    const n = keys.length;
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
    this.keys = keys;
    this.offsets = offsets;
    this.values = values;
    for (let k = 0; k < n; k++) {
      const key = keys[k]!;
      const h = fnv(fnvStart, key, key.length);
      let slot = mix(h) & this.mask;
      while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 2] = h;
      this.slots[slot * 2 + 1] = k + 1;
    }
  }

  /** The table of a map, lists in their order. */
  static fromMap(map: ReadonlyMap<string, readonly number[]>): KeyTable {
    const keys: string[] = [];
    const offsets = new Int32Array(map.size + 1);
    let total = 0;
    for (const list of map.values()) total += list.length;
    const values = new Int32Array(total);
    let at = 0;
    for (const [key, list] of map) {
      offsets[keys.length] = at;
      keys.push(key);
      for (const v of list) values[at++] = v;
    }
    offsets[keys.length] = at;
    return new KeyTable(keys, offsets, values);
  }

  /** Key ordinal of `key`, or -1. */
  find(key: string): number {
    const h = fnv(fnvStart, key, key.length);
    const slots = this.slots;
    let slot = mix(h) & this.mask;
    for (;;) {
      const k = slots[slot * 2 + 1]!;
      if (k === 0) return -1;
      if (slots[slot * 2] === h && this.keys[k - 1] === key) return k - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Key ordinal of `a + String.fromCharCode(sep) + b.slice(0, bLen)`, or -1 (nothing is built). */
  find2(a: string, sep: number, b: string, bLen: number): number {
    const h = fnv(fnvChar(fnv(fnvStart, a, a.length), sep), b, bLen);
    const slots = this.slots;
    let slot = mix(h) & this.mask;
    for (;;) {
      const k = slots[slot * 2 + 1]!;
      if (k === 0) return -1;
      if (slots[slot * 2] === h && equals2(this.keys[k - 1]!, a, sep, b, bLen)) return k - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * True when some key has the FNV-1a hash `h` (as `find` computes it). A key that is present always
   * answers true; another key answers true only on a 32-bit hash collision. The roll screen uses it
   * to rule keys out without building them.
   */
  hasHash(h: number): boolean {
    const slots = this.slots;
    let slot = mix(h) & this.mask;
    for (;;) {
      if (slots[slot * 2 + 1] === 0) return false;
      if (slots[slot * 2] === h) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Length of the list of key ordinal `k` (0 for -1). */
  count(k: number): number {
    return k < 0 ? 0 : this.offsets[k + 1]! - this.offsets[k]!;
  }

  /** The list of `key` as a fresh array, or undefined (for tests and rare paths). */
  get(key: string): number[] | undefined {
    const k = this.find(key);
    return k < 0 ? undefined : Array.from(this.values.subarray(this.offsets[k]!, this.offsets[k + 1]!));
  }
}

/** True when `key` is `a + sep + b.slice(0, bLen)`. */
function equals2(key: string, a: string, sep: number, b: string, bLen: number): boolean {
  const na = a.length;
  if (key.length !== na + 1 + bLen || key.charCodeAt(na) !== sep) return false;
  for (let i = 0; i < na; i++) if (key.charCodeAt(i) !== a.charCodeAt(i)) return false;
  for (let i = 0; i < bLen; i++) if (key.charCodeAt(na + 1 + i) !== b.charCodeAt(i)) return false;
  return true;
}

/**
 * Collects key → values pairs for a `KeyTable` without a `Map` of arrays (200k string keys and
 * arrays made indexing the registry slow): keys go into an open-addressing table as they come,
 * each key's values into a chain, kept in the order added. A value equal to the last one added
 * for the same key is skipped.
 */
export class KeyTableBuilder {
  private readonly keys: string[] = [];
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  /** Per key: first and last entry, last value. */
  private readonly first: number[] = [];
  private readonly last: number[] = [];
  private readonly lastValue: number[] = [];
  /** Per entry: value and next entry of the same key (-1 = end). */
  private readonly entryValue: number[] = [];
  private readonly entryNext: number[] = [];

  /** Adds `value` to the list of `key` (unless it is the list's last value already). */
  add(key: string, value: number): void {
    const h = fnv(fnvStart, key, key.length);
    let slot = mix(h) & this.mask;
    for (;;) {
      const k = this.slots[slot * 2 + 1]!;
      if (k === 0) break;
      if (this.slots[slot * 2] === h && this.keys[k - 1] === key) {
        if (this.lastValue[k - 1] === value) return;
        const e = this.entryValue.length;
        this.entryValue.push(value);
        this.entryNext.push(-1);
        this.entryNext[this.last[k - 1]!] = e;
        this.last[k - 1] = e;
        this.lastValue[k - 1] = value;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    const e = this.entryValue.length;
    this.entryValue.push(value);
    this.entryNext.push(-1);
    this.keys.push(key);
    this.first.push(e);
    this.last.push(e);
    this.lastValue.push(value);
    this.slots[slot * 2] = h;
    this.slots[slot * 2 + 1] = this.keys.length;
    if (this.keys.length * 2 > this.mask) this.grow();
  }

  /** Doubles the slot table. */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let s = 0; s < old.length; s += 2) {
      const k = old[s + 1]!;
      if (k === 0) continue;
      let slot = mix(old[s]!) & this.mask;
      while (this.slots[slot * 2 + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 2] = old[s]!;
      this.slots[slot * 2 + 1] = k;
    }
  }

  /** The finished table; the builder must not be used afterwards. */
  build(): KeyTable {
    const n = this.keys.length;
    const offsets = new Int32Array(n + 1);
    const values = new Int32Array(this.entryValue.length);
    let at = 0;
    for (let k = 0; k < n; k++) {
      offsets[k] = at;
      for (let e = this.first[k]!; e >= 0; e = this.entryNext[e]!) values[at++] = this.entryValue[e]!;
    }
    offsets[n] = at;
    return new KeyTable(this.keys, offsets, values);
  }
}
