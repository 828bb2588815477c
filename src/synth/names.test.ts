import { describe, expect, it } from 'vitest';
import {
  ALL_SURNAMES,
  homophoneGivenName,
  homophonesOf,
  pickGivenName,
  pickSurname,
  pickTwinGivenName,
  toTraditional,
} from './names.ts';
import { Rng } from './random.ts';

describe('names', () => {
  it('weights Fujian surnames: 陈 and 林 lead, compound surnames are rare', () => {
    const r = new Rng(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const s = pickSurname(r);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([s]) => s);
    expect(top.slice(0, 2).sort()).toEqual(['林', '陈']);
    expect(ALL_SURNAMES.length).toBeGreaterThanOrEqual(100);
    const compound = [...counts.entries()].filter(([s]) => s.length === 2).reduce((n, [, c]) => n + c, 0);
    expect(compound / 50_000).toBeLessThan(0.005);
  });

  it('makes about 70 % two-character given names', () => {
    const r = new Rng(2);
    let two = 0;
    for (let i = 0; i < 10_000; i++) if (pickGivenName(r, i % 2 ? 'M' : 'F', 2010).length === 2) two++;
    expect(two / 10_000).toBeGreaterThan(0.6);
    expect(two / 10_000).toBeLessThan(0.8);
  });

  it('gives twins a different, often similar name', () => {
    const r = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const a = pickGivenName(r, 'F', 2012);
      expect(pickTwinGivenName(r, 'F', 2012, a)).not.toBe(a);
    }
  });

  it('substitutes homophones and traditional characters', () => {
    expect(homophonesOf('娜')).toContain('纳');
    expect(homophonesOf('伟')).toEqual(expect.arrayContaining(['维', '玮']));
    const r = new Rng(4);
    expect(['纳']).toContain(homophoneGivenName(r, '娜'));
    expect(homophoneGivenName(r, '㐀')).toBeNull();
    expect(toTraditional('陈丽华')).toBe('陳麗華');
    expect(toTraditional('张国东')).toBe('張國東');
    expect(toTraditional('林')).toBeNull();
  });
});
