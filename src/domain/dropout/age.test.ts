import { describe, expect, it } from 'vitest';
import { ageOn, birthWindow, isCompulsoryAge } from './age.ts';
import { addDays } from './dates.ts';

// 工作要点 5: "school-age (6–15 compulsory, default) members of registered poor households".
describe('compulsory age (工作要点 5: 6–15 inclusive by default)', () => {
  it('counts full years on the as-of date', () => {
    expect(ageOn('2010-09-01', '2020-09-01')).toBe(10);
    expect(ageOn('2010-09-02', '2020-09-01')).toBe(9);
    expect(ageOn('2010-08-31', '2020-09-01')).toBe(10);
  });

  it('includes 6 and 15, excludes 5 and 16', () => {
    expect(isCompulsoryAge('2014-09-01', '2020-09-01')).toBe(true); // 6 today
    expect(isCompulsoryAge('2014-09-02', '2020-09-01')).toBe(false); // 5 until tomorrow
    expect(isCompulsoryAge('2004-09-02', '2020-09-01')).toBe(true); // 15, 16 tomorrow
    expect(isCompulsoryAge('2004-09-01', '2020-09-01')).toBe(false); // 16 today
  });

  it('reaches a 29 February birthday on 1 March in common years', () => {
    expect(ageOn('2012-02-29', '2018-02-28')).toBe(5);
    expect(ageOn('2012-02-29', '2018-03-01')).toBe(6);
    expect(ageOn('2012-02-29', '2020-02-29')).toBe(8);
  });

  it('takes another range from the settings', () => {
    expect(isCompulsoryAge('2005-09-01', '2020-09-01', { min: 6, max: 14 })).toBe(false);
    expect(isCompulsoryAge('2005-09-01', '2020-09-01', { min: 6, max: 15 })).toBe(true);
  });

  it('birthWindow agrees with isCompulsoryAge for every birth date around the bounds', () => {
    for (const asOf of ['2020-09-01', '2020-02-29', '2021-02-28', '2021-03-01', '2019-12-31']) {
      const w = birthWindow(asOf);
      for (let d = -6400; d <= -1800; d++) {
        const birth = addDays(asOf, d);
        const inWindow = birth > w.bornAfter && birth <= w.bornOnOrBefore;
        if (inWindow !== isCompulsoryAge(birth, asOf)) throw new Error(`${birth} on ${asOf}`);
      }
    }
  });
});
