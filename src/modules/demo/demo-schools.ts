import type { Stage } from '../../db/types.ts';
import {
  isVillageCommittee,
  townshipKind,
  townshipStem,
  urbanRuralOfPlace,
  villageDisplayName,
} from '../../domain/regions/divisions.ts';
import type { SchoolFields } from '../schools/schools.service.ts';

/**
 * The demo school list for Sanming: every county and every one of the 148 townships gets
 * schools named the way the bureau's lists name them. Deterministic (a hash of the division
 * code stands in for chance), so every demo database has the same codes.
 */

/** A current region row as the planner needs it. */
export interface PlanRegion {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  is_county_seat: boolean;
  is_urban_district: boolean;
}

/** A planned school; `role` tags the schools the demo accounts are attached to. */
export interface PlannedSchool extends SchoolFields {
  role?: 'county_experimental_primary' | 'seat_central_primary';
}

/** FNV-1a of a string → [0, 1): stable "chance" without a random generator. */
export function stableFraction(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 0x100000000;
}

const PRIVATE_KINDERGARTENS = [
  '启明',
  '阳光',
  '童心',
  '金贝贝',
  '小太阳',
  '育才',
  '蓝天',
  '春蕾',
  '新星',
  '博雅',
  '七彩',
  '晨曦',
];
const CITY_DISTRICTS = new Set(['350402', '350403']);

/**
 * The 学校类别码 a demo school's 标识码 starts with (school-fields.ts SCHOOL_CATEGORY_CODES): 51 a
 * special school, 36 a vocational one, 34 one with a senior stage, 31 a junior middle school, 21 a
 * school with primary grades (a nine-year school too), 11 a kindergarten.
 */
function categoryCode(name: string, stages: readonly Stage[]): string {
  if (name.includes('特殊教育')) return '51';
  if (stages.includes('vocational')) return '36';
  if (stages.includes('senior')) return '34';
  if (stages.includes('primary')) return '21';
  if (stages.includes('junior')) return '31';
  return '11';
}

/** Plans the demo schools from the current division rows (2020 tree). */
export function planDemoSchools(regions: PlanRegion[]): PlannedSchool[] {
  const byParent = new Map<string, PlanRegion[]>();
  for (const r of regions) {
    if (!r.parent_code) continue;
    const list = byParent.get(r.parent_code) ?? [];
    list.push(r);
    byParent.set(r.parent_code, list);
  }
  for (const list of byParent.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const counties = regions.filter((r) => r.level === 'county').sort((a, b) => a.code.localeCompare(b.code));
  const townshipOf = new Map(regions.filter((r) => r.level === 'township').map((t) => [t.code, t]));
  const regionByCode = new Map(regions.map((r) => [r.code, r]));
  const out: PlannedSchool[] = [];

  const make = (
    /** The last eight digits of the 学校标识码: Fujian's 35 and a number; the category goes in front. */
    number: string,
    name: string,
    placeCode: string,
    stages: Stage[],
    extra: Partial<PlannedSchool> = {},
  ): PlannedSchool => {
    const code = `${categoryCode(name, stages)}${number}`;
    const township = townshipOf.get(placeCode.slice(0, 9))!;
    const village = placeCode.length === 12 ? regionByCode.get(placeCode)?.name : null;
    return {
      code,
      name,
      county_code: placeCode.slice(0, 6),
      township_code: township.code,
      region_code: placeCode,
      stages,
      ownership: 'public',
      boarding: false,
      kind: 'regular',
      urban_rural: urbanRuralOfPlace(
        {
          code: township.code,
          isCountySeat: township.is_county_seat,
          isUrbanDistrict: township.is_urban_district,
        },
        village,
      ),
      urban_rural_manual: false,
      ...extra,
    };
  };

  counties.forEach((county, ci) => {
    let seq = 0;
    const nextCode = () => `35${String(ci + 1).padStart(2, '0')}${String(++seq).padStart(4, '0')}`;
    const townships = byParent.get(county.code) ?? [];
    const seat =
      townships.find((t) => t.is_county_seat) ??
      townships.find((t) => townshipKind(t.code) === 'subdistrict') ??
      townships[0]!;
    const cn = county.name;
    // County-level schools sit in the county seat (城关).
    out.push(
      make(nextCode(), `${cn}实验小学`, seat.code, ['primary'], { role: 'county_experimental_primary' }),
    );
    out.push(make(nextCode(), `${cn}实验幼儿园`, seat.code, ['preschool']));
    out.push(
      make(
        nextCode(),
        `${cn}${PRIVATE_KINDERGARTENS[ci % PRIVATE_KINDERGARTENS.length]}幼儿园`,
        seat.code,
        ['preschool'],
        {
          ownership: 'private',
        },
      ),
    );
    if (!CITY_DISTRICTS.has(county.code)) {
      out.push(make(nextCode(), `${cn}第一中学`, seat.code, ['junior', 'senior'], { boarding: true }));
      out.push(make(nextCode(), `${cn}第二中学`, seat.code, ['senior'], { boarding: true }));
      out.push(make(nextCode(), `${cn}实验中学`, seat.code, ['junior']));
      out.push(make(nextCode(), `${cn}职业中专学校`, seat.code, ['vocational'], { boarding: true }));
    }
    for (const t of townships) {
      const kind = townshipKind(t.code);
      const stem = townshipStem(t.name);
      const chance = stableFraction(t.code);
      if (kind === 'other') {
        // Development zones: one nine-year school for the workers' children.
        out.push(make(nextCode(), `${cn}${t.name.replace(/^福建/, '')}学校`, t.code, ['primary', 'junior']));
        continue;
      }
      if (kind === 'subdistrict') {
        out.push(make(nextCode(), `${cn}${stem}小学`, t.code, ['primary']));
        out.push(make(nextCode(), `${cn}${stem}幼儿园`, t.code, ['preschool']));
        continue;
      }
      const rural = kind === 'township';
      out.push(
        make(nextCode(), `${cn}${t.name}中心小学`, t.code, ['primary'], {
          boarding: rural,
          ...(t === seat ? { role: 'seat_central_primary' as const } : {}),
        }),
      );
      out.push(make(nextCode(), `${cn}${t.name}中心幼儿园`, t.code, ['preschool']));
      // Every 镇 has a junior middle school; most 乡 too (the smallest send pupils to town).
      if (kind === 'town' || chance < 0.7) {
        // The seat's school is the 城关中学; a 城关乡 elsewhere keeps its full name to stay distinct.
        const name =
          t === seat ? `${cn}城关中学` : stem === '城关' ? `${cn}${t.name}中学` : `${cn}${stem}中学`;
        out.push(make(nextCode(), name, t.code, ['junior'], { boarding: t !== seat }));
      }
      const villages = (byParent.get(t.code) ?? [])
        .filter((v) => isVillageCommittee(v.name))
        .sort((a, b) => stableFraction(a.code) - stableFraction(b.code));
      const villageSchools = 1 + Math.floor(chance * 3); // 1–3 村小 per township
      const teachingPoints = chance < 0.4 ? 1 : 0;
      villages.slice(0, villageSchools).forEach((v) => {
        out.push(
          make(nextCode(), `${cn}${stem}${villageDisplayName(v.name)}小学`, v.code, ['primary'], {
            kind: 'village_school',
          }),
        );
      });
      villages.slice(villageSchools, villageSchools + teachingPoints).forEach((v) => {
        out.push(
          make(nextCode(), `${cn}${stem}${villageDisplayName(v.name)}教学点`, v.code, ['primary'], {
            kind: 'teaching_point',
          }),
        );
      });
    }
  });

  // Municipal schools of the city bureau, in the central districts' sub-districts.
  let citySeq = 0;
  const cityCode = () => `3500${String(++citySeq).padStart(4, '0')}`;
  const city: Array<[string, string, Stage[], Partial<PlannedSchool>]> = [
    ['三明第一中学', '350403001', ['senior'], { boarding: true }],
    ['三明第二中学', '350402002', ['junior', 'senior'], { boarding: true }],
    ['三明市第八中学', '350403002', ['junior', 'senior'], {}],
    ['三明市列东中学', '350402001', ['junior'], {}],
    ['三明市实验小学', '350402001', ['primary'], {}],
    ['三明市实验幼儿园', '350402003', ['preschool'], {}],
    ['三明市农业学校', '350403002', ['vocational'], { boarding: true }],
    ['三明市特殊教育学校', '350403004', ['primary', 'junior'], { boarding: true }],
  ];
  for (const [name, place, stages, extra] of city) {
    if (townshipOf.has(place)) out.push(make(cityCode(), name, place, stages, extra));
  }
  return out;
}
