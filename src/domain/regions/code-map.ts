/**
 * Old → new division codes between the 2020 tree (in use) and the post-2021 codes.
 * ID numbers keep their old area codes for life (POLICY.md), so the platform keeps the 2020
 * tree and records how each old code continues.
 */
import { townshipKind, townshipStem, villageDisplayName } from './divisions.ts';

/** The 2021 mergers (国函〔2021〕 approvals): 梅列区 + 三元区 → 三元区 350404, 沙县 → 沙县区 350405. */
export const COUNTY_MERGERS: ReadonlyArray<{ oldCode: string; newCode: string; note: string }> = [
  { oldCode: '350402', newCode: '350404', note: '2021年梅列区与三元区合并为三元区' },
  { oldCode: '350403', newCode: '350404', note: '2021年梅列区与三元区合并为三元区' },
  { oldCode: '350427', newCode: '350405', note: '2021年撤销沙县设立沙县区' },
];

/** A division row of one edition (code,name,level,parent_code of the CSV files). */
export interface DivisionRow {
  code: string;
  name: string;
  level: string;
  parent_code: string;
}

export interface CodeMapRow {
  old_code: string;
  new_code: string;
  note: string;
}

/**
 * Every old code that no longer exists in the new edition, mapped to its successor: the
 * merged counties; their townships matched by name inside the new county; a township that
 * changed kind inside its county (中仙乡 → 中仙镇) matched by its name stem; and the villages
 * of each mapped township matched by their display name.
 */
export function buildCodeMap(oldRows: DivisionRow[], newRows: DivisionRow[]): CodeMapRow[] {
  const newCodes = new Set(newRows.map((r) => r.code));
  const out: CodeMapRow[] = COUNTY_MERGERS.map((m) => ({
    old_code: m.oldCode,
    new_code: m.newCode,
    note: m.note,
  }));
  const countyTarget = new Map(COUNTY_MERGERS.map((m) => [m.oldCode, m.newCode]));
  const childrenOf = (rows: DivisionRow[], parent: string) => rows.filter((r) => r.parent_code === parent);

  const townshipPairs: Array<[string, string]> = [];
  for (const t of oldRows) {
    if (t.level !== 'township' || newCodes.has(t.code)) continue;
    const newCounty = countyTarget.get(t.parent_code) ?? t.parent_code;
    const candidates = childrenOf(newRows, newCounty).filter((n) => n.level === 'township');
    const match =
      candidates.find((n) => n.name === t.name) ??
      candidates.find((n) => townshipStem(n.name) === townshipStem(t.name) && !oldCodeExists(oldRows, n)) ??
      // A development zone (4xx/5xx, not a 街道, 镇 or 乡) renamed with its county keeps its number:
      // 金沙园开发区 350427400 → 三明高新技术产业开发区 350405400.
      (townshipKind(t.code) === 'other'
        ? candidates.find(
            (n) =>
              n.code.slice(-3) === t.code.slice(-3) &&
              townshipKind(n.code) === 'other' &&
              !oldCodeExists(oldRows, n),
          )
        : undefined);
    if (!match) continue;
    townshipPairs.push([t.code, match.code]);
    out.push({
      old_code: t.code,
      new_code: match.code,
      note: match.name === t.name ? `${t.name}：区划调整后代码变更` : `${t.name} 更名为 ${match.name}`,
    });
  }
  for (const [oldT, newT] of townshipPairs) {
    const newVillages = new Map(childrenOf(newRows, newT).map((v) => [villageDisplayName(v.name), v.code]));
    for (const v of childrenOf(oldRows, oldT)) {
      const target = newVillages.get(villageDisplayName(v.name));
      if (target && target !== v.code) out.push({ old_code: v.code, new_code: target, note: v.name });
    }
  }
  return out;
}

// A new township whose code already existed in the old tree is not a successor of another one.
function oldCodeExists(oldRows: DivisionRow[], n: DivisionRow): boolean {
  return oldRows.some((o) => o.code === n.code);
}

/**
 * Places whose 2020 name changed with the 2021 reorganisation (2020 name, current name): 梅列区 was
 * merged into 三元区, 沙县 became 沙县区, 中仙乡 became 中仙镇, and three development zones were renamed. IDs and old registries keep the 2020
 * names; rolls typed since write the current ones ('三元区列东街道' for a 梅列区 household).
 */
export const RENAMED_PLACES: ReadonlyArray<readonly [string, string]> = [
  ['梅列区', '三元区'],
  ['沙县', '沙县区'],
  ['中仙乡', '中仙镇'],
  // The development zones renamed with their counties (verifier v27c F1).
  ['福建梅列经济开发区', '福建三元经济开发区'],
  ['金沙园开发区', '三明高新技术产业开发区'],
  ['海西物流园区', '海西三明生态工贸区'],
];

/**
 * A place written with the current name for each 2020 one in it ('梅列区列东街道' → '三元区列东街道',
 * '沙县凤岗街道' → '沙县区凤岗街道'); the same string when it names none, so that two places written
 * in different years compare equal in this form.
 */
export function placeInCurrentNames(place: string): string {
  for (const [old, current] of RENAMED_PLACES) {
    const at = place.indexOf(old);
    if (at >= 0 && !place.startsWith(current, at))
      place = place.slice(0, at) + current + place.slice(at + old.length);
  }
  return place;
}

/** A place written with the 2020 name for each current one in it (the reverse of placeInCurrentNames). */
function placeInOldNames(place: string): string {
  for (const [old, current] of RENAMED_PLACES) {
    const at = place.indexOf(current);
    if (at >= 0) place = place.slice(0, at) + old + place.slice(at + current.length);
  }
  return place;
}

/**
 * The place as written and, when it names a place renamed in 2021, as written wholly in the 2020
 * names and wholly in the current ones ('三元区列东街道' and '梅列区列东街道'; '沙县金沙园开发区' and
 * '沙县区三明高新技术产业开发区'), for keys that a place written in either year's names must find.
 */
export function placeSpellings(place: string): string[] {
  return [...new Set([place, placeInCurrentNames(place), placeInOldNames(place)])];
}
