import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../identity/checksum.ts';
import {
  enrolledElsewhereHint,
  enrolledElsewhereHints,
  type OutOfSchoolChild,
  type OutsidePupil,
  plausiblyEnrolledElsewhere,
} from './enrolled-elsewhere.ts';

/** A valid ID of this area, birth date and sequence. */
function id(area: string, born: string, seq: string): string {
  const first17 = `${area}${born.replaceAll('-', '')}${seq}`;
  return first17 + idCheckChar(first17)!;
}

const BORN = '2012-03-15';
const CHILD_ID = id('350421', BORN, '021');

const child = (over: Partial<OutOfSchoolChild> = {}): OutOfSchoolChild => ({
  personNo: 'P0001',
  name: '林小梅',
  birthDate: null,
  idNumber: CHILD_ID,
  countyCode: '350421',
  ...over,
});

let seq = 0;
const pupil = (over: Partial<OutsidePupil> = {}): OutsidePupil => {
  seq += 1;
  return {
    studentNo: `L2019${String(seq).padStart(8, '0')}`,
    name: '林小梅',
    birthDate: BORN,
    idNumber: null,
    countyCode: '350481',
    countyName: '永安市',
    schoolName: '永安市实验小学',
    confirmedPersonNo: null,
    ...over,
  };
};

describe('enrolled elsewhere (疑似在外县就读)', () => {
  it('names the school and the 学籍号 of a namesake born the same day with no ID', () => {
    const p = pupil({ studentNo: 'L201900000077' });
    expect(enrolledElsewhereHint(child(), [p])).toBe(
      '疑似在外县就读：永安市实验小学有同名同出生日期的在读学生（学籍号 L201900000077），请与该校核实',
    );
    // The county is named before a school whose name does not begin with it.
    expect(enrolledElsewhereHint(child(), [pupil({ studentNo: 'L1', schoolName: '贡川中心小学' })])).toBe(
      '疑似在外县就读：永安市 贡川中心小学有同名同出生日期的在读学生（学籍号 L1），请与该校核实',
    );
  });

  it('takes the child’s birth date from the registry when the child has no valid ID', () => {
    const c = child({ idNumber: '3.50421E+17', birthDate: BORN });
    expect(enrolledElsewhereHint(c, [pupil()])).toMatch(/^疑似在外县就读：/);
    // No birth date at all: nothing to compare, no hint.
    expect(enrolledElsewhereHint(child({ idNumber: null, birthDate: null }), [pupil()])).toBeNull();
  });

  it('takes the pupil’s birth date from their valid ID when the roll gives none', () => {
    expect(enrolledElsewhereHint(child(), [pupil({ birthDate: null, idNumber: CHILD_ID })])).not.toBeNull();
    // Neither a 出生日期 nor a valid ID (an Excel-damaged one): no birth date, no hint.
    expect(enrolledElsewhereHint(child(), [pupil({ birthDate: null, idNumber: '3.50421E+17' })])).toBeNull();
  });

  it('reads traditional characters, spaces and middle dots as the name’s normalisation does', () => {
    expect(enrolledElsewhereHint(child({ name: '陈小梅' }), [pupil({ name: '陳小梅' })])).not.toBeNull();
    expect(enrolledElsewhereHint(child({ name: '陈小梅' }), [pupil({ name: '陈 小梅' })])).not.toBeNull();
    expect(
      enrolledElsewhereHint(child({ name: '阿依古丽·买买提' }), [pupil({ name: '阿依古丽.买买提' })]),
    ).not.toBeNull();
  });

  it('gives no hint for a pupil with another valid ID: that is another child', () => {
    const other = id('350481', BORN, '035');
    expect(enrolledElsewhereHint(child(), [pupil({ idNumber: other })])).toBeNull();
    // The ID inside a 学籍号 of the G + ID form counts as the pupil's when the roll has none.
    expect(enrolledElsewhereHint(child(), [pupil({ studentNo: `G${other}` })])).toBeNull();
    // The same ID is the child.
    expect(enrolledElsewhereHint(child(), [pupil({ idNumber: CHILD_ID })])).not.toBeNull();
    // A child without a valid ID cannot be told apart by the pupil's ID: the date decides.
    const c = child({ idNumber: null, birthDate: BORN });
    expect(enrolledElsewhereHint(c, [pupil({ idNumber: other })])).not.toBeNull();
  });

  it('gives no hint for another birth date', () => {
    expect(enrolledElsewhereHint(child(), [pupil({ birthDate: '2012-03-16' })])).toBeNull();
    // The roll's own 出生日期 outranks the pupil's ID.
    expect(
      enrolledElsewhereHint(child(), [pupil({ birthDate: '2011-03-15', idNumber: CHILD_ID })]),
    ).toBeNull();
  });

  it('gives no hint for a homophone alone, nor for a pupil a run confirmed as another registry person', () => {
    // 林晓梅 reads as 林小梅 (lín xiǎo méi): not the same name.
    expect(enrolledElsewhereHint(child(), [pupil({ name: '林晓梅' })])).toBeNull();
    expect(enrolledElsewhereHint(child(), [pupil({ confirmedPersonNo: 'P0999' })])).toBeNull();
    expect(enrolledElsewhereHint(child(), [pupil({ confirmedPersonNo: 'P0001' })])).not.toBeNull();
  });

  it('masks a 学籍号 of the G + ID form as lists mask it', () => {
    const pid = id('350481', '2010-01-02', '043');
    const hint = enrolledElsewhereHint(child({ idNumber: null, birthDate: BORN }), [
      pupil({ studentNo: `G${pid}` }),
    ]);
    expect(hint).toContain(`学籍号 G350481***********${pid.slice(-1)}`);
    expect(hint).not.toContain(pid);
  });

  it('names several schools, at most three, then counts them (等N处)', () => {
    const schools = ['大田县第一小学', '沙县实验小学', '尤溪县城关小学', '宁化县实验小学', '将乐县实验小学'];
    const pupils = schools.map((schoolName, i) =>
      pupil({ schoolName, studentNo: `L20190000010${i}`, countyCode: `35042${i}`, countyName: `县${i}` }),
    );
    const two = enrolledElsewhereHint(child({ countyCode: '350400' }), pupils.slice(0, 2));
    expect(two).toBe(
      '疑似在外县就读：县0 大田县第一小学（学籍号 L201900000100）、县1 沙县实验小学（学籍号 L201900000101）有同名同出生日期的在读学生，请与相关学校核实',
    );
    const five = enrolledElsewhereHint(child({ countyCode: '350400' }), pupils)!;
    expect(five).toMatch(
      /^疑似在外县就读：县0 .*、县1 .*、县2 尤溪县城关小学（学籍号 L201900000102）等5处有同名/,
    );
    expect(five).not.toContain('宁化县');
  });

  it('says 其他学校 when a namesake studies in the child’s own county (a township’s run)', () => {
    expect(enrolledElsewhereHint(child(), [pupil({ countyCode: '350421', countyName: '明溪县' })])).toMatch(
      /^疑似在其他学校就读：明溪县 /,
    );
  });

  it('finds, for many children, each one’s namesakes only', () => {
    const pupils = [pupil(), pupil({ name: '王强', birthDate: '2013-05-05' })];
    const hints = enrolledElsewhereHints(
      [
        child(),
        child({ personNo: 'P0002', name: '王强', idNumber: null, birthDate: '2013-05-05' }),
        child({ personNo: 'P0003', name: '张三' }),
      ],
      pupils,
    );
    expect([...hints.keys()]).toEqual(['P0001', 'P0002']);
    expect(plausiblyEnrolledElsewhere(child(), pupils)).toEqual([pupils[0]]);
  });
});
