import { afterEach, describe, expect, it } from 'vitest';
import { todayInChina } from './today.ts';

const saved = process.env.JIAOFU_TODAY;
afterEach(() => {
  // (Assigning undefined would leave the text 'undefined' in the environment.)
  if (saved === undefined) delete process.env.JIAOFU_TODAY;
  else process.env.JIAOFU_TODAY = saved;
});

describe('todayInChina', () => {
  it('is the day in UTC+8: 16:00 UTC is already the next day in Sanming', () => {
    expect(todayInChina(new Date('2020-09-01T15:59:59Z'))).toBe('2020-09-01');
    expect(todayInChina(new Date('2020-09-01T16:00:00Z'))).toBe('2020-09-02');
    expect(todayInChina(new Date('2020-12-31T16:30:00Z'))).toBe('2021-01-01');
  });

  it('keeps the day pinned by JIAOFU_TODAY, unless a moment is given', () => {
    process.env.JIAOFU_TODAY = '2020-09-01';
    expect(todayInChina()).toBe('2020-09-01');
    expect(todayInChina(new Date('2021-03-01T00:00:00Z'))).toBe('2021-03-01');
  });

  it('refuses a pinned day that is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2020-02-30', '2020/09/01', 'tomorrow']) {
      process.env.JIAOFU_TODAY = bad;
      expect(() => todayInChina()).toThrow(/JIAOFU_TODAY/);
    }
  });
});
