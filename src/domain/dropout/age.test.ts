import { describe, expect, it } from 'vitest';
import { ageOn, ageReferenceDay, birthWindow, isCompulsoryAge, isValidCutoff, schoolYearOf } from './age.ts';
import { addDays } from './dates.ts';

// 工作要点 5: "school-age (6–15 compulsory, default) members of registered poor households". A child
// enrols in the autumn term of the year they turn 6 by 31 August, so school age is judged on the
// school year's entry cut-off (31 August), not on the day the list is drawn.
describe('compulsory age (工作要点 5: 6–15 inclusive by default, on the 31 August cut-off)', () => {
  it('counts full years on a given day', () => {
    expect(ageOn('2010-09-01', '2020-09-01')).toBe(10);
    expect(ageOn('2010-09-02', '2020-09-01')).toBe(9);
    expect(ageOn('2010-08-31', '2020-09-01')).toBe(10);
  });

  it('takes ages on the cut-off of the school year the day lies in (from 1 September)', () => {
    expect(schoolYearOf('2020-09-01')).toBe(2020);
    expect(schoolYearOf('2020-08-31')).toBe(2019);
    expect(schoolYearOf('2021-03-01')).toBe(2020);
    expect(ageReferenceDay('2020-10-20')).toBe('2020-08-31');
    expect(ageReferenceDay('2021-08-31')).toBe('2020-08-31');
    expect(ageReferenceDay('2020-09-01')).toBe('2020-08-31');
    expect(ageReferenceDay('2020-08-31')).toBe('2019-08-31');
    expect(ageReferenceDay('2020-10-20', { min: 6, max: 15, cutoff: '12-31' })).toBe('2020-12-31');
  });

  it('a child who turns 6 after 31 August is not of school age that school year (the tester’s case)', () => {
    // Listed on 2020-10-20 before the fix: 6 on the list's day, but 5 on 31 August 2020.
    expect(isCompulsoryAge('2014-10-20', '2020-10-20')).toBe(false);
    expect(isCompulsoryAge('2014-09-20', '2020-10-20')).toBe(false);
    expect(isCompulsoryAge('2014-09-01', '2020-10-20')).toBe(false);
    expect(isCompulsoryAge('2014-08-31', '2020-10-20')).toBe(true); // 6 on 31 August
    // The next school year she is.
    expect(isCompulsoryAge('2014-10-20', '2021-09-01')).toBe(true);
  });

  it('includes 6 and 15 on the cut-off, excludes 5 and 16', () => {
    expect(isCompulsoryAge('2014-08-31', '2020-09-01')).toBe(true); // 6 on 2020-08-31
    expect(isCompulsoryAge('2014-09-01', '2020-09-01')).toBe(false); // 5 on 2020-08-31
    expect(isCompulsoryAge('2004-09-01', '2020-09-01')).toBe(true); // 15 on 2020-08-31
    expect(isCompulsoryAge('2004-09-01', '2021-06-30')).toBe(true); // 16 in June, still this school year
    expect(isCompulsoryAge('2004-08-31', '2020-09-01')).toBe(false); // 16 on 2020-08-31
  });

  it('reaches a 29 February birthday on 1 March in common years', () => {
    expect(ageOn('2012-02-29', '2018-02-28')).toBe(5);
    expect(ageOn('2012-02-29', '2018-03-01')).toBe(6);
    expect(ageOn('2012-02-29', '2020-02-29')).toBe(8);
  });

  it('takes another range and cut-off from the settings', () => {
    expect(isCompulsoryAge('2005-08-31', '2020-09-01', { min: 6, max: 14 })).toBe(false);
    expect(isCompulsoryAge('2005-08-31', '2020-09-01', { min: 6, max: 15 })).toBe(true);
    expect(isCompulsoryAge('2014-10-20', '2020-10-20', { min: 6, max: 15, cutoff: '12-31' })).toBe(true);
    expect(isValidCutoff('08-31')).toBe(true);
    expect(isValidCutoff('02-29')).toBe(false);
    expect(isValidCutoff('09-31')).toBe(false);
    expect(isValidCutoff('8-31')).toBe(false);
  });

  it('birthWindow agrees with isCompulsoryAge for every birth date around the bounds', () => {
    const days = ['2020-09-01', '2020-02-29', '2021-02-28', '2021-03-01', '2019-12-31', '2020-08-31'];
    for (const range of [undefined, { min: 6, max: 15, cutoff: '02-28' }, { min: 7, max: 14 }])
      for (const asOf of days) {
        const w = birthWindow(asOf, range);
        for (let d = -6400; d <= -1500; d++) {
          const birth = addDays(asOf, d);
          const inWindow = birth > w.bornAfter && birth <= w.bornOnOrBefore;
          if (inWindow !== isCompulsoryAge(birth, asOf, range)) throw new Error(`${birth} on ${asOf}`);
        }
      }
  });
});
