import { describe, expect, it } from 'vitest';
import {
  countyCodeOf,
  countyStem,
  levelOfCode,
  townshipKind,
  townshipStem,
  urbanRuralOfPlace,
  urbanRuralOfTownship,
  villageDisplayName,
} from './divisions.ts';

describe('division codes', () => {
  it('tells the township kind from the code (001–099 街道, 100–199 镇, 200–399 乡)', () => {
    expect(townshipKind('350402001')).toBe('subdistrict');
    expect(townshipKind('350421100')).toBe('town');
    expect(townshipKind('350421201')).toBe('township');
    expect(townshipKind('350402500')).toBe('other');
    expect(townshipKind('350427400')).toBe('other');
    expect(townshipKind('350421100201')).toBe('town');
  });

  it('derives level and county', () => {
    expect(levelOfCode('3504')).toBe('city');
    expect(levelOfCode('350421')).toBe('county');
    expect(levelOfCode('350421100')).toBe('township');
    expect(levelOfCode('350421100201')).toBe('village');
    expect(levelOfCode('35042')).toBeNull();
    expect(countyCodeOf('350421100201')).toBe('350421');
    expect(countyCodeOf('3504')).toBeNull();
  });

  it('strips suffixes for loose name matching', () => {
    expect(townshipStem('雪峰镇')).toBe('雪峰');
    expect(townshipStem('列东街道')).toBe('列东');
    expect(townshipStem('中仙乡')).toBe('中仙');
    expect(countyStem('明溪县')).toBe('明溪');
    expect(countyStem('沙县')).toBe('沙县');
    expect(countyStem('沙县区')).toBe('沙县');
    expect(countyStem('永安市')).toBe('永安');
    expect(villageDisplayName('陈塘村民委员会')).toBe('陈塘村');
    expect(villageDisplayName('江滨社区居民委员会')).toBe('江滨社区');
    expect(villageDisplayName('新村村村委会')).toBe('新村村');
    expect(villageDisplayName('列东村村民委员会')).toBe('列东村');
    expect(villageDisplayName('新村村村民委员会')).toBe('新村村');
  });
});

describe('urban / rural class', () => {
  const place = (code: string, isCountySeat = false, isUrbanDistrict = false) => ({
    code,
    isCountySeat,
    isUrbanDistrict,
  });

  it('counts 街道 and the county-seat town as urban', () => {
    expect(urbanRuralOfTownship(place('350402001', false, true))).toBe('urban');
    expect(urbanRuralOfTownship(place('350481004'))).toBe('urban'); // any 街道
    expect(urbanRuralOfTownship(place('350421100', true))).toBe('urban'); // 雪峰镇
  });

  it('counts other 镇 as town and 乡 as rural', () => {
    expect(urbanRuralOfTownship(place('350421101'))).toBe('town');
    expect(urbanRuralOfTownship(place('350421201'))).toBe('rural');
    expect(urbanRuralOfTownship(place('350402500'))).toBe('town'); // 开发区
  });

  it('classes a school in a 村 as rural, one in a 社区 by its township', () => {
    expect(urbanRuralOfPlace(place('350421100', true), '城西村委会')).toBe('rural');
    expect(urbanRuralOfPlace(place('350421100', true), '城关社区居委会')).toBe('urban');
    expect(urbanRuralOfPlace(place('350421101'), null)).toBe('town');
  });
});
