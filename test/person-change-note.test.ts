/**
 * A roll change of a personal number, as a person file shows it: masked both sides, and — when the
 * masks read alike (one digit corrected) — where it changed (tester v26b F8).
 */
import { describe, expect, it } from 'vitest';
import { makeId } from '../src/domain/matching/fixtures.test-helpers.ts';
import { showChange } from '../src/modules/persons/persons.queries.ts';

describe('showChange of an ID corrected in one digit', () => {
  it('masks both numbers and says which digit changed, no digit shown', () => {
    // The 11th digit mistyped (the number then fails its check), corrected by the next roll: the
    // masks, which keep the area and the check character, read alike.
    const right = makeId('350421', '20120315', 117);
    const wrong = `${right.slice(0, 10)}${right[10] === '1' ? '2' : '1'}${right.slice(11)}`;
    const snap = (id: string, guardian: string) => ({
      studentNo: 'L1',
      schoolCode: 'S1',
      status: 'enrolled' as const,
      fields: { id_number_raw: id, guardian_id_number: guardian, grade: '三年级' },
    });
    const g = makeId('350421', '19850101', 11);
    const c = showChange({
      student_no: 'L1',
      kind: 'updated',
      at: new Date(),
      before: snap(wrong, g),
      after: snap(right, g),
    });
    expect(c.fields).toEqual([
      {
        field: 'id_number_raw',
        before: `350421***********${wrong[17]}`,
        after: `350421***********${right[17]}`,
        note: '第11位不同',
      },
    ]);
    expect(JSON.stringify(c)).not.toContain(right.slice(6, 17));
  });
});
