import { describe, expect, it } from 'vitest';
import {
  checkPairingDates,
  checkVisitDate,
  maskPhone,
  normalisePhone,
  redCandleEligibility,
} from './care.ts';

// 工作要点 2 红烛暖心: poor left-behind children paired with caring teachers, visits recorded.
describe('红烛暖心 eligibility', () => {
  const base = { enrolled: true, leftBehind: true, registeredPoor: true, recognised: false };
  it('a left-behind registered-poor child, or a recognised one, is eligible', () => {
    expect(redCandleEligibility(base)).toEqual({ ok: true });
    expect(redCandleEligibility({ ...base, registeredPoor: false, recognised: true })).toEqual({ ok: true });
  });
  it('not left behind, not poor, or not in school: refused with the reason', () => {
    expect(redCandleEligibility({ ...base, leftBehind: false })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('留守儿童'),
    });
    expect(redCandleEligibility({ ...base, registeredPoor: false })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('建档立卡'),
    });
    expect(redCandleEligibility({ ...base, enrolled: false }).ok).toBe(false);
  });
});

describe('dates and contacts', () => {
  it('pairing and visit dates', () => {
    expect(checkPairingDates('2020-09-01', null, '2020-10-01').ok).toBe(true);
    expect(checkPairingDates('2020-11-01', null, '2020-10-01').ok).toBe(false);
    expect(checkPairingDates('2020-09-01', '2020-08-01', '2020-10-01').ok).toBe(false);
    const p = { start: '2020-09-01', end: '2020-12-31' };
    expect(checkVisitDate('2020-09-01', p, '2021-01-10').ok).toBe(true);
    expect(checkVisitDate('2020-08-31', p, '2021-01-10').ok).toBe(false);
    expect(checkVisitDate('2021-01-01', p, '2021-01-10').ok).toBe(false);
    expect(checkVisitDate('2021-01-11', { start: '2020-09-01', end: null }, '2021-01-10').ok).toBe(false);
  });
  it('masks phones in lists', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('')).toBe('');
    expect(normalisePhone('138 1234-5678')).toBe('13812345678');
    expect(normalisePhone('abc')).toBeNull();
  });
});
