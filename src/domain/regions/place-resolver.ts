/**
 * Resolves the county and township written in a spreadsheet (names as people type them,
 * 2020 or post-2021 names, or codes) to the division codes of the tree in use (2020).
 * Pure: built from region rows the caller has loaded.
 */
import { countyStem, isVillageCommittee, townshipStem } from './divisions.ts';

/** A division row as the resolver needs it. */
export interface PlaceRow {
  code: string;
  name: string;
  level: 'city' | 'county' | 'township' | 'village';
  parentCode: string | null;
  /** True for the tree in use (2020); false for codes kept only for mapping (2023). */
  current: boolean;
}

/** Old (in use) → new code pairs of region_code_map. */
export interface CodeMapping {
  oldCode: string;
  newCode: string;
}

export type PlaceResult =
  | { ok: true; countyCode: string; townshipCode: string }
  | { ok: false; field: 'county' | 'township'; reason: string };

/** Lookup tables; build once per import with `buildPlaceIndex`. */
export interface PlaceIndex {
  countyCandidates: Map<string, string[]>;
  countyName: Map<string, string>;
  townshipsByCounty: Map<string, { byName: Map<string, string>; byStem: Map<string, string[]> }>;
  currentCodes: Set<string>;
  newToOld: Map<string, string[]>;
  /** Villages (村委会, 居委会/社区) of each township, in the tree in use. */
  villagesByTownship: Map<string, Array<{ code: string; name: string }>>;
}

/** Removes spaces and the province/city prefixes people often add (福建省三明市明溪县). */
export function normalisePlaceName(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^福建省?/, '')
    .replace(/^三明市?(?=.)/, '');
}

function push(map: Map<string, string[]>, key: string, code: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [code]);
  else if (!list.includes(code)) list.push(code);
}

/** Builds the lookup tables from every region row (both editions) and the code map. */
export function buildPlaceIndex(rows: PlaceRow[], mappings: CodeMapping[]): PlaceIndex {
  const newToOld = new Map<string, string[]>();
  for (const m of mappings) push(newToOld, m.newCode, m.oldCode);
  const idx: PlaceIndex = {
    countyCandidates: new Map(),
    countyName: new Map(),
    townshipsByCounty: new Map(),
    currentCodes: new Set(rows.filter((r) => r.current).map((r) => r.code)),
    newToOld,
    villagesByTownship: new Map(),
  };
  for (const v of rows) {
    if (v.level !== 'village' || !v.current || !v.parentCode) continue;
    const list = idx.villagesByTownship.get(v.parentCode);
    if (list) list.push({ code: v.code, name: v.name });
    else idx.villagesByTownship.set(v.parentCode, [{ code: v.code, name: v.name }]);
  }
  // Current names first, so that 三元区 prefers the 2020 三元区 (350403) over 梅列区 (350402).
  const counties = rows
    .filter((r) => r.level === 'county')
    .sort((a, b) => Number(b.current) - Number(a.current) || a.code.localeCompare(b.code));
  for (const c of counties) {
    const targets = c.current ? [c.code] : (newToOld.get(c.code) ?? []);
    for (const key of [c.name, countyStem(c.name), c.code]) {
      for (const t of targets) push(idx.countyCandidates, key, t);
    }
    if (c.current) idx.countyName.set(c.code, c.name);
  }
  for (const t of rows) {
    if (t.level !== 'township' || !t.current || !t.parentCode) continue;
    let entry = idx.townshipsByCounty.get(t.parentCode);
    if (!entry) {
      entry = { byName: new Map(), byStem: new Map() };
      idx.townshipsByCounty.set(t.parentCode, entry);
    }
    entry.byName.set(t.name, t.code);
    entry.byName.set(t.code, t.code);
    push(entry.byStem, townshipStem(t.name), t.code);
  }
  return idx;
}

function findTownship(idx: PlaceIndex, countyCode: string, name: string): string | null {
  const entry = idx.townshipsByCounty.get(countyCode);
  if (!entry) return null;
  const exact = entry.byName.get(name);
  if (exact) return exact;
  // A post-2021 township code (350404100 陈大镇) → its 2020 predecessor.
  for (const old of idx.newToOld.get(name) ?? []) if (old.startsWith(countyCode)) return old;
  const stem = entry.byStem.get(townshipStem(name));
  return stem && stem.length === 1 ? stem[0]! : null;
}

/**
 * The 2020 county and township for the names in one row. 沙县区 → 沙县 350427; 三元区 is
 * ambiguous after the 2021 merger (梅列区 350402 + 三元区 350403), so the township decides.
 */
export function resolvePlace(idx: PlaceIndex, countyText: string, townshipText: string): PlaceResult {
  const county = normalisePlaceName(countyText);
  const township = normalisePlaceName(townshipText);
  if (!county) return { ok: false, field: 'county', reason: '县(市、区)不能为空' };
  const candidates = idx.countyCandidates.get(county) ?? idx.countyCandidates.get(countyStem(county));
  if (!candidates) return { ok: false, field: 'county', reason: `未知的县(市、区)“${countyText.trim()}”` };
  if (!township) return { ok: false, field: 'township', reason: '乡(镇)不能为空' };
  for (const c of candidates) {
    const t = findTownship(idx, c, township);
    if (t) return { ok: true, countyCode: c, townshipCode: t };
  }
  const shown = candidates.map((c) => idx.countyName.get(c) ?? c).join('或');
  return { ok: false, field: 'township', reason: `${shown}没有名为“${townshipText.trim()}”的乡镇` };
}

const COMMITTEE_WORDS = /(村民委员会|村委会|社区居民委员会|社区居委会|居民委员会|居委会|社区|村)$/;

/**
 * A village name without its committee words: 城东村委会, 城东村, 城东村民委员会 → 城东; 中山社区居委会 →
 * 中山; and where the list's name keeps the 村 before them (长溪村村民委员会) and people write 长溪村,
 * both → 长溪.
 */
function villageStem(name: string): string {
  const once = normalisePlaceName(name).replace(COMMITTEE_WORDS, '');
  return once.replace(/村$/, '') || once;
}

export type VillageResult = { ok: true; code: string } | { ok: false; reason: string };

/**
 * The village (村委会 or 居委会/社区) of a township written as people write it: the full name, the short
 * one (城东村, 中山社区) or the code. 城东 alone, where the township has both 城东村委会 and 城东居委会,
 * is ambiguous: 城东村 or 城东社区 says which.
 */
export function resolveVillage(
  idx: PlaceIndex,
  townshipCode: string,
  townshipName: string,
  text: string,
): VillageResult {
  const villages = idx.villagesByTownship.get(townshipCode) ?? [];
  const wanted = normalisePlaceName(text);
  const exact = villages.find((v) => v.code === wanted || normalisePlaceName(v.name) === wanted);
  if (exact) return { ok: true, code: exact.code };
  const stem = villageStem(wanted);
  let found = villages.filter((v) => villageStem(v.name) === stem);
  // 城东村 means the 村委会, 城东社区 the 居委会.
  if (found.length > 1 && /(村|村委会|村民委员会)$/.test(wanted))
    found = found.filter((v) => isVillageCommittee(v.name));
  if (found.length > 1 && /(社区|居委会|居民委员会)$/.test(wanted))
    found = found.filter((v) => !isVillageCommittee(v.name));
  if (found.length === 1) return { ok: true, code: found[0]!.code };
  if (found.length > 1)
    return {
      ok: false,
      reason: `${townshipName}有 ${found.map((v) => v.name).join('、')}，“${text.trim()}”指哪一个？请写全名`,
    };
  return { ok: false, reason: `${townshipName}没有名为“${text.trim()}”的村(居)` };
}
