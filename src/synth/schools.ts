/**
 * Synthetic schools for the Sanming division tree and the stage/grade a child is in by age.
 * School codes (学校标识码) are 10 digits, `2135` + county index + a sequence from 5001: synthetic,
 * but shaped like the national codes, and never one of the demo schools' codes (whose sequences start
 * at 1), so a generated roll can be imported next to the demo data (see write.ts, schools.csv).
 */

import type { Rng } from './random.ts';
import type { County, RegionSet, Township } from './regions.ts';

/** 学段 as written in the roll. */
export type StageLabel = '学前' | '小学' | '初中' | '普通高中' | '中职';

/** A school. `townshipCode` is null for county- and city-level schools. */
export interface School {
  code: string;
  name: string;
  stage: StageLabel;
  countyCode: string;
  townshipCode: string | null;
  rural: boolean;
  /** Number of classes per grade (for 班级). */
  classes: number;
}

/** Schools indexed for quick choice by county/township and stage. */
export interface SchoolIndex {
  all: School[];
  byTownship: Map<string, School[]>;
  byCounty: Map<string, School[]>;
  city: Map<StageLabel, School[]>;
}

const key = (place: string, stage: StageLabel): string => `${place}|${stage}`;

/** School sequences start after it (four digits), clear of the demo schools' (demo-schools.ts). */
const SEQ_BASE = 5000;

function add(index: SchoolIndex, map: Map<string, School[]>, k: string, school: School): void {
  index.all.push(school);
  const list = map.get(k);
  if (list) list.push(school);
  else map.set(k, [school]);
}

/**
 * Build the schools of every county: per township a 中心幼儿园, a 中心小学, up to `villageSchools`
 * 村小 and (in 镇/乡) a 中学; per county a 实验幼儿园, 实验小学, 实验中学, 第一中学, 第二中学 and a
 * 职业中专学校; and a handful of city schools (三明第一中学 …) in the city district.
 */
export function buildSchools(regions: RegionSet, villageSchools: number): SchoolIndex {
  const index: SchoolIndex = { all: [], byTownship: new Map(), byCounty: new Map(), city: new Map() };
  regions.counties.forEach((county: County, ci: number) => {
    let seq = 0;
    const code = (): string => `2135${String(ci + 1).padStart(2, '0')}${SEQ_BASE + ++seq}`;
    const countySchool = (name: string, stage: StageLabel, classes: number): void =>
      add(index, index.byCounty, key(county.code, stage), {
        code: code(),
        name: `${county.shortName}${name}`,
        stage,
        countyCode: county.code,
        townshipCode: null,
        rural: false,
        classes,
      });
    countySchool('实验幼儿园', '学前', 6);
    countySchool('实验小学', '小学', 8);
    countySchool('实验中学', '初中', 10);
    countySchool('第一中学', '普通高中', 12);
    countySchool('第二中学', '普通高中', 8);
    countySchool('职业中专学校', '中职', 8);
    for (const t of county.townships) {
      if (t.kind === 'other') continue;
      const rural = t.kind !== 'street';
      const base = t.name.replace(/(街道|镇|乡)$/, '');
      const local = (name: string, stage: StageLabel, classes: number): void =>
        add(index, index.byTownship, key(t.code, stage), {
          code: code(),
          name,
          stage,
          countyCode: county.code,
          townshipCode: t.code,
          rural,
          classes,
        });
      local(`${county.shortName}${t.name}中心幼儿园`, '学前', 3);
      local(`${county.shortName}${t.name}中心小学`, '小学', rural ? 3 : 6);
      if (rural) {
        local(`${county.shortName}${base}中学`, '初中', 4);
        for (const v of t.villages.slice(0, villageSchools)) {
          local(`${county.shortName}${t.name}${v.name.replace(/(村|社区)$/, '')}小学`, '小学', 1);
        }
      }
    }
  });
  const cityCounty = regions.countyByCode.get('350403') ?? regions.countyByCode.get('350404');
  if (cityCounty) {
    let seq = 0;
    const city = (name: string, stage: StageLabel, classes: number): void => {
      const school: School = {
        code: `213500${SEQ_BASE + ++seq}`,
        name,
        stage,
        countyCode: cityCounty.code,
        townshipCode: null,
        rural: false,
        classes,
      };
      index.all.push(school);
      const list = index.city.get(stage) ?? [];
      list.push(school);
      index.city.set(stage, list);
    };
    city('三明市实验小学', '小学', 8);
    city('三明市列东中学', '初中', 10);
    city('三明第一中学', '普通高中', 14);
    city('三明第二中学', '普通高中', 12);
    city('三明市农业学校', '中职', 8);
    city('三明市高级技工学校', '中职', 6);
  }
  return index;
}

/**
 * Choose a school for a child living in `township` at `stage`: mostly a local or county school,
 * sometimes a city school (`cityShare`) or a school of another county (`otherCountyShare`).
 */
export function chooseSchool(
  rng: Rng,
  index: SchoolIndex,
  regions: RegionSet,
  township: Township,
  stage: StageLabel,
  otherCountyShare = 0.03,
): School {
  let countyCode = township.countyCode;
  let t: Township | null = township;
  if (rng.chance(otherCountyShare)) {
    countyCode = rng.pick(regions.counties).code;
    t = null;
  }
  const city = index.city.get(stage);
  if (city && rng.chance(stage === '普通高中' || stage === '中职' ? 0.1 : 0.02)) return rng.pick(city);
  const local = t ? index.byTownship.get(key(t.code, stage)) : undefined;
  const county = index.byCounty.get(key(countyCode, stage));
  const localShare = stage === '学前' || stage === '小学' ? 0.8 : stage === '初中' ? 0.7 : 0;
  if (local && local.length > 0 && rng.chance(localShare)) return rng.pick(local);
  if (county && county.length > 0) return rng.pick(county);
  return rng.pick(index.all.filter((s) => s.stage === stage));
}

const PRE = ['小班', '中班', '大班'];
const PRIMARY = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];
const JUNIOR = ['七年级', '八年级', '九年级'];
const SENIOR = ['高一', '高二', '高三'];
const VOC = ['一年级', '二年级', '三年级'];

/** Stage and grade of an enrolled child of `age` (full years on the roll date). */
export interface Placement {
  stage: StageLabel;
  grade: string;
}

/**
 * Stage by age on the roll date: 3–5 学前, 6–11 小学, 12–14 初中, 15–17 普通高中 (about 62 %) or 中职;
 * some 15-year-olds are still in 九年级 and 18-year-olds are in the last year (repeaters).
 * Returns null outside 3–18.
 */
export function placementFor(rng: Rng, age: number): Placement | null {
  if (age >= 3 && age <= 5) return { stage: '学前', grade: PRE[age - 3]! };
  if (age >= 6 && age <= 11) return { stage: '小学', grade: PRIMARY[age - 6]! };
  if (age >= 12 && age <= 14) return { stage: '初中', grade: JUNIOR[age - 12]! };
  if (age === 15 && rng.chance(0.25)) return { stage: '初中', grade: '九年级' };
  if (age >= 15 && age <= 18) {
    const year = Math.min(age - 15, 2);
    return rng.chance(0.62)
      ? { stage: '普通高中', grade: SENIOR[year]! }
      : { stage: '中职', grade: VOC[year]! };
  }
  return null;
}

/** Registry 在校生状况 wording for a roll stage. */
export function registrySchoolStatus(stage: StageLabel): string {
  return stage === '学前' ? '学前教育' : stage === '普通高中' ? '高中' : stage;
}
