import { describe, expect, it } from 'vitest';
import { clearStringCaches, TwoGenerationCache } from '../identity/string-cache.ts';
import { releaseComparisonMemory } from './compare.ts';
import { KeyTable, KeyTableBuilder } from './key-table.ts';

describe('KeyTable', () => {
  const map = new Map<string, number[]>();
  for (let i = 0; i < 5000; i++) map.set(`${i % 97}|2010-0${(i % 9) + 1}-${i}`, [i, i + 1, i % 7]);
  map.set('', [42]);
  map.set('张伟|三明市', [1, 2, 3]);
  const t = KeyTable.fromMap(map);

  it('finds every key with its list, in order', () => {
    expect(t.size).toBe(map.size);
    for (const [k, list] of map) expect(t.get(k)).toEqual(list);
    expect(t.get('missing')).toBeUndefined();
    expect(t.find('0|2010-01')).toBe(-1);
  });

  it('finds composite keys without building them', () => {
    const k = t.find2('张伟', 124, '三明市', 3);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(t.count(k)).toBe(3);
    expect(Array.from(t.values.subarray(t.offsets[k]!, t.offsets[k + 1]!))).toEqual([1, 2, 3]);
    expect(t.find2('5', 124, '2010-06-5xx', 9)).toBe(t.find('5|2010-06-5'));
    expect(t.find2('张伟', 124, '三明市', 2)).toBe(-1);
    expect(t.find2('张', 124, '伟|三明市', 5)).toBe(-1);
    expect(t.count(-1)).toBe(0);
  });
});

describe('KeyTableBuilder', () => {
  it('builds the same lists as a map of arrays, skipping a repeat of the last value', () => {
    const b = new KeyTableBuilder();
    const map = new Map<string, number[]>();
    for (let i = 0; i < 20000; i++) {
      const key = `k${(i * 7919) % 3001}`;
      const v = i % 5 === 0 ? (map.get(key)?.at(-1) ?? i) : i;
      b.add(key, v);
      const list = map.get(key);
      if (list === undefined) map.set(key, [v]);
      else if (list[list.length - 1] !== v) list.push(v);
    }
    const t = b.build();
    expect(t.size).toBe(map.size);
    for (const [k, list] of map) expect(t.get(k)).toEqual(list);
  });
});

describe('TwoGenerationCache', () => {
  it('returns what was set and forgets only beyond two generations', () => {
    const c = new TwoGenerationCache<number>(3);
    for (let i = 0; i < 3; i++) c.set(`k${i}`, i);
    c.set('k3', 3); // k0…k2 become the old generation
    expect(c.get('k0')).toBe(0); // found in the old one, moved back to the young one
    c.set('k0', 10);
    expect(c.get('k0')).toBe(10);
    for (let i = 4; i < 10; i++) c.set(`k${i}`, i);
    expect(c.get('k1')).toBeUndefined();
    expect(c.get('k9')).toBe(9);
  });

  it('forgets everything when the caches are cleared (a server does it after a comparison)', () => {
    const c = new TwoGenerationCache<number>(3);
    for (let i = 0; i < 5; i++) c.set(`k${i}`, i);
    clearStringCaches();
    for (let i = 0; i < 5; i++) expect(c.get(`k${i}`)).toBeUndefined();
    c.set('k0', 7);
    expect(c.get('k0')).toBe(7);
    // releaseComparisonMemory (what the app calls after a comparison) empties them too.
    releaseComparisonMemory();
    expect(c.get('k0')).toBeUndefined();
  });
});
