/**
 * The dropout forms' date rule (web DayInput.tsx dayRule) refuses what the API refuses (domain
 * dropout/dates.ts checkDay): both read a day with the domain's isIsoDate.
 */
import { describe, expect, it } from 'vitest';
import { checkDay } from '../src/domain/dropout/dates.ts';
import { dayRule } from '../web/src/pages/dropout/DayInput.tsx';

const t = (key: string) => key;

describe('the dropout forms’ date rule', () => {
  it('takes and refuses the days the API takes and refuses', async () => {
    const today = '2024-03-01';
    const limits = { today, notBefore: [['2020-01-10', '离校日期']] as const };
    const rule = dayRule(t as Parameters<typeof dayRule>[0], '劝返日期', limits);
    for (const v of [
      '2024-02-29',
      '2023-02-29',
      '2020-02-30',
      '2020-13-01',
      '2020-1-5',
      '2020-01-05',
      '2020-01-10',
      '2024-03-02',
      '２０２０-０１-１５',
      '2020-01-15 ',
      'abc',
    ]) {
      const api = checkDay('劝返日期', v, limits).ok;
      const form = await rule.validator(null, v).then(
        () => true,
        () => false,
      );
      expect(form, v).toBe(api);
    }
  });
});
