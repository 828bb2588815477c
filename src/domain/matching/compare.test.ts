/**
 * `comparePair` works out the ID and name levels on bytes and cached name facts, without
 * allocating; `compareIds` and `compareNames` (identity/) are the readable definitions. These tests
 * keep the two equal, level and detail, on every pair of a set of hostile IDs and names.
 */
import { describe, expect, it } from 'vitest';
import { compareIds } from '../identity/id-number.ts';
import { compareNames } from '../identity/name.ts';
import { comparePair, lostCharLevel, placeLevel, unpackPair } from './compare.ts';
import { makeId, person, student } from './fixtures.test-helpers.ts';
import { preparePerson, prepareStudent } from './prepare.ts';
import { buildRegistryIndex } from './registry-index.ts';
import {
  Detail,
  HouseLevel,
  IdLevel,
  NameLevel,
  type PreparedPerson,
  type PreparedStudent,
} from './types.ts';

const AS_OF = '2020-09-01';
const ID_DETAIL = Detail.PositionMask | Detail.Transposition;

/** The name level as defined by `compareNames` (traditional is settled in prepare, so it counts as different here). */
function nameReference(a: string, b: string): [NameLevel, number] {
  if (a === '' || b === '') return [NameLevel.Missing, 0];
  if (a === b) return [NameLevel.Exact, 0];
  if (a.length === b.length) {
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) diff++;
    // The shortcut comparePair takes for far-apart names of equal length — not for the same
    // characters in another order (tester v26c F2).
    const sameChars = [...a].sort().join('') === [...b].sort().join('');
    if (diff > 2 && !a.includes('\u00b7') && !sameChars)
      return [a.charCodeAt(0) === b.charCodeAt(0) ? NameLevel.SurnameOnly : NameLevel.Different, 0];
  }
  const c = compareNames(a, b);
  if (c.level === 'homophone') return [NameLevel.Homophone, 0];
  if (c.level === 'one_char') return [NameLevel.OneChar, 0];
  if (c.level === 'transposed') return [NameLevel.Homophone, Detail.NameTransposed];
  if (c.level === 'surname_only') return [NameLevel.SurnameOnly, 0];
  return [NameLevel.Different, 0];
}

/** The ID level of a row's ID column against a person's ID, as defined by `compareIds`. */
function idReference(s: PreparedStudent, p: PreparedPerson): [IdLevel, number] {
  if (p.id === null || s.id === null) return [IdLevel.Missing, 0];
  const id = s.id;
  const pid = p.id;
  const k = Math.min(s.idKnown, p.idKnown);
  // Equal only as issued: two numbers Excel cut short the same way share just their prefix.
  if (id === pid && k === 18) return [IdLevel.Equal, 0];
  if (k < 18) {
    if (k === 0) return [IdLevel.Missing, 0];
    if (id.slice(0, k) !== pid.slice(0, k)) return [IdLevel.Different, 0];
    return [k >= 14 ? IdLevel.Prefix : IdLevel.ShortPrefix, 0];
  }
  // A '…000' ending that passes its check is Excel's damage all the same, in either file.
  if ((id.endsWith('000') || pid.endsWith('000')) && id.slice(0, 15) === pid.slice(0, 15))
    return [IdLevel.Prefix, 0];
  const c = compareIds(id, pid);
  if (c.kind === 'one_digit') return [IdLevel.OneDigit, c.position];
  if (c.kind === 'transposition') return [IdLevel.OneDigit, c.position | Detail.Transposition];
  const bornOn = s.birthDate === null || id.slice(6, 14) === s.birthDate.replaceAll('-', '');
  return [s.idTrusted && bornOn && p.idTrusted ? IdLevel.Conflict : IdLevel.Different, 0];
}

const NAMES = [
  '李娜',
  '李纳',
  '李丽',
  '娜李',
  '张伟',
  '章伟',
  '张伟伟',
  '王芳',
  '王方',
  '王芳芳',
  '王小芳',
  '欧阳娜娜',
  '欧阳娜',
  '欧阳纳娜',
  '阿依古丽·买买提',
  '阿依古丽·买买',
  '陳明',
  '陈明',
  '劉德華',
  '刘德华',
  '单田芳',
  '单天芳',
  '𠮷明',
  '吉明',
  '赵子龙',
  '赵龙子',
  '龙子赵',
  '欣怡陈',
  '陈欣怡',
  '怡陈欣',
  '乾隆',
  '干隆',
  '',
];

function persons(names: readonly string[], ids: readonly string[]): PreparedPerson[] {
  // Each person a household of their own, so that no ID of the row is a household member's.
  return names.map((name, i) =>
    preparePerson(person({ householdNo: `H${i}`, name, idNumber: ids[i % ids.length]! }), AS_OF, []),
  );
}

describe('comparePair agrees with compareNames and compareIds', () => {
  it('gives every pair of hostile names the level and detail compareNames defines', () => {
    const ids = NAMES.map((_, i) => makeId('350424', '20100101', 100 + i));
    const reg = persons(NAMES, ids);
    const ix = buildRegistryIndex(reg, AS_OF);
    let checked = 0;
    for (const [r, name] of NAMES.entries()) {
      const s = prepareStudent(student({ name, idNumber: makeId('350425', '20110202', 300 + r) }), []);
      for (let pi = 0; pi < reg.length; pi++) {
        const got = unpackPair(comparePair(s, pi, ix));
        const [level, detail] = nameReference(s.name, reg[pi]!.name);
        expect([got.name, got.detail & Detail.NameTransposed], `${s.name} / ${reg[pi]!.name}`).toEqual([
          level,
          detail,
        ]);
        checked++;
      }
    }
    expect(checked).toBe(NAMES.length ** 2);
  });

  it('gives every pair of damaged and clean IDs the level and detail compareIds defines', () => {
    const base = makeId('350424', '20100315', 123);
    // Digits 8 and 9 ('1', '0') exchanged.
    const swapped = `${base.slice(0, 7)}${base[8]}${base[7]}${base.slice(9)}`;
    const cells = [
      base,
      base.toLowerCase(),
      `${base.slice(0, 8)}${(Number(base[8]) + 1) % 10}${base.slice(9)}`, // one digit (fails its check)
      swapped,
      `${base.slice(0, 15)}000`, // Excel's 末三位变为000
      `${base.slice(0, 14)}0000`,
      '3.50424E+17', // scientific notation
      makeId('350424', '20100315', 124), // a valid other ID
      makeId('350424', '20100316', 123),
      makeId('350424', '20100315', 0).replace(/.$/, '0'),
      `${base.slice(0, 17)}`, // a digit missing
      '',
    ];
    // Registry IDs: the same cells (a registry copy can be damaged too); '' becomes base.
    const reg = persons(
      cells.map(() => '李娜'),
      cells.map((c) => c || base),
    );
    const ix = buildRegistryIndex(reg, AS_OF);
    let checked = 0;
    let conflicts = 0;
    // The row's birth date as the ID gives it, and one no ID of the set carries (the ID column
    // holding somebody else's number): then no pair is a Conflict.
    for (const birthDate of [undefined, '2009-07-01']) {
      for (const cell of cells) {
        const raw = student({ name: '李娜', idNumber: cell });
        const s = prepareStudent(birthDate ? { ...raw, birthDate } : raw, []);
        for (let pi = 0; pi < reg.length; pi++) {
          const got = unpackPair(comparePair(s, pi, ix));
          const [level, detail] = idReference(s, reg[pi]!);
          expect([got.id, got.detail & ID_DETAIL], `${cell} (${s.birthDate}) / ${reg[pi]!.rawId}`).toEqual([
            level,
            detail,
          ]);
          if (got.id === IdLevel.Conflict) conflicts++;
          checked++;
        }
      }
    }
    expect(checked).toBe(2 * cells.length ** 2);
    expect(conflicts).toBeGreaterThan(0);
  });
});

describe('placeLevel: how far a 户籍所在地 agrees with the household (宁化县石壁镇红旗村)', () => {
  const p = preparePerson(
    person({ householdNo: 'H1', name: '李娜', idNumber: makeId('350424', '20120303', 42) }),
    AS_OF,
    [],
  );
  const level = (place: string) => placeLevel(place, p, '宁化县石壁镇红旗村');
  it('agrees to the village for the place itself, or one that ends with its township and village', () => {
    expect(level('宁化县石壁镇红旗村')).toBe(HouseLevel.Village);
    expect(level('石壁镇红旗村')).toBe(HouseLevel.Village);
  });
  it('agrees to the township for county and township, or a place without its county that starts with the township', () => {
    expect(level('宁化县石壁镇')).toBe(HouseLevel.Township);
    expect(level('石壁镇')).toBe(HouseLevel.Township);
    expect(level('石壁镇红旗村3组')).toBe(HouseLevel.Township);
    expect(level('石壁镇杨边村')).toBe(HouseLevel.Township);
  });
  it("agrees no further than a township for the village's name alone (many townships have a 红旗村)", () => {
    expect(level('红旗村')).toBe(HouseLevel.Township);
    expect(level('红旗村5号')).toBe(HouseLevel.Township);
  });
  it('names another township or county as different', () => {
    expect(level('安远镇红旗村')).toBe(HouseLevel.Different);
    expect(level('泰宁县城关镇')).toBe(HouseLevel.Different);
    expect(level('宁化县翠江镇')).toBe(HouseLevel.County);
    expect(level('宁化县')).toBe(HouseLevel.County);
  });
  it('agrees to the village for a village written with or without its committee suffix (tester v27a F1)', () => {
    expect(level('宁化县石壁镇红旗村村委会')).toBe(HouseLevel.Village);
    const at = (village: string) =>
      preparePerson(
        person({
          householdNo: 'H8',
          name: '林超进',
          idNumber: makeId('350402', '20100315', 24),
          county: '梅列区',
          township: '陈大镇',
          village,
        }),
        AS_OF,
        [],
      );
    const long = at('碧溪村村民委员会');
    expect(placeLevel('梅列区陈大镇碧溪村', long, '梅列区陈大镇碧溪村村民委员会')).toBe(HouseLevel.Village);
    expect(placeLevel('三元区陈大镇碧溪村', long, '梅列区陈大镇碧溪村村民委员会')).toBe(HouseLevel.Village);
    expect(placeLevel('陈大镇碧溪村委会', long, '梅列区陈大镇碧溪村村民委员会')).toBe(HouseLevel.Village);
    const short = at('碧溪村');
    expect(placeLevel('梅列区陈大镇碧溪村村民委员会', short, '梅列区陈大镇碧溪村')).toBe(HouseLevel.Village);
    const community = at('江滨社区居民委员会');
    expect(placeLevel('梅列区陈大镇江滨社区', community, '梅列区陈大镇江滨社区居民委员会')).toBe(
      HouseLevel.Village,
    );
    // Another village of the township stays the township.
    expect(placeLevel('梅列区陈大镇瑞云村', long, '梅列区陈大镇碧溪村村民委员会')).toBe(HouseLevel.Township);
  });
  it('reads the names of places renamed in 2021 as their 2020 names, both ways (tester v26c F7)', () => {
    const at = (county: string, township: string, village: string) =>
      preparePerson(
        person({
          householdNo: 'H9',
          name: '陈思琪',
          idNumber: makeId('350402', '20120303', 42),
          county,
          township,
          village,
        }),
        AS_OF,
        [],
      );
    const meilie = at('梅列区', '列东街道', '东安社区');
    const house = '梅列区列东街道东安社区';
    expect(placeLevel('三元区列东街道东安社区', meilie, house)).toBe(HouseLevel.Village);
    expect(placeLevel('三元区列东街道', meilie, house)).toBe(HouseLevel.Township);
    expect(placeLevel('三元区', meilie, house)).toBe(HouseLevel.County);
    expect(placeLevel('三元区城关街道', meilie, house)).toBe(HouseLevel.County);
    const sha = at('沙县', '凤岗街道', '西门社区');
    expect(placeLevel('沙县区凤岗街道', sha, '沙县凤岗街道西门社区')).toBe(HouseLevel.Township);
    const newer = at('沙县区', '凤岗街道', '西门社区');
    expect(placeLevel('沙县凤岗街道', newer, '沙县区凤岗街道西门社区')).toBe(HouseLevel.Township);
    const zx = at('尤溪县', '中仙乡', '中仙村委会');
    expect(placeLevel('尤溪县中仙镇', zx, '尤溪县中仙乡中仙村委会')).toBe(HouseLevel.Township);
    // A development zone renamed with its county (verifier v27c F1).
    const zone = at('沙县', '金沙园开发区', '');
    expect(placeLevel('沙县区三明高新技术产业开发区', zone, '沙县金沙园开发区')).toBe(HouseLevel.Village);
    const meilieZone = at('梅列区', '福建梅列经济开发区', '梅列经济开发区虚拟社区');
    expect(
      placeLevel('三元区福建三元经济开发区', meilieZone, '梅列区福建梅列经济开发区梅列经济开发区虚拟社区'),
    ).toBe(HouseLevel.Township);
    // Another county stays another county.
    expect(placeLevel('沙县区凤岗街道', meilie, house)).toBe(HouseLevel.Different);
  });
});

describe('lostCharLevel: a name with "?" for a character its file lost (tester t28a F2)', () => {
  it('lets each "?" stand for one character or a dot (as near as a homophone: verifier t28c N1), never for a whole other name', () => {
    expect(lostCharLevel('古丽娜?艾尼瓦尔', '古丽娜·艾尼瓦尔')).toBe(NameLevel.Homophone);
    expect(lostCharLevel('古丽娜?艾尼瓦尔', '古丽娜艾尼瓦尔')).toBe(NameLevel.Homophone);
    expect(lostCharLevel('李?明', '李䶮明')).toBe(NameLevel.Homophone);
    expect(lostCharLevel('王𠇔', '王?')).toBe(NameLevel.Homophone);
    expect(lostCharLevel('李?明', '李小红')).toBe(NameLevel.SurnameOnly);
    expect(lostCharLevel('?小明', '张小红')).toBe(NameLevel.Different);
    expect(lostCharLevel('李?明', '王小明')).toBe(NameLevel.Different);
  });
});
