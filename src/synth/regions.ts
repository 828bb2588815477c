/**
 * Sanming division codes for synthetic data, read from the shared NBS tables
 * (`sanming-divisions-2020.csv` and `-2023.csv`: code,name,level,parent_code).
 *
 * In 2021 梅列区 350402 + 三元区 350403 became 三元区 350404 and 沙县 350427 became 沙县区 350405.
 * ID numbers keep the area code they were issued with, so a person living in 350404 who was born
 * before 2021 carries 350402 or 350403 in the ID — `idAreaCode` models that.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** Kind of a township-level unit, from its code (001–099 街道, 100–199 镇, 200–399 乡, others). */
export type TownshipKind = 'street' | 'town' | 'township' | 'other';

/** A village-level unit (村/社区) with a display name as it appears in exports (…村, …社区). */
export interface Village {
  code: string;
  name: string;
  fullName: string;
}

/** A township-level unit (乡/镇/街道) and its villages. */
export interface Township {
  code: string;
  name: string;
  kind: TownshipKind;
  countyCode: string;
  /** The county code IDs issued here before 2021 carry (differs from countyCode only for 350404/350405). */
  legacyCountyCode: string;
  villages: Village[];
}

/** A county-level unit (县/市/区). */
export interface County {
  code: string;
  name: string;
  /** Name without the trailing 县/区/市 (宁化县 → 宁化, 沙县区 → 沙县), used in school names. */
  shortName: string;
  townships: Township[];
  /** Relative population weight. */
  population: number;
  /** 省级扶贫开发重点县 (明溪, 清流, 宁化, 泰宁, 建宁 by default). */
  keyPovertyCounty: boolean;
}

/** The division tree of one year. */
export interface RegionSet {
  year: 2020 | 2023;
  counties: County[];
  countyByCode: Map<string, County>;
  townshipByCode: Map<string, Township>;
}

/** A county-level area outside Sanming, for migrants' IDs and 户籍所在地. */
export interface MigrantArea {
  code: string;
  place: string;
}

/** Area codes (county level) of other provinces and other Fujian cities, for migrants' IDs. */
export const MIGRANT_AREAS: readonly MigrantArea[] = [
  { code: '360781', place: '江西省赣州市瑞金市' },
  { code: '360730', place: '江西省赣州市宁都县' },
  { code: '360735', place: '江西省赣州市石城县' },
  { code: '361030', place: '江西省抚州市广昌县' },
  { code: '510722', place: '四川省绵阳市三台县' },
  { code: '430523', place: '湖南省邵阳市邵阳县' },
  { code: '450821', place: '广西壮族自治区贵港市平南县' },
  { code: '522427', place: '贵州省毕节市威宁彝族回族苗族自治县' },
  { code: '350128', place: '福建省福州市平潭县' },
  { code: '350583', place: '福建省泉州市南安市' },
  { code: '350721', place: '福建省南平市顺昌县' },
  { code: '350702', place: '福建省南平市延平区' },
];

/** Pre-2021 county codes that IDs keep after the 2021 merger. */
export const LEGACY_COUNTY_CODES: readonly string[] = ['350402', '350403', '350427'];

// Approximate resident population in 10 000s (2020 census order of magnitude).
const POPULATION: Record<string, number> = {
  '350402': 18,
  '350403': 20,
  '350404': 38,
  '350405': 27,
  '350421': 12,
  '350423': 15,
  '350424': 36,
  '350425': 38,
  '350426': 44,
  '350427': 27,
  '350428': 18,
  '350429': 13,
  '350430': 15,
  '350481': 35,
};
// A renamed township (梅列经济开发区 → 三元经济开发区) falls back to the main predecessor.
const LEGACY_FALLBACK: Record<string, string> = { '350404': '350402', '350405': '350427' };
const KEY_POVERTY_COUNTIES = new Set(['350421', '350423', '350424', '350429', '350430']);

/**
 * Directory holding the division CSVs: the copy in data-ref/, else `../shared/data` from the working directory, or the
 * same folder relative to this source file.
 */
export function defaultDataDir(): string {
  // The copy shipped in the repository (data-ref/) first, so a fresh clone works without shared/.
  const shipped = fileURLToPath(new URL('../../data-ref/', import.meta.url));
  if (existsSync(path.join(shipped, 'sanming-divisions-2020.csv'))) return shipped;
  const fromCwd = path.resolve(process.cwd(), '../shared/data');
  if (existsSync(path.join(fromCwd, 'sanming-divisions-2020.csv'))) return fromCwd;
  return fileURLToPath(new URL('../../../shared/data/', import.meta.url));
}

function townshipKind(code: string): TownshipKind {
  const n = Number(code.slice(6, 9));
  if (n < 100) return 'street';
  if (n < 200) return 'town';
  if (n < 400) return 'township';
  return 'other';
}

/** Short display name of a village committee: 陈塘村民委员会 → 陈塘村, 江滨社区居民委员会 → 江滨社区. */
export function villageDisplayName(name: string): string {
  return name.replace(/村民委员会$|村委会$/, '村').replace(/(社区)?(居民委员会|居委会)$/, '社区');
}

function shortCountyName(name: string): string {
  if (name === '沙县区') return '沙县';
  return name.length > 2 ? name.slice(0, -1) : name;
}

interface Row {
  code: string;
  name: string;
  level: string;
  parent_code: string;
}

function readRows(dataDir: string, year: 2020 | 2023): Row[] {
  const file = path.join(dataDir, `sanming-divisions-${year}.csv`);
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, bom: true }) as Row[];
}

function build(rows: Row[], year: 2020 | 2023, legacyByName: Map<string, string>): RegionSet {
  const counties: County[] = [];
  const countyByCode = new Map<string, County>();
  const townshipByCode = new Map<string, Township>();
  for (const r of rows) {
    if (r.level !== 'county') continue;
    const county: County = {
      code: r.code,
      name: r.name,
      shortName: shortCountyName(r.name),
      townships: [],
      population: POPULATION[r.code] ?? 15,
      keyPovertyCounty: KEY_POVERTY_COUNTIES.has(r.code),
    };
    counties.push(county);
    countyByCode.set(r.code, county);
  }
  for (const r of rows) {
    if (r.level !== 'township') continue;
    const county = countyByCode.get(r.parent_code);
    if (!county) continue;
    const t: Township = {
      code: r.code,
      name: r.name,
      kind: townshipKind(r.code),
      countyCode: county.code,
      legacyCountyCode:
        legacyByName.get(`${county.code}:${r.name}`) ?? LEGACY_FALLBACK[county.code] ?? county.code,
      villages: [],
    };
    county.townships.push(t);
    townshipByCode.set(r.code, t);
  }
  for (const r of rows) {
    if (r.level !== 'village') continue;
    const t = townshipByCode.get(r.parent_code);
    // 虚拟社区 of development zones hold no households of their own.
    if (t && !r.name.includes('虚拟社区'))
      t.villages.push({ code: r.code, name: villageDisplayName(r.name), fullName: r.name });
  }
  return { year, counties, countyByCode, townshipByCode };
}

const cache = new Map<string, RegionSet>();

/**
 * The Sanming division tree for 2020 (12 counties incl. 梅列区, 三元区, 沙县) or 2023 (11 counties:
 * 三元区 350404, 沙县区 350405). For 2023, each township of 350404/350405 records the pre-2021 county
 * code of the same-named 2020 township as `legacyCountyCode`. Cached per directory and year.
 */
export function loadRegions(year: 2020 | 2023, dataDir: string = defaultDataDir()): RegionSet {
  const key = `${dataDir}|${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const legacyByName = new Map<string, string>();
  if (year === 2023) {
    const merged: Record<string, string> = { '350402': '350404', '350403': '350404', '350427': '350405' };
    for (const r of readRows(dataDir, 2020)) {
      const newCounty = merged[r.parent_code];
      if (r.level === 'township' && newCounty) legacyByName.set(`${newCounty}:${r.name}`, r.parent_code);
    }
  }
  const set = build(readRows(dataDir, year), year, legacyByName);
  cache.set(key, set);
  return set;
}

/** The division year in force on a date (`YYYY-MM-DD`): 2020 codes before 2021, else 2023 codes. */
export function regionYearFor(asOf: string): 2020 | 2023 {
  return asOf < '2021-01-01' ? 2020 : 2023;
}

/**
 * County-level area code in the ID of someone registered in `township` and born in `birthYear`:
 * people born before 2021 in a merged county keep the old code (350402/350403/350427).
 */
export function idAreaCode(township: Township, birthYear: number): string {
  return birthYear < 2021 ? township.legacyCountyCode : township.countyCode;
}
