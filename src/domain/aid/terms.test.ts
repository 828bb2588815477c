import { describe, expect, it } from 'vitest';
import { parseTerm, termOn, termsToOffer } from './terms.ts';

describe('terms', () => {
  it('termOn: 秋季学期 September–January, 春季学期 February–August', () => {
    expect(termOn('2021-10-08').code).toBe('2021-autumn');
    expect(termOn('2022-01-10').code).toBe('2021-autumn');
    expect(termOn('2022-02-15').code).toBe('2022-spring');
    expect(termOn('2022-08-31').code).toBe('2022-spring');
    expect(termOn('2022-09-01').code).toBe('2022-autumn');
  });

  it('termsToOffer: from 2020 to today’s term, newest first, and later years that already have a policy', () => {
    const codes = (today: string, years: number[]) => termsToOffer(today, years).map((t) => t.code);
    expect(codes('2020-10-01', [2020])).toEqual(['2020-autumn', '2020-spring']);
    // The second year: 2021's terms are offered although only 2020 has a policy (a run says what is missing).
    expect(codes('2021-10-08', [2020])).toEqual(['2021-autumn', '2021-spring', '2020-autumn', '2020-spring']);
    expect(codes('2021-03-01', [2020])).toEqual(['2021-spring', '2020-autumn', '2020-spring']);
    // A 2022 policy prepared in advance.
    expect(codes('2021-10-08', [2020, 2022])[0]).toBe('2022-autumn');
    for (const t of termsToOffer('2021-10-08', [2020])) expect(parseTerm(t.code).ok).toBe(true);
  });
});
