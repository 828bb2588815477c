import { describe, expect, it } from 'vitest';
import { countyMoveProblem, namesakeNote, placeOrNameChange, type SchoolPlace } from './school-changes.ts';

const NAMES: Record<string, string> = {
  '350402': '梅列区',
  '350402001': '列东街道',
  '350421': '明溪县',
  '350421100': '雪峰镇',
  '350421201': '夏阳乡',
  '350421100201': '城东村',
  '350421100202': '城西村',
};
const name = (code: string) => NAMES[code] ?? code;

const LIEDONG: SchoolPlace = {
  code: '2135000004',
  name: '三明市列东中学',
  countyCode: '350402',
  townshipCode: '350402001',
};
const XUEFENG: SchoolPlace = {
  code: '2135030001',
  name: '明溪县实验小学',
  countyCode: '350421',
  townshipCode: '350421100',
};

describe('a school list row against the school stored under its code', () => {
  it('refuses a move to another county, naming the school the code belongs to', () => {
    const moved = { ...LIEDONG, name: '明溪县抢码中学', countyCode: '350421', townshipCode: '350421100' };
    expect(countyMoveProblem(LIEDONG, moved, name)).toBe(
      '学校标识码 2135000004 是梅列区“三明市列东中学”的代码，导入不能把它改到明溪县：请核对标识码是否填错（学校划转到另一县(市、区)不能通过导入完成）',
    );
    expect(countyMoveProblem(XUEFENG, { ...XUEFENG, townshipCode: '350421201' }, name)).toBeNull();
  });

  it('names a new name and a new township, and nothing else', () => {
    expect(
      placeOrNameChange(XUEFENG, { ...XUEFENG, name: '明溪县第一实验小学', townshipCode: '350421201' }, name),
    ).toEqual({
      message:
        '学校标识码 2135030001：名称由“明溪县实验小学”改为“明溪县第一实验小学”；乡(镇)由 雪峰镇 改为 夏阳乡',
      column: 'name',
    });
    expect(placeOrNameChange(XUEFENG, { ...XUEFENG, townshipCode: '350421201' }, name)).toEqual({
      message: '学校标识码 2135030001：乡(镇)由 雪峰镇 改为 夏阳乡',
      column: 'township',
    });
    expect(placeOrNameChange(XUEFENG, { ...XUEFENG }, name)).toBeNull();
  });

  it('names a village set, changed or dropped, and a row without one keeps the stored village', () => {
    const inVillage = { ...XUEFENG, villageCode: '350421100201' };
    expect(placeOrNameChange({ ...XUEFENG, villageCode: null }, inVillage, name)).toEqual({
      message: '学校标识码 2135030001：村(居)设为 城东村',
      column: 'village',
    });
    expect(placeOrNameChange(inVillage, { ...XUEFENG, villageCode: '350421100202' }, name)).toEqual({
      message: '学校标识码 2135030001：村(居)由 城东村 改为 城西村',
      column: 'village',
    });
    // No village on the row: the same township keeps it, another township drops it (and says so).
    expect(placeOrNameChange(inVillage, { ...XUEFENG }, name)).toBeNull();
    expect(placeOrNameChange(inVillage, { ...XUEFENG, townshipCode: '350421201' }, name)).toEqual({
      message: '学校标识码 2135030001：乡(镇)由 雪峰镇 改为 夏阳乡；不再属于村(居) 城东村',
      column: 'township',
    });
    expect(placeOrNameChange(inVillage, { ...inVillage }, name)).toBeNull();
  });

  it('names a new code whose name a school of the same county has, stored or on an earlier row', () => {
    const again = { ...XUEFENG, code: '2135039503', name: '明溪县 实验小学' };
    expect(namesakeNote(again, [XUEFENG])).toBe(
      '新增学校“明溪县 实验小学”与已有学校 2135030001“明溪县实验小学”同名：请核实是否为同一所学校、标识码是否填错',
    );
    expect(namesakeNote(again, [{ ...XUEFENG, row: 3 }])).toContain(
      '与第 3 行的学校 2135030001“明溪县实验小学”同名',
    );
    // Another county's namesake, or the school itself, is no twin.
    expect(namesakeNote(again, [{ ...XUEFENG, countyCode: '350402' }])).toBeNull();
    expect(namesakeNote(XUEFENG, [XUEFENG])).toBeNull();
    // Full-width brackets and letters are the same name; a rename onto another school's name is told too.
    const branch = { ...XUEFENG, code: '2135039504', name: '明溪县实验小学（分校）' };
    expect(
      namesakeNote(branch, [{ ...XUEFENG, code: '2135039505', name: '明溪县实验小学(分校)' }]),
    ).toContain('同名');
    expect(namesakeNote({ ...XUEFENG, code: '2135030005' }, [XUEFENG], true)).toBe(
      '学校标识码 2135030005 改名后与已有学校 2135030001“明溪县实验小学”同名：请核实名称或标识码是否填错',
    );
  });
});
