import { describe, expect, it } from 'vitest';
import {
  differingPositions,
  maskPersonalData,
  maskPersonalText,
  maskPhoneNumber,
  maskStudentNo,
  maskStudentNos,
} from './personal-mask.ts';

describe('maskPersonalData (DESIGN: ID numbers, phones and bank accounts masked by default)', () => {
  it('masks a value under a personal key, whatever it looks like', () => {
    const out = maskPersonalData({
      id_number_raw: '350421200301272393',
      guardian_id_number: '350421730331417', // an old 15-digit ID
      idNumber: '3.50421E+17', // what Excel left of one
      证件号码: '35042119790816628x',
      teacher_phone: '13812345678',
      bank_account: '6217001234567890123',
      name: '林锦斌',
    });
    expect(out).toEqual({
      id_number_raw: '350421***********3',
      guardian_id_number: '350421********7',
      idNumber: '3.5042*E+17',
      证件号码: '350421***********x',
      teacher_phone: '138****5678',
      bank_account: '621700*********0123',
      name: '林锦斌',
    });
  });

  it('masks ID- and mobile-shaped runs inside any other text', () => {
    expect(maskPersonalText('家长电话13812345678，身份证350421200301272393。')).toBe(
      '家长电话138****5678，身份证350421***********3。',
    );
    expect(maskPersonalText('旧号码 350421730331417 已升位')).toBe('旧号码 350421********7 已升位');
  });

  it('masks the ID inside a 学籍号 of the G + ID form, and leaves other record numbers alone', () => {
    const out = maskPersonalData({
      student_no: 'G350421200301272393', // 学籍号 = G + ID: shown whole, it would give the masked ID away
      studentNo: 'L2020001', // a temporary 学籍号: no ID in it
      学籍号: 'g35042120030127239x',
      person_no: '3504281062090001001', // 人编号: 19 digits
      household_no: '3504281062090001', // 户编号: 16 digits
      note: '见G350421200301272393，户编号3504281062090001',
    });
    expect(out).toEqual({
      student_no: 'G350421***********3',
      studentNo: 'L2020001',
      学籍号: 'g350421***********x',
      person_no: '3504281062090001001',
      household_no: '3504281062090001',
      note: '见G350421***********3，户编号3504281062090001',
    });
    // A 15-digit 人编号 has an old ID's shape; under its key it stays whole (tester v20a F9).
    expect(maskPersonalData({ personNo: '350423000010304', 户编号: '350423000010301' })).toEqual({
      personNo: '350423000010304',
      户编号: '350423000010301',
    });
    expect(maskStudentNo(' G350421200301272393 ')).toBe('G350421***********3');
    expect(maskStudentNo('G3504212003')).toBe('G3504212003');
    expect(maskStudentNo(null)).toBeNull();
  });

  it('masks a temporary L/J 学籍号 made of a valid ID, and leaves other L/J numbers whole', () => {
    // 350421200301272393 is a valid ID (checksum and birth date); the generator's L numbers are not.
    expect(maskStudentNo('L350421200301272393')).toBe('L350421***********3');
    expect(maskStudentNo('j350421200301272393')).toBe('j350421***********3');
    expect(maskStudentNo('L350426202015539740')).toBe('L350426202015539740');
    expect(maskStudentNo('L350421200301272394')).toBe('L350421200301272394');
    expect(maskPersonalText('见L350421200301272393；L350426202015539740')).toBe(
      '见L350421***********3；L350426202015539740',
    );
  });

  it('walks arrays and nested objects, keeps other types, and does not change its input', () => {
    const input = {
      change: 'moved',
      fields: { id_number_raw: '350421200301272393', boarding: true, grade: null },
      list: [{ phone: '0598-1234567' }, '350421200301272393', 3, false],
    };
    const copy = structuredClone(input);
    expect(maskPersonalData(input)).toEqual({
      change: 'moved',
      fields: { id_number_raw: '350421***********3', boarding: true, grade: null },
      list: [{ phone: '059*****4567' }, '350421***********3', 3, false],
    });
    expect(input).toEqual(copy);
    expect(maskPersonalData(null)).toBeNull();
    expect(maskPersonalData('')).toBe('');
    expect(maskPersonalData({ id_number: '' })).toEqual({ id_number: '' });
    // A count under such a key is not a personal number; an ID Excel turned into a number is.
    expect(maskPersonalData({ id_number_rows: 12, idNumber: 350421200301272400 })).toEqual({
      id_number_rows: 12,
      idNumber: '350421***********0',
    });
  });

  it('does not take an already masked field for an ID', () => {
    expect(maskPersonalData({ id_masked: '350421***********3' })).toEqual({
      id_masked: '350421***********3',
    });
  });

  it('masks a phone keeping its first three and last four', () => {
    expect(maskPhoneNumber('13812345678')).toBe('138****5678');
    expect(maskPhoneNumber('123456')).toBe('12****');
  });

  it('maskStudentNos masks 学籍号 keys only, at any depth, and copies only what it changes', () => {
    const at = new Date('2020-09-01T00:00:00Z');
    const untouched = { id: 1, id_number: '350421200301272393' };
    const input = {
      items: [{ student_no: 'G350421200301272393', name: '李娜', at }, untouched],
      total: 2,
    };
    const copy = structuredClone(input);
    const out = maskStudentNos(input);
    expect(out).toEqual({
      items: [{ student_no: 'G350421***********3', name: '李娜', at }, untouched],
      total: 2,
    });
    expect(out.items[1]).toBe(untouched);
    expect((out.items[0] as { at: Date }).at).toBe(at);
    expect(input).toEqual(copy);
    const plain = { items: [untouched] };
    expect(maskStudentNos(plain)).toBe(plain);
  });
});

describe('differingPositions (an ID corrected in a digit, said without the digits — tester v26b F8)', () => {
  it('names up to three places where numbers of one length differ', () => {
    expect(differingPositions('350421201003150011', '350421201003151011')).toBe('第15位不同');
    expect(differingPositions('350421201003150011', '350421201003510011')).toBe('第13、14位不同');
    expect(differingPositions('35042120100315001x', '35042120100315001X')).toBeNull();
    expect(differingPositions('350421201003150011', '3.50421E+17')).toBeNull();
    expect(differingPositions('350421201003150011', '110101199001011234')).toBeNull();
  });
});
