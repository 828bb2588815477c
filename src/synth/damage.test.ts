import { describe, expect, it } from 'vitest';
import { hasValidCheckChar } from '../domain/identity/checksum.ts';
import {
  DEFAULT_STUDENT_DAMAGE,
  damageId,
  damageName,
  drawIdDamage,
  parseRates,
  toFifteenDigit,
  toScientific,
} from './damage.ts';
import { buildId, dayOf } from './ids.ts';
import { Rng } from './random.ts';

const ID = '350421200512345675';
const ID_X = '35042120051234567X';

describe('ID damage', () => {
  it('renders IDs as Excel does', () => {
    expect(toScientific('350421200512345675')).toBe('3.50421E+17');
    expect(toScientific('350420000000000000')).toBe('3.5042E+17');
    expect(toScientific('350426999999999999')).toBe('3.50427E+17');
    const r = new Rng(1);
    expect(damageId(r, 'trailing000', ID)).toBe('350421200512345000');
    expect(damageId(r, 'scientific', ID_X)).toBeNull();
    expect(damageId(r, 'fullwidth', ID_X)).toBe('３５０４２１２００５１２３４５６７Ｘ');
    expect(damageId(r, 'apostrophe', ID)).toBe(`'${ID}`);
    expect(damageId(r, 'lowercaseX', ID_X)).toBe('35042120051234567x');
    expect(damageId(r, 'lowercaseX', ID)).toBeNull();
    expect(damageId(r, 'missingId', ID)).toBe('');
    expect(damageId(r, 'guardianId', ID, '350421197801011234')).toBe('350421197801011234');
    expect(damageId(r, 'spaces', ID)!.replace(/[\s\u00a0]/g, '')).toBe(ID);
  });

  it('keeps the 15-digit form only for 19xx births', () => {
    expect(toFifteenDigit('350421197801012317')).toBe('350421780101231');
    expect(damageId(new Rng(1), 'fifteenDigit', ID)).toBeNull();
  });

  it('breaks the check character with one wrong or two swapped digits', () => {
    const r = new Rng(2);
    for (let i = 0; i < 500; i++) {
      const valid = buildId('350421', dayOf('2000-01-01') + i * 13, i % 1000);
      expect(hasValidCheckChar(valid)).toBe(true);
      const d = damageId(r, 'oneDigit', valid)!;
      expect(d).toHaveLength(18);
      expect(d).not.toBe(valid);
      expect(hasValidCheckChar(d)).toBe(false);
      const s = damageId(r, 'swap', valid);
      if (s) expect(hasValidCheckChar(s)).toBe(false);
    }
  });

  it('draws exclusive damage at the configured rates', () => {
    const r = new Rng(3);
    let changed = 0;
    for (let i = 0; i < 50_000; i++)
      if (drawIdDamage(r, DEFAULT_STUDENT_DAMAGE, ID, '350421197801011234').damage) changed++;
    expect(changed / 50_000).toBeGreaterThan(0.1);
    expect(changed / 50_000).toBeLessThan(0.12);
  });
});

describe('name damage', () => {
  it('changes names the ways real files do', () => {
    const r = new Rng(4);
    const n = { surname: '陈', given: '丽娜', sex: 'F' as const, birthYear: 2010 };
    expect(damageName(r, 'traditional', n)).toBe('陳麗娜');
    expect(['陈莉娜', '陈俐娜', '陈立娜', '陈丽纳']).toContain(damageName(r, 'homophone', n));
    expect(damageName(r, 'nameSpaces', n)!.replace(/[\s\u3000]/g, '')).toBe('陈丽娜');
    const renamed = damageName(r, 'renamed', n)!;
    expect(renamed.startsWith('陈')).toBe(true);
    expect(renamed).not.toBe('陈丽娜');
  });
});

describe('parseRates', () => {
  it('reads overrides and refuses unknown types and rates outside 0–1', () => {
    expect(parseRates('scientific=0.1, homophone = 0.03')).toEqual({ scientific: 0.1, homophone: 0.03 });
    expect(parseRates(undefined)).toEqual({});
    expect(() => parseRates('scientfic=0.1')).toThrow(/bad damage rate: scientfic=0.1/);
    expect(() => parseRates('swap=1.5')).toThrow(/bad damage rate/);
    expect(() => parseRates('swap=')).toThrow(/bad damage rate/);
    expect(() => parseRates('swap')).toThrow(/bad damage rate/);
  });
});
