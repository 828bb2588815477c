import { describe, expect, it } from 'vitest';
import {
  isSchoolCode,
  looksLikeFormula,
  normaliseSchoolCode,
  parseOwnership,
  parseSchoolKind,
  parseStages,
  parseUrbanRural,
  parseYesNo,
  schoolCodeDoubt,
  schoolNameKey,
} from './school-fields.ts';

describe('parseStages', () => {
  it('maps the single labels of the bureau files', () => {
    expect(parseStages('小学')).toEqual(['primary']);
    expect(parseStages('初中')).toEqual(['junior']);
    expect(parseStages('初级中学')).toEqual(['junior']);
    expect(parseStages('高中')).toEqual(['senior']);
    expect(parseStages('普通高中')).toEqual(['senior']);
    expect(parseStages('幼儿园')).toEqual(['preschool']);
    expect(parseStages('学前')).toEqual(['preschool']);
    expect(parseStages('中职')).toEqual(['vocational']);
    expect(parseStages('职业高中')).toEqual(['vocational']);
    expect(parseStages('中等职业学校')).toEqual(['vocational']);
  });

  it('expands the combined schools', () => {
    expect(parseStages('九年一贯制')).toEqual(['primary', 'junior']);
    expect(parseStages('九年一贯制学校')).toEqual(['primary', 'junior']);
    expect(parseStages('完全中学')).toEqual(['junior', 'senior']);
    expect(parseStages('十二年一贯制')).toEqual(['primary', 'junior', 'senior']);
    expect(parseStages('特殊教育')).toEqual(['primary', 'junior']);
  });

  it('accepts lists in any order and separator, sorted and unique', () => {
    expect(parseStages('初中、小学')).toEqual(['primary', 'junior']);
    expect(parseStages('小学, 初中/初中')).toEqual(['primary', 'junior']);
    expect(parseStages(' 幼儿园+小学 ')).toEqual(['preschool', 'primary']);
  });

  it('rejects what it does not know', () => {
    expect(parseStages('')).toBeNull();
    expect(parseStages('大专班')).toBeNull();
    expect(parseStages('小学、夜校')).toBeNull();
  });
});

describe('other school fields', () => {
  it('parses 办学类型', () => {
    expect(parseOwnership('公办')).toBe('public');
    expect(parseOwnership(' 民办 ')).toBe('private');
    expect(parseOwnership('合办')).toBeNull();
  });

  it('parses 学校类型', () => {
    expect(parseSchoolKind('')).toBe('regular');
    expect(parseSchoolKind('完全小学')).toBe('regular');
    expect(parseSchoolKind('村小')).toBe('village_school');
    expect(parseSchoolKind('教学点')).toBe('teaching_point');
    expect(parseSchoolKind('分校区')).toBeNull();
  });

  it('parses 城乡类型 words and NBS codes', () => {
    expect(parseUrbanRural('城区')).toBe('urban');
    expect(parseUrbanRural('镇区')).toBe('town');
    expect(parseUrbanRural('乡村')).toBe('rural');
    expect(parseUrbanRural('111')).toBe('urban');
    expect(parseUrbanRural('122')).toBe('town');
    expect(parseUrbanRural('220')).toBe('rural');
    expect(parseUrbanRural('郊区')).toBeNull();
    // 城镇 is 城区 and 镇区 together: which one is not said.
    expect(parseUrbanRural('城镇')).toBeNull();
  });

  it('parses 是/否', () => {
    expect(parseYesNo('是')).toBe(true);
    expect(parseYesNo('否')).toBe(false);
    expect(parseYesNo('Y')).toBe(true);
    expect(parseYesNo('也许')).toBeNull();
  });

  it('cleans and checks school codes, keeping leading zeros', () => {
    expect(normaliseSchoolCode(" '０１３５０１２３４５ ")).toBe('0135012345');
    expect(isSchoolCode('0135012345')).toBe(true);
    expect(isSchoolCode('213501234')).toBe(false);
    expect(isSchoolCode('21350123X5')).toBe(false);
  });

  it('doubts a code whose category (digits 1–2) or province (3–4, Fujian 35) is none the Ministry gives', () => {
    for (const ok of ['1135012345', '2135030001', '3135000123', '3435000001', '3635001234', '5135000001'])
      expect(schoolCodeDoubt(ok)).toBeNull();
    expect(schoolCodeDoubt('0000000000')).toBe(
      '学校标识码 0000000000 的前两位 00 不是学校类别码（如 11 幼儿园、21 小学、31 初中、34 高中、36 中职、51 特殊教育），请核对是否填错',
    );
    expect(schoolCodeDoubt('2335030001')).toContain('前两位 23 不是学校类别码');
    expect(schoolCodeDoubt('2136030001')).toBe(
      '学校标识码 2136030001 的第3–4位 36 不是福建省的代码 35，请核对是否填错',
    );
    // Not a code at all: isSchoolCode's refusal says so, not this doubt.
    expect(schoolCodeDoubt('21350')).toBeNull();
  });

  it('spots formula-looking text', () => {
    for (const s of ['=1+1', '+86', '-2', '@SUM(A1)', ' =HYPERLINK("x")'])
      expect(looksLikeFormula(s)).toBe(true);
    expect(looksLikeFormula('明溪县实验小学')).toBe(false);
  });
});

describe('schoolNameKey', () => {
  it('gives one key to a school name written with other brackets, spaces or the province/city prefix', () => {
    const key = schoolNameKey('梅列区列东中学(初中部)');
    for (const n of [
      '三明市梅列区列东中学（初中部）',
      '福建省三明市梅列区 列东中学（初中部）',
      '梅列区列东中学（初中部） ',
    ])
      expect(schoolNameKey(n), n).toBe(key);
    expect(schoolNameKey('梅列区列东中学')).not.toBe(key);
    expect(schoolNameKey('三元区列东中学(初中部)')).not.toBe(key);
  });
});
