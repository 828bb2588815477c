import { describe, expect, it } from 'vitest';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import { parsePersonQuery } from './person-query.ts';

describe('parsePersonQuery: a 学籍号 as lists show it finds the pupil again', () => {
  it('reads a masked G + ID and a masked L/J number made of an ID as a 学籍号 pattern', () => {
    for (const no of ['G350421200301272393', 'L350421200301272393', 'J350421200301272393']) {
      const shown = maskStudentNo(no);
      expect(shown).not.toBe(no);
      expect(parsePersonQuery(shown)).toEqual({
        kind: 'studentNo',
        op: 'like',
        value: `${no.slice(0, 7)}___________${no.slice(-1)}`,
      });
    }
    // A list saved before the mask kept less (six, eight stars, four) is searched as it shows.
    expect(parsePersonQuery('G350421********2393')).toEqual({
      kind: 'studentNo',
      op: 'like',
      value: 'G350421________2393',
    });
  });
});
