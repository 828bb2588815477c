import { describe, expect, it } from 'vitest';
import { idCheckChar } from '../identity/checksum.ts';
import {
  agreeingFields,
  anothersIdInstead,
  anothersIdKeptMessage,
  foreignPupilError,
  idCorrectedWarning,
  identityChangeWarning,
  idIsAnothers,
  isTransferInWarning,
  nameReadsAlike,
  ownId,
  type RowIdentity,
  type StoredIdentity,
  samePupil,
  transferHoldMessage,
  transferInWarning,
  unrelatedNames,
} from './roll-identity.ts';

const id = (first17: string): string => first17 + idCheckChar(first17)!;
const JIA = id('35042120080505309');
const OTHER = id('35042320100101622');
const stored: StoredIdentity = { idNumber: JIA, name: '测试甲', birthDate: '2008-05-05' };
const row = (over: Partial<RowIdentity>): RowIdentity => ({
  idRaw: '',
  idType: null,
  name: '测试甲',
  birthDate: null,
  ...over,
});

describe('samePupil: is a roll row the stored pupil whose 学籍号 it gives', () => {
  it('wants the same valid ID and the same name', () => {
    expect(samePupil(row({ idRaw: JIA }), stored)).toEqual({ same: true });
    // The pupil's own ID under another name is refused too: a row of another scope may not rename
    // the pupil (the new school types the name the pupil's 学籍 has; a rename comes after, in scope).
    expect(samePupil(row({ idRaw: JIA, name: '测试新' }), stored)).toEqual({ same: false, fields: ['姓名'] });
    expect(samePupil(row({ idRaw: JIA, name: '測試甲' }), stored)).toEqual({ same: true });
    // Another valid ID: another person, whatever the name.
    expect(samePupil(row({ idRaw: OTHER }), stored)).toEqual({ same: false, fields: ['身份证件号'] });
    expect(samePupil(row({ idRaw: OTHER, name: '冒名' }), stored)).toEqual({
      same: false,
      fields: ['身份证件号', '姓名'],
    });
    // The same ID spelt otherwise (quote, spaces, lower-case x) is the same ID.
    expect(samePupil(row({ idRaw: `'${JIA.slice(0, 6)} ${JIA.slice(6)}` }), stored)).toEqual({ same: true });
  });

  it('without an ID on the row, compares the name and the birth date', () => {
    expect(samePupil(row({}), stored)).toEqual({ same: true });
    expect(samePupil(row({ name: '假名甲' }), stored)).toEqual({ same: false, fields: ['姓名'] });
    expect(samePupil(row({ birthDate: '2008-05-06' }), stored)).toEqual({
      same: false,
      fields: ['出生日期'],
    });
    expect(samePupil(row({ name: '假名甲', birthDate: '2008-05-06' }), stored)).toEqual({
      same: false,
      fields: ['姓名', '出生日期'],
    });
    // Traditional and simplified characters, and stray spaces, are one name.
    expect(samePupil(row({ name: '測試 甲' }), stored)).toEqual({ same: true });
    // A homophone or one other character is another name: the importer types the roll's name.
    expect(samePupil(row({ name: '测试佳' }), stored).same).toBe(false);
  });

  it('takes the ID the 学籍号 gives back as no evidence: the name must still agree', () => {
    // (parseRollRow reads a blank cell's ID from a G + ID 学籍号; samePupil reads the cell itself.)
    expect(ownId({ idRaw: '', idType: null })).toBeNull();
    expect(samePupil(row({ name: '假名甲', birthDate: '2008-05-05' }), stored).same).toBe(false);
  });

  it('reads a damaged or mistyped copy of the stored ID as no ID, and any other as another person', () => {
    // Excel's copy (科学计数法, …000), a typo one digit or one swap away: the name decides.
    expect(samePupil(row({ idRaw: '3.50421E+17' }), stored)).toEqual({ same: true });
    expect(samePupil(row({ idRaw: `${JIA.slice(0, 15)}000` }), stored)).toEqual({ same: true });
    const typo = `${JIA.slice(0, 10)}${(Number(JIA[10]) + 1) % 10}${JIA.slice(11)}`;
    expect(samePupil(row({ idRaw: typo }), stored)).toEqual({ same: true });
    // The legible digits of another ID: another person even under the pupil's name.
    expect(samePupil(row({ idRaw: '3.50423E+17' }), stored)).toEqual({ same: false, fields: ['身份证件号'] });
    expect(
      samePupil(row({ idRaw: `${OTHER.slice(0, 17)}${OTHER[17] === '1' ? '2' : '1'}` }), stored),
    ).toEqual({
      same: false,
      fields: ['身份证件号'],
    });
    // A cell that would leave the pupil without their ID (and so split them from their person):
    // 无, a number cut short, digits Excel left too few of to be theirs. Only a blank cell may.
    for (const idRaw of ['无', JIA.slice(0, 12), '3.5E+17'])
      expect(samePupil(row({ idRaw }), stored)).toEqual({ same: false, fields: ['身份证件号'] });
  });

  it('compares name and birth date with a pupil stored without a valid ID', () => {
    const noId: StoredIdentity = { idNumber: null, name: '测试甲', birthDate: '2008-05-05' };
    expect(samePupil(row({ idRaw: JIA }), noId)).toEqual({ same: true });
    expect(samePupil(row({ idRaw: OTHER, name: '冒名' }), noId)).toEqual({ same: false, fields: ['姓名'] });
    // A passport on the row is no ID to compare with a pupil stored without one …
    const passport: StoredIdentity = { ...noId, idNumber: null };
    expect(samePupil(row({ idRaw: 'E12345678', idType: '护照' }), passport)).toEqual({ same: true });
    expect(ownId({ idRaw: JIA, idType: '护照' })).toBeNull();
    // … but in place of a stored 居民身份证 it would take the pupil's ID away.
    expect(samePupil(row({ idRaw: 'E12345678', idType: '护照' }), stored)).toEqual({
      same: false,
      fields: ['身份证件号'],
    });
  });
});

describe('the messages', () => {
  it('name row and column and quote IDs and 学籍号 masked', () => {
    const e = foreignPupilError(3, `G${JIA}`, ['姓名', '出生日期']);
    expect(e).toMatchObject({ row: 3, column: '学籍号', severity: 'error' });
    expect(e.message).toContain(
      `学籍号 G${JIA.slice(0, 6)}***********${JIA.slice(17)} 属于您管辖范围以外学校的学生`,
    );
    expect(e.message).not.toContain(JIA);
    expect(e.message).toContain('本行的姓名、出生日期与该学生不一致');
    const w = transferInWarning(4, '明溪县实验小学', false);
    expect(w).toMatchObject({ row: 4, column: '学籍号', severity: 'warning' });
    expect(w.message).toContain('原在明溪县实验小学（您管辖范围以外）');
    expect(isTransferInWarning(w.message)).toBe(true);
    expect(isTransferInWarning(e.message)).toBe(false);
    expect(transferInWarning(4, '明溪县实验小学', true).message).toContain('已记为离校');
    // The warning claims what the row gave and agreed, no more.
    expect(w.message).toContain('本行的姓名与其相符');
    expect(transferInWarning(4, '明溪县实验小学', false, ['姓名', '身份证件号']).message).toContain(
      '本行的姓名、身份证件号与其相符',
    );
    expect(agreeingFields(row({}), stored)).toEqual(['姓名']);
    expect(agreeingFields(row({ idRaw: JIA, birthDate: '2008-05-05' }), stored)).toEqual([
      '姓名',
      '身份证件号',
      '出生日期',
    ]);
    const c = idCorrectedWarning(5, JIA, OTHER);
    expect(c).toMatchObject({ row: 5, column: '身份证件号', severity: 'warning' });
    expect(c.message).not.toContain(JIA);
    expect(c.message).not.toContain(OTHER);
    expect(c.message).toContain(`${JIA.slice(0, 6)}***********${JIA.slice(17)}`);
    expect(c.message).toContain('转到新身份证号的人员档案');
    // The new ID is another person's and not linked: the message says the record has a file of its own.
    const apart = idCorrectedWarning(5, JIA, OTHER, true).message;
    expect(apart).toContain('按学籍号新建的人员档案');
    expect(apart).not.toContain('转到新身份证号的人员档案');
  });
});

describe('idIsAnothers: a roll row’s ID that cannot be the pupil’s', () => {
  it('is another person’s when its birth year is two or more from the row’s birth date', () => {
    const dad = id('35042119800101011');
    expect(idIsAnothers(dad, '2012-01-01')).toBe(true);
    expect(idIsAnothers(JIA, '2008-05-05')).toBe(false);
    // A typo of the date (a day, a month, a year off) is no other person.
    expect(idIsAnothers(JIA, '2009-05-05')).toBe(false);
    expect(idIsAnothers(JIA, '2010-05-05')).toBe(true);
    expect(idIsAnothers(JIA, null)).toBe(false);
    expect(idIsAnothers(null, '2008-05-05')).toBe(false);
  });
});

describe('nameReadsAlike', () => {
  it('takes one name, traditional and simplified, and homophones as alike; another name not', () => {
    expect(nameReadsAlike('李娜', '李娜')).toBe(true);
    expect(nameReadsAlike('陳國華', '陈国华')).toBe(true);
    expect(nameReadsAlike('李纳', '李娜')).toBe(true);
    expect(nameReadsAlike('王小明', '李娜')).toBe(false);
    expect(nameReadsAlike('李娟', '李娜')).toBe(false);
  });
});

describe('transferHoldMessage', () => {
  it('names each pupil still 在读 elsewhere by row, masked 学籍号 and school, and says both ways on', () => {
    const m = transferHoldMessage([
      { row: 7, studentNo: `G${JIA}`, school: '清流县实验小学' },
      { row: 3, studentNo: 'L2020001', school: '明溪县实验小学' },
    ]);
    expect(m).toContain(
      `第 3 行（学籍号 L2020001）目前在明溪县实验小学在读；第 7 行（学籍号 G${JIA.slice(0, 6)}***********${JIA.slice(17)}）目前在清流县实验小学在读`,
    );
    expect(m).not.toContain(JIA);
    expect(m).toContain('请点下方的确认按钮');
    expect(m).toContain('请删除这些行后重新导入');
    const many = transferHoldMessage(
      Array.from({ length: 7 }, (_, i) => ({ row: i + 2, studentNo: `L${i}`, school: '某校' })),
    );
    expect(many).toContain('第 6 行');
    expect(many).not.toContain('第 7 行');
    expect(many).toContain('等 7 名学生');
  });
});

describe('anothersIdInstead', () => {
  const PUPIL = id('35042120120606081');
  const PARENT = id('35042119850303093');
  const SIBLING = id('35042120110505097');
  it('keeps the stored ID against the row’s guardian’s ID or an ID born two years or more away', () => {
    expect(anothersIdInstead(SIBLING, PUPIL, ` ${SIBLING} `, '2012-06-06')).toBe('guardian');
    expect(anothersIdInstead(PARENT, PUPIL, null, '2012-06-06')).toBe('born');
    // A correction: one year off (a typo of the date more likely), or no birth date to tell.
    expect(anothersIdInstead(SIBLING, PUPIL, null, '2012-06-06')).toBeNull();
    expect(anothersIdInstead(PARENT, PUPIL, null, null)).toBeNull();
    // The stored ID is itself the guardian's, or an adult's: a change away from it may be the correction.
    expect(anothersIdInstead(PUPIL, SIBLING, SIBLING, '2012-06-06')).toBeNull();
    expect(anothersIdInstead(PARENT, id('35042119600101095'), null, '2012-06-06')).toBeNull();
    expect(anothersIdInstead(PUPIL, PUPIL, PUPIL, '2012-06-06')).toBeNull();
  });
  it('says why, masking the ID', () => {
    expect(anothersIdKeptMessage('born', PARENT, '2012-06-06')).toBe(
      `身份证件号 ${PARENT.slice(0, 6)}***********${PARENT.slice(17)} 中的出生日期（1985年）与本行的出生日期（2012-06-06）相差 27 年，不是该生本人的证件号（疑为家长或兄弟姐妹的）：沿用该学籍号原有的身份证号，请在学籍系统中改正`,
    );
    expect(anothersIdKeptMessage('guardian', SIBLING, '2012-06-06')).toContain(
      '与本行的监护人身份证件号相同',
    );
  });
});

describe('unrelatedNames (tester v20b F5)', () => {
  it('tells a wholly other name from a new one, a homophone or a spelling', () => {
    expect(unrelatedNames('林博俊', '大四四九八八九')).toBe(true);
    expect(unrelatedNames('赵倩萱', '王小明')).toBe(true);
    expect(unrelatedNames('林博俊', '林子豪')).toBe(false);
    expect(unrelatedNames('李娜', '理纳')).toBe(false);
    expect(unrelatedNames('陳麗萱', '陈丽萱')).toBe(false);
    expect(unrelatedNames('林博俊', '')).toBe(false);
  });
});

describe('identityChangeWarning: another name and another sex or birth date under one 学籍号 (tester t28f F2)', () => {
  const zhang = { name: '张恒锦', sex: 'M', birthDate: '2013-03-28' };
  it('warns when the name and the sex (or the birth date) both change', () => {
    expect(identityChangeWarning(5, zhang, { ...zhang, name: '张恒涵', sex: 'F' })).toEqual({
      row: 5,
      column: '学籍号',
      message:
        '姓名和性别都与该学籍号原有的学生不同（张恒锦，男 → 张恒涵，女）：已按本行导入，多半是另一名学生的学籍号填错了，请核对；如确是同一学生（更名并更正性别），可不理会',
      severity: 'warning',
    });
    expect(
      identityChangeWarning(5, zhang, { ...zhang, name: '张恒涵', birthDate: '2013-04-01' })?.message,
    ).toMatch(/^姓名和出生日期都与该学籍号原有的学生不同（张恒锦，2013-03-28 → 张恒涵，2013-04-01）/);
  });
  it('says nothing of a name changed alone, a sex or date changed alone, or one side unknown', () => {
    expect(identityChangeWarning(5, zhang, { ...zhang, name: '张恒涵' })).toBeNull();
    expect(identityChangeWarning(5, zhang, { ...zhang, sex: 'F' })).toBeNull();
    expect(
      identityChangeWarning(5, zhang, { ...zhang, name: '张恒涵', sex: null, birthDate: null }),
    ).toBeNull();
    // A name without a character in common is unrelatedNameWarning's.
    expect(identityChangeWarning(5, zhang, { name: '李娜', sex: 'F', birthDate: null })).toBeNull();
  });
});
