import { describe, expect, it } from 'vitest';
import { buildPlaceIndex, type PlaceRow, resolvePlace, resolveVillage } from './place-resolver.ts';

const row = (code: string, name: string, level: PlaceRow['level'], parentCode: string, current = true) => ({
  code,
  name,
  level,
  parentCode,
  current,
});

// A slice of the 2020 tree and the 2023 codes after the 2021 merger.
const rows: PlaceRow[] = [
  row('350402', '梅列区', 'county', '3504'),
  row('350403', '三元区', 'county', '3504'),
  row('350421', '明溪县', 'county', '3504'),
  row('350427', '沙县', 'county', '3504'),
  row('350402001', '列东街道', 'township', '350402'),
  row('350402100', '陈大镇', 'township', '350402'),
  row('350403001', '城关街道', 'township', '350403'),
  row('350421100', '雪峰镇', 'township', '350421'),
  row('350421200', '夏坊乡', 'township', '350421'),
  row('350421100001', '城东居委会', 'village', '350421100'),
  row('350421100005', '中山居委会', 'village', '350421100'),
  row('350421100201', '城东村委会', 'village', '350421100'),
  row('350421100202', '旦上村委会', 'village', '350421100'),
  row('350421100203', '长溪村村民委员会', 'village', '350421100'),
  row('350427101', '青州镇', 'township', '350427'),
  row('350404', '三元区', 'county', '3504', false),
  row('350405', '沙县区', 'county', '3504', false),
  row('350404100', '陈大镇', 'township', '350404', false),
];
const idx = buildPlaceIndex(rows, [
  { oldCode: '350402', newCode: '350404' },
  { oldCode: '350403', newCode: '350404' },
  { oldCode: '350427', newCode: '350405' },
  { oldCode: '350402100', newCode: '350404100' },
]);

describe('resolvePlace', () => {
  it('finds county and township by full or short name', () => {
    expect(resolvePlace(idx, '明溪县', '雪峰镇')).toEqual({
      ok: true,
      countyCode: '350421',
      townshipCode: '350421100',
    });
    expect(resolvePlace(idx, '明溪', '夏坊')).toMatchObject({ ok: true, townshipCode: '350421200' });
    expect(resolvePlace(idx, '福建省三明市明溪县', ' 雪峰镇 ')).toMatchObject({ ok: true });
    expect(resolvePlace(idx, '350421', '350421200')).toMatchObject({ ok: true, townshipCode: '350421200' });
  });

  it('maps post-2021 names back to the tree in use', () => {
    expect(resolvePlace(idx, '沙县区', '青州镇')).toMatchObject({ ok: true, countyCode: '350427' });
    // 三元区 is ambiguous: the township decides between 梅列区 and the old 三元区.
    expect(resolvePlace(idx, '三元区', '陈大镇')).toMatchObject({ ok: true, countyCode: '350402' });
    expect(resolvePlace(idx, '三元区', '城关街道')).toMatchObject({ ok: true, countyCode: '350403' });
    expect(resolvePlace(idx, '梅列区', '列东街道')).toMatchObject({ ok: true, countyCode: '350402' });
    expect(resolvePlace(idx, '三元区', '350404100')).toMatchObject({ ok: true, townshipCode: '350402100' });
  });

  it('explains what it cannot find', () => {
    expect(resolvePlace(idx, '福州', '雪峰镇')).toEqual({
      ok: false,
      field: 'county',
      reason: '未知的县(市、区)“福州”',
    });
    expect(resolvePlace(idx, '明溪县', '青州镇')).toEqual({
      ok: false,
      field: 'township',
      reason: '明溪县没有名为“青州镇”的乡镇',
    });
    expect(resolvePlace(idx, '明溪县', '')).toMatchObject({ ok: false, field: 'township' });
  });
});

describe('resolveVillage', () => {
  const at = (text: string) => resolveVillage(idx, '350421100', '雪峰镇', text);
  it('takes the full name, the short one, the code, and says 村 or 社区 where the stem is shared', () => {
    expect(at('旦上村委会')).toEqual({ ok: true, code: '350421100202' });
    expect(at('旦上村')).toEqual({ ok: true, code: '350421100202' });
    expect(at('旦上')).toEqual({ ok: true, code: '350421100202' });
    expect(at('350421100202')).toEqual({ ok: true, code: '350421100202' });
    expect(at('中山社区')).toEqual({ ok: true, code: '350421100005' });
    expect(at('城东村')).toEqual({ ok: true, code: '350421100201' });
    expect(at('城东社区')).toEqual({ ok: true, code: '350421100001' });
    expect(at(' 城东村民委员会 ')).toEqual({ ok: true, code: '350421100201' });
  });

  it('takes the short name of a village the list names with 村 before 村民委员会 (verifier v17c C8)', () => {
    for (const text of ['长溪村', '长溪', '长溪村委会', '长溪村村民委员会'])
      expect(at(text), text).toEqual({ ok: true, code: '350421100203' });
  });

  it('names the choices of an ambiguous name, and a village the township does not have', () => {
    expect(at('城东')).toEqual({
      ok: false,
      reason: '雪峰镇有 城东居委会、城东村委会，“城东”指哪一个？请写全名',
    });
    expect(at('青州村')).toEqual({ ok: false, reason: '雪峰镇没有名为“青州村”的村(居)' });
  });
});
