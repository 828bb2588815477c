/**
 * Pure parsing rules for school records as they appear in the bureau's spreadsheets:
 * 学段, 办学类型, 学校类型 (村小/教学点), 城乡类型, 是否寄宿, 学校标识码.
 */
import { cellProblem, looksLikeFormula } from '../roll/cell-rules.ts';

/** GLOSSARY 学段. Kept in this order everywhere (stages arrays are sorted by it). */
export const STAGES = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'higher'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  preschool: '学前',
  primary: '小学',
  junior: '初中',
  senior: '普通高中',
  vocational: '中职',
  higher: '高等教育',
};

export type SchoolKind = 'regular' | 'village_school' | 'teaching_point';
export type Ownership = 'public' | 'private';
export type UrbanRural = 'urban' | 'town' | 'rural';

// Longest phrases first matter only for readability: lookup is by the whole (normalised) token.
const STAGE_WORDS: Array<[RegExp, Stage[]]> = [
  [/^(十二年一贯制|十二年一贯)(学校)?$/, ['primary', 'junior', 'senior']],
  [/^(九年一贯制|九年一贯)(学校)?$/, ['primary', 'junior']],
  [/^(完全中学|完中)$/, ['junior', 'senior']],
  [/^(幼儿园|学前|学前教育|幼儿|学前班)$/, ['preschool']],
  [/^(小学|完全小学|中心小学|村小|教学点|小学教学点)$/, ['primary']],
  [/^(初中|初级中学|初级)$/, ['junior']],
  [/^(高中|普通高中|高级中学|普高)$/, ['senior']],
  [
    /^(中职|职高|职业高中|中专|职业中专|中等职业学校|中等职业教育|中等专业学校|技工学校|职业中学)$/,
    ['vocational'],
  ],
  // Special-education schools in Sanming teach compulsory-age children (小学 and 初中 classes).
  [/^(特殊教育|特教|特殊教育学校|特殊学校|培智学校)$/, ['primary', 'junior']],
  [/^(高等教育|高校|大学|高等学校)$/, ['higher']],
];

/** Sorts and de-duplicates stages in the canonical order. */
export function sortStages(stages: Iterable<Stage>): Stage[] {
  const set = new Set(stages);
  return STAGES.filter((s) => set.has(s));
}

/**
 * 学段 text → stages. Accepts one label (九年一贯制 → primary+junior, 完全中学 → junior+senior)
 * or several joined with 、,/;+ (小学、初中). Returns null when any part is not recognised.
 */
export function parseStages(text: string): Stage[] | null {
  const parts = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .split(/[、,，/;；+＋和及]/)
    .filter(Boolean);
  if (parts.length === 0) return null;
  const out: Stage[] = [];
  for (const part of parts) {
    const hit = STAGE_WORDS.find(([re]) => re.test(part));
    if (!hit) return null;
    out.push(...hit[1]);
  }
  return sortStages(out);
}

/** 办学类型 公办/民办 → ownership; null when unrecognised. */
export function parseOwnership(text: string): Ownership | null {
  const t = text.replace(/\s+/g, '');
  if (/^(公办|公立|国有|公)$/.test(t)) return 'public';
  if (/^(民办|私立|民营|民)$/.test(t)) return 'private';
  return null;
}

/** 学校类型 完全小学/村小/教学点 → kind; blank means a regular school; null when unrecognised. */
export function parseSchoolKind(text: string): SchoolKind | null {
  const t = text.replace(/\s+/g, '');
  if (t === '' || t === '否') return 'regular';
  if (/教学点/.test(t)) return 'teaching_point';
  if (/^(村小|村完小|村级小学|村小学|村级完小)$/.test(t)) return 'village_school';
  if (/^(完全小学|中心小学|普通学校|一般学校|完小|其他|中学|幼儿园|学校|普通)$/.test(t)) return 'regular';
  return null;
}

/**
 * 城乡类型 → urban/town/rural. Accepts the words (城区/镇区/乡村, 城市/县镇/农村) and the NBS
 * 城乡分类代码 (111/112 城区, 121–123 镇区, 210/220 乡村). Null when unrecognised — 城镇 too, which in
 * the NBS classification is 城区 and 镇区 together, so it says neither.
 */
export function parseUrbanRural(text: string): UrbanRural | null {
  const t = text.replace(/\s+/g, '');
  if (/^(城区|城市|主城区|城乡结合区|11[12])$/.test(t)) return 'urban';
  if (/^(镇区|县镇|镇|镇中心区|镇乡结合区|特殊区域|12[123])$/.test(t)) return 'town';
  if (/^(乡村|农村|乡|村庄|乡中心区|2[12]0)$/.test(t)) return 'rural';
  return null;
}

/** 是/否 in its usual spellings; null when unrecognised (blank is treated by the caller). */
export function parseYesNo(text: string): boolean | null {
  const t = text.replace(/\s+/g, '').toLowerCase();
  if (/^(是|有|寄宿|寄宿制|y|yes|true|1|√)$/.test(t)) return true;
  if (/^(否|无|非寄宿|走读|n|no|false|0|×)$/.test(t)) return false;
  return null;
}

/**
 * Cleans a 学校标识码 as people paste it: full-width digits, spaces, a leading apostrophe
 * (Excel's "keep as text" marker). Does not validate.
 */
export function normaliseSchoolCode(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '');
}

/** A 学校标识码 is exactly 10 digits. */
export function isSchoolCode(code: string): boolean {
  return /^\d{10}$/.test(code);
}

/**
 * The 学校类别码, the first two digits of a 学校(机构)标识码 (教育部《学校(机构)代码管理办法》, 2011:
 * 2-digit category, 2-digit province, 6-digit number).
 */
export const SCHOOL_CATEGORY_CODES: Readonly<Record<string, string>> = {
  '11': '幼儿园',
  '21': '普通小学',
  '22': '成人小学',
  '31': '普通初中',
  '32': '职业初中',
  '33': '成人初中',
  '34': '普通高中',
  '35': '成人高中',
  '36': '中等职业学校',
  '37': '工读学校',
  '41': '普通高等学校',
  '42': '成人高等学校',
  '51': '特殊教育学校',
  '91': '培养研究生的科研机构',
  '92': '民办的其他高等教育机构',
  '93': '中等职业培训机构',
};

/** Fujian's province code, digits 3–4 of every 学校标识码 the province gives. */
export const FUJIAN_SCHOOL_CODE = '35';

/**
 * Why a 10-digit 学校标识码 looks mistyped, in Chinese, or null: its first two digits are no 学校类别码,
 * or digits 3–4 are not Fujian's 35 (every school of Sanming got its code from Fujian). Only a
 * doubt: the school is still imported and the row named, since a code never changes once given and
 * a list may hold one given under other rules.
 */
export function schoolCodeDoubt(code: string): string | null {
  if (!isSchoolCode(code)) return null;
  const category = code.slice(0, 2);
  const province = code.slice(2, 4);
  if (!(category in SCHOOL_CATEGORY_CODES))
    return `学校标识码 ${code} 的前两位 ${category} 不是学校类别码（如 11 幼儿园、21 小学、31 初中、34 高中、36 中职、51 特殊教育），请核对是否填错`;
  if (province !== FUJIAN_SCHOOL_CODE)
    return `学校标识码 ${code} 的第3–4位 ${province} 不是福建省的代码 35，请核对是否填错`;
  return null;
}

/**
 * A cell that a spreadsheet would run as a formula (starts with = + - @, or their full-width
 * ＝＋－＠): never stored, so that an export of it cannot turn into formula injection (DESIGN.md
 * "Access and trust"). The rule of every import (domain/roll/cell-rules.ts).
 */
export { looksLikeFormula } from '../roll/cell-rules.ts';

/** Longest 学校名称. */
export const MAX_SCHOOL_NAME_CHARS = 100;

/**
 * Why a 学校名称 cannot be stored, in Chinese, or null: the one rule of the school list import and
 * the school edit form (PATCH /api/schools/:code) — required, no formula (half- or full-width), no
 * control character, line break or direction override (cell-rules.ts), at most 100 characters.
 */
export function schoolNameProblem(name: string): string | null {
  const t = name.trim();
  if (!t) return '学校名称不能为空';
  if (looksLikeFormula(t))
    return `学校名称以 ${t[0]} 开头，疑似公式，已拒绝（学校名称不能以 = + - @ 开头，全角的 ＝＋－＠ 也不可以）`;
  const problem = cellProblem(t, { formula: false, maxChars: Number.POSITIVE_INFINITY });
  if (problem !== null) return `学校名称${problem}`;
  const n = [...t].length;
  if (n > MAX_SCHOOL_NAME_CHARS) return `学校名称过长（${n} 字，最多 ${MAX_SCHOOL_NAME_CHARS} 字）`;
  return null;
}

const PROVINCE_CITY_RE = /^(福建省)?(三明市)?/;

/**
 * The key a school is found by when a roll gives its name instead of its code: the same school
 * written with full-width brackets, spaces, or the 福建省/三明市 prefix ('三明市梅列区列东中学（初中部）'
 * and '梅列区列东中学(初中部)') has one key. Anything else in the name still counts.
 */
export function schoolNameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(PROVINCE_CITY_RE, '');
}
