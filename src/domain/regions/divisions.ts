/**
 * Pure rules about Sanming's division codes (POLICY.md "Identifiers and reference data").
 * No I/O: the reference tables are loaded by src/modules/regions.
 */

/** Township-level unit kind by code: 001–099 街道, 100–199 镇, 200–399 乡, others (开发区, 工业区 …). */
export type TownshipKind = 'subdistrict' | 'town' | 'township' | 'other';

/** 城区 / 镇区 / 乡村, the three classes the bureau's statistics use. */
export type UrbanRural = 'urban' | 'town' | 'rural';

/** Division level implied by the code length (NBS: 4 city, 6 county, 9 township, 12 village). */
export type DivisionLevel = 'city' | 'county' | 'township' | 'village';

/** The level a division code denotes, or null when its length is not one of 4/6/9/12. */
export function levelOfCode(code: string): DivisionLevel | null {
  if (!/^\d+$/.test(code)) return null;
  switch (code.length) {
    case 4:
      return 'city';
    case 6:
      return 'county';
    case 9:
      return 'township';
    case 12:
      return 'village';
    default:
      return null;
  }
}

/** The county code (first 6 digits) of a county, township or village code; null for the city. */
export function countyCodeOf(code: string): string | null {
  return code.length >= 6 ? code.slice(0, 6) : null;
}

/** The township code (first 9 digits) of a township or village code. */
export function townshipCodeOf(code: string): string | null {
  return code.length >= 9 ? code.slice(0, 9) : null;
}

/** Kind of a township-level unit from digits 7–9 of its code. */
export function townshipKind(code: string): TownshipKind {
  const n = Number(code.slice(6, 9));
  if (!Number.isInteger(n) || code.length < 9) return 'other';
  if (n >= 1 && n <= 99) return 'subdistrict';
  if (n >= 100 && n <= 199) return 'town';
  if (n >= 200 && n <= 399) return 'township';
  return 'other';
}

/** Township facts that decide the urban/rural class. */
export interface TownshipPlace {
  code: string;
  /** 县级政府所在镇 (from sanming-county-seats-2020.csv). */
  isCountySeat: boolean;
  /** Marked as an urban sub-district in the county-seats table. */
  isUrbanDistrict: boolean;
}

/**
 * Urban/rural class of a township: 街道 and the county-seat town are 城区 ('urban', GLOSSARY
 * 县级政府所在镇: "with 街道 it counts as urban"); any other 镇 is 镇区 ('town'); 乡 is 'rural'.
 * Development zones (开发区, codes ≥ 400) sit at the edge of a city or town: treated as 'town'.
 */
export function urbanRuralOfTownship(t: TownshipPlace): UrbanRural {
  const kind = townshipKind(t.code);
  if (kind === 'subdistrict' || t.isUrbanDistrict || t.isCountySeat) return 'urban';
  if (kind === 'town' || kind === 'other') return 'town';
  return 'rural';
}

/** True for a village-level name that is a 村 (villagers' committee) rather than a 社区/居委会. */
export function isVillageCommittee(name: string): boolean {
  return /村(民)?委员会$|村委会$|村$/.test(name) && !/社区|居委会|居民委员会/.test(name);
}

/**
 * Urban/rural class of a place: a school sited in a 村 (not a 社区) is rural whatever its
 * township, since the NBS classes a 村庄 as rural even inside a county-seat town; elsewhere
 * the township decides.
 */
export function urbanRuralOfPlace(township: TownshipPlace, villageName?: string | null): UrbanRural {
  if (villageName && isVillageCommittee(villageName)) return 'rural';
  return urbanRuralOfTownship(township);
}

/** Short display name of a village committee: 陈塘村民委员会 → 陈塘村, 列东村村民委员会 → 列东村, 江滨社区居民委员会 → 江滨社区. */
export function villageDisplayName(name: string): string {
  return name
    .replace(/村?村民委员会$/, '村')
    .replace(/社区居民委员会$/, '社区')
    .replace(/居民委员会$/, '社区')
    .replace(/村村委会$/, '村')
    .replace(/村委会$/, '村')
    .replace(/居委会$/, '社区');
}

/** A township name without its 镇/乡/街道 suffix (雪峰镇 → 雪峰), used to match names loosely. */
export function townshipStem(name: string): string {
  const s = name.replace(/^福建/, '').replace(/(街道办事处|街道|镇|乡)$/, '');
  return s.length > 0 ? s : name;
}

/** A county name without its 县/区/市 suffix (明溪县 → 明溪, 沙县 stays 沙县, 沙县区 → 沙县). */
export function countyStem(name: string): string {
  if (name === '沙县' || name === '沙县区') return '沙县';
  return name.length > 2 ? name.replace(/(县|区|市)$/, '') : name;
}
