import { describe, expect, it } from 'vitest';
import { rollChangeLines } from './roll-change-lines.ts';
import type { RollChange, RollSnapshot } from './roll-diff.ts';

const snap = (school: string, fields: Record<string, string | boolean | null>): RollSnapshot => ({
  studentNo: String(fields.student_no),
  schoolCode: school,
  status: 'enrolled',
  fields,
});
const wang = {
  student_no: 'G350421201103220225',
  name: '王丽',
  id_number_raw: '350421201103220225',
  sex: 'F',
  grade: '四年级',
  stage: 'primary',
  boarding: false,
};
const NAMES: Record<string, string> = { A: '明溪县实验小学', B: '雪峰镇中心小学' };

describe('rollChangeLines: every pupil a roll changed, for the report (tester t28b F1)', () => {
  it('names each change, in the file order, the pupils left at the end; numbers masked, a corrected digit located', () => {
    const changes: RollChange[] = [
      { kind: 'left', studentNo: 'L1', before: snap('A', { student_no: 'L1', name: '吴婷' }) },
      {
        kind: 'updated',
        studentNo: wang.student_no,
        before: snap('A', wang),
        after: snap('A', { ...wang, id_number_raw: '350421201103229225', grade: '五年级', boarding: true }),
        changed: ['id_number_raw', 'grade', 'boarding'],
      },
      { kind: 'new', studentNo: 'L3', after: snap('A', { student_no: 'L3', name: '郑新' }) },
      {
        kind: 'returned',
        studentNo: 'L4',
        before: { ...snap('B', { student_no: 'L4', name: '刘洋', stage: 'primary' }), status: 'left' },
        after: snap('A', { student_no: 'L4', name: '刘洋', stage: 'junior' }),
      },
    ];
    const rows: Record<string, number> = { [wang.student_no]: 3, L3: 5, L4: 4 };
    const lines = rollChangeLines(
      changes,
      (no) => rows[no],
      (code) => NAMES[code] ?? code,
    );
    expect(lines).toEqual([
      {
        change: '信息变更',
        row: 3,
        name: '王丽',
        studentNo: 'G350421***********5',
        school: '明溪县实验小学',
        detail:
          '身份证件号：350421***********5 → 350421***********5（第15位不同）；年级：四年级 → 五年级；是否寄宿：否 → 是',
      },
      {
        change: '复学',
        row: 4,
        name: '刘洋',
        studentNo: 'L4',
        school: '明溪县实验小学',
        detail: '离校后（雪峰镇中心小学）回到学校：明溪县实验小学；学段：小学 → 初中',
      },
      {
        change: '新入学籍',
        row: 5,
        name: '郑新',
        studentNo: 'L3',
        school: '明溪县实验小学',
        detail: '新列入明溪县实验小学学籍',
      },
      {
        change: '离校',
        row: null,
        name: '吴婷',
        studentNo: 'L1',
        school: '明溪县实验小学',
        detail: '不在本次导入的名册中，记为离校',
      },
    ]);
  });
});
