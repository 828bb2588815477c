import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../identity/checksum.ts';
import { guardianOutsideHousehold, hukouOutsideCounty, idBirthDateConflict } from './review-marks.ts';

describe('review marks', () => {
  it('gives the ID’s birth date when the row’s 出生日期 contradicts it', () => {
    // 陈毅煜's case: 出生日期 2003-07-30, ID born 2004-07-30.
    expect(idBirthDateConflict(null, '350427200407302116', '2003-07-30')).toBe('2004-07-30');
    expect(idBirthDateConflict('350427200407302116', '3.50427E+17', '2004-07-30')).toBeNull();
    // Digits Excel lost: no birth date to compare.
    expect(idBirthDateConflict(null, '3.50427E+17', '2003-07-30')).toBeNull();
    expect(idBirthDateConflict(null, '350427200407302116', null)).toBeNull();
  });

  it('marks a 户籍所在地 in another county than the registry’s, allowing 沙县/沙县区', () => {
    expect(hukouOutsideCounty('福建省三明市沙县凤岗街道', '宁化县')).toBe(true);
    expect(hukouOutsideCounty('福建省三明市沙县凤岗街道', '沙县区')).toBe(false);
    expect(hukouOutsideCounty('三明市 三元区 城关街道', '三元区')).toBe(false);
    expect(hukouOutsideCounty('', '宁化县')).toBe(false);
    expect(hukouOutsideCounty('福建省三明市沙县', null)).toBe(false);
  });
});

describe('guardianOutsideHousehold', () => {
  const id = (first17: string) => first17 + idCheckChar(first17)!;
  const head = id('35042319800101123');
  const other = id('35042319790101123');
  const members = [
    { name: '赖平鑫', idNumber: head },
    { name: '王秀英', idNumber: null },
    { name: '赖英晓', idNumber: id('35042320100303123') },
  ];
  it('marks a guardian who is none of the household (tester v20a F7)', () => {
    expect(guardianOutsideHousehold('赖刚鹏', '', members)).toBe(true);
    expect(guardianOutsideHousehold('', other, members)).toBe(true);
  });
  it('takes a member by name (spaces, traditional characters) or by ID, and says nothing without a guardian', () => {
    expect(guardianOutsideHousehold('王 秀英', null, members)).toBe(false);
    expect(guardianOutsideHousehold('賴平鑫', null, members)).toBe(false);
    expect(guardianOutsideHousehold('赖父', head, members)).toBe(false);
    expect(guardianOutsideHousehold('', '', members)).toBe(false);
    expect(guardianOutsideHousehold(null, null, members)).toBe(false);
  });
});
