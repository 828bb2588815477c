/**
 * What a school list row would do to the school stored under its 学校标识码, said before anything is
 * written (schools.import.ts): a move to another county is refused — the school's pupils, aid and
 * cases would pass to another county's bureau, and a mistyped code would take another school's
 * place — while a new name or township is written but named in the report, and a new code whose
 * name a school of the same county already has is named too (the same school under a wrong code?).
 */
import { schoolNameKey } from './school-fields.ts';

/** A school as the rules compare it: codes of the 2020 divisions. */
export interface SchoolPlace {
  code: string;
  name: string;
  countyCode: string;
  townshipCode: string;
  /**
   * The 村(居) (12 digits) a 村小 or 教学点 sits in. Stored: null when none. Listed: undefined when the
   * row gives none (the school then keeps its village within the same township).
   */
  villageCode?: string | null;
}

/** The name of a division code, for messages. */
export type RegionName = (code: string) => string;

/** The refusal of a row that would move the stored school to another county; null when it stays. */
export function countyMoveProblem(
  stored: SchoolPlace,
  listed: SchoolPlace,
  regionName: RegionName,
): string | null {
  if (stored.countyCode === listed.countyCode) return null;
  return `学校标识码 ${stored.code} 是${regionName(stored.countyCode)}“${stored.name}”的代码，导入不能把它改到${regionName(listed.countyCode)}：请核对标识码是否填错（学校划转到另一县(市、区)不能通过导入完成）`;
}

/**
 * What an update changes of the school's name, township and village, for the report, and the column
 * it is told under (学校名称 when the name changes, else 乡(镇), else 村(居)); null when none changes.
 * A row without a village keeps the stored one in the same township; in another township the stored
 * village no longer applies, and the message says so.
 */
export function placeOrNameChange(
  stored: SchoolPlace,
  listed: SchoolPlace,
  regionName: RegionName,
): { message: string; column: 'name' | 'township' | 'village' } | null {
  const parts: string[] = [];
  const before = stored.villageCode ?? null;
  const movedTownship = stored.townshipCode !== listed.townshipCode;
  const after = listed.villageCode === undefined ? (movedTownship ? null : before) : listed.villageCode;
  if (stored.name !== listed.name) parts.push(`名称由“${stored.name}”改为“${listed.name}”`);
  if (movedTownship)
    parts.push(`乡(镇)由 ${regionName(stored.townshipCode)} 改为 ${regionName(listed.townshipCode)}`);
  if (before !== after) {
    if (before === null) parts.push(`村(居)设为 ${regionName(after!)}`);
    else if (after === null) parts.push(`不再属于村(居) ${regionName(before)}`);
    else parts.push(`村(居)由 ${regionName(before)} 改为 ${regionName(after)}`);
  }
  if (parts.length === 0) return null;
  return {
    message: `学校标识码 ${stored.code}：${parts.join('；')}`,
    column: stored.name !== listed.name ? 'name' : movedTownship ? 'township' : 'village',
  };
}

/**
 * A new school, or a school renamed, whose name a school of the same county already has under another
 * code (stored, or an earlier row of the file: `row`); null when none.
 */
export function namesakeNote(
  listed: SchoolPlace,
  others: readonly (SchoolPlace & { row?: number })[],
  renamed = false,
): string | null {
  const key = schoolNameKey(listed.name);
  const twin = others.find(
    (o) => o.code !== listed.code && o.countyCode === listed.countyCode && schoolNameKey(o.name) === key,
  );
  if (!twin) return null;
  const where = `${twin.row === undefined ? '已有学校' : `第 ${twin.row} 行的学校`} ${twin.code}“${twin.name}”`;
  return renamed
    ? `学校标识码 ${listed.code} 改名后与${where}同名：请核实名称或标识码是否填错`
    : `新增学校“${listed.name}”与${where}同名：请核实是否为同一所学校、标识码是否填错`;
}
