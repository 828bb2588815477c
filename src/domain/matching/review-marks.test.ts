import { describe, expect, it } from 'vitest';
import { hukouOutsideCounty, idBirthDateConflict } from './review-marks.ts';

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
