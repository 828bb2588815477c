import { describe, expect, it } from 'vitest';
import { Rng, WeightedTable, weightedPick } from './random.ts';

describe('Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 20 }, () => a.nextU32());
    expect(Array.from({ length: 20 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.nextU32())).not.toEqual(xs);
  });

  it('keeps int() inside its bounds and covers them', () => {
    const r = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const v = r.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('has a roughly centred normal() and a chance() near its probability', () => {
    const r = new Rng(7);
    let sum = 0;
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      sum += r.normal(10, 2);
      if (r.chance(0.3)) hits++;
    }
    expect(sum / 20_000).toBeCloseTo(10, 0);
    expect(hits / 20_000).toBeGreaterThan(0.28);
    expect(hits / 20_000).toBeLessThan(0.32);
  });

  it('shuffles into a permutation', () => {
    const r = new Rng(5);
    const xs = r.shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...xs].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('weighted choice', () => {
  it('follows the weights', () => {
    const r = new Rng(9);
    const t = new WeightedTable(['a', 'b', 'c'], [1, 3, 0]);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 8000; i++) counts[t.pick(r)]!++;
    expect(counts.c).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.5);
    expect(counts.b! / counts.a!).toBeLessThan(3.5);
    expect(
      weightedPick(r, [
        ['x', 0],
        ['y', 1],
      ] as const),
    ).toBe('y');
  });
});
