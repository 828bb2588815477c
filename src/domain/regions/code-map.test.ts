import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  buildCodeMap,
  type DivisionRow,
  placeInCurrentNames,
  placeSpellings,
  RENAMED_PLACES,
} from './code-map.ts';

const read = (file: string): DivisionRow[] =>
  parse(readFileSync(new URL(`../../../data-ref/${file}`, import.meta.url)), { columns: true });

describe('places renamed since 2021', () => {
  it('lists every county or township of the 2020 tree that continues under another name', () => {
    const old = read('sanming-divisions-2020.csv');
    const now = read('sanming-divisions-2023.csv');
    const name = (rows: DivisionRow[], code: string) => rows.find((r) => r.code === code)?.name;
    const renamed = new Set<string>();
    for (const m of buildCodeMap(old, now)) {
      const before = name(old, m.old_code);
      const after = name(now, m.new_code);
      const level = old.find((r) => r.code === m.old_code)?.level;
      if ((level === 'county' || level === 'township') && before && after && before !== after)
        renamed.add(`${before}→${after}`);
    }
    expect([...renamed].sort()).toEqual(RENAMED_PLACES.map(([a, b]) => `${a}→${b}`).sort());
  });

  it('writes a place with the current names, whichever year it was written in', () => {
    expect(placeInCurrentNames('梅列区列东街道')).toBe('三元区列东街道');
    expect(placeInCurrentNames('三元区列东街道')).toBe('三元区列东街道');
    expect(placeInCurrentNames('沙县凤岗街道西门社区')).toBe('沙县区凤岗街道西门社区');
    expect(placeInCurrentNames('沙县区凤岗街道')).toBe('沙县区凤岗街道');
    expect(placeInCurrentNames('沙县')).toBe('沙县区');
    expect(placeInCurrentNames('尤溪县中仙乡中仙村')).toBe('尤溪县中仙镇中仙村');
    expect(placeInCurrentNames('宁化县石壁镇红旗村')).toBe('宁化县石壁镇红旗村');
  });
});

describe('placeSpellings', () => {
  it('gives a place in both years’ names when it names a renamed one', () => {
    expect(placeSpellings('梅列区列东街道东安社区')).toEqual([
      '梅列区列东街道东安社区',
      '三元区列东街道东安社区',
    ]);
    expect(placeSpellings('三元区列东街道')).toEqual(['三元区列东街道', '梅列区列东街道']);
    expect(placeSpellings('沙县凤岗街道')).toEqual(['沙县凤岗街道', '沙县区凤岗街道']);
    expect(placeSpellings('沙县区凤岗街道')).toEqual(['沙县区凤岗街道', '沙县凤岗街道']);
    expect(placeSpellings('宁化县石壁镇红旗村')).toEqual(['宁化县石壁镇红旗村']);
    // A county and a development zone renamed together (verifier v27c F1): both wholly in one year's names.
    expect(placeSpellings('沙县金沙园开发区')).toEqual(['沙县金沙园开发区', '沙县区三明高新技术产业开发区']);
    expect(placeSpellings('沙县区三明高新技术产业开发区')).toEqual([
      '沙县区三明高新技术产业开发区',
      '沙县金沙园开发区',
    ]);
  });
});
