/**
 * Every pupil a roll import changed, one line each, for the 学籍变动 sheet of its downloadable report
 * (tester t28b F1: the report listed problems only, so after a roll that marked nine pupils as left
 * no one could see from the import who they were — only each pupil's 一生一档 told it). Like the
 * registry's 名单变更 sheet (registry-changes.ts registryChangeLines). Personal numbers masked. Pure.
 */

import { maskId } from '../identity/id-number.ts';
import { differingPositions, maskStudentNo } from '../identity/personal-mask.ts';
import { STAGE_LABELS, type Stage } from '../schools/school-fields.ts';
import { changedFields, type RollChange, type RollSnapshot } from './roll-diff.ts';

export interface RollChangeLine {
  /** 新入学籍, 转学, 复学, 信息变更 or 离校. */
  change: string;
  /** The row of the file; null for a pupil it marks as left (not in it). */
  row: number | null;
  name: string;
  /** The pupil's 学籍号, masked (a G + ID number holds the ID). */
  studentNo: string;
  /** The school now (a 离校: the school left). */
  school: string;
  /** What changed: schools, and each field before → after, numbers masked. */
  detail: string;
}

export const ROLL_CHANGE_LABELS: Record<RollChange['kind'], string> = {
  new: '新入学籍',
  moved: '转学',
  returned: '复学',
  updated: '信息变更',
  left: '离校',
};

/** The roll's fields as the file's columns name them (students.import.ts snapshotOf). */
const FIELD_LABELS: Record<string, string> = {
  student_no: '学籍号',
  name: '姓名',
  id_number_raw: '身份证件号',
  sex: '性别',
  birth_date: '出生日期',
  stage: '学段',
  grade: '年级',
  class_name: '班级',
  hukou: '户籍所在地',
  guardian_name: '监护人姓名',
  guardian_id_number: '监护人身份证件号',
  boarding: '是否寄宿',
  left_behind: '是否留守儿童',
  disabled: '是否残疾',
  school_marked_poor: '学校登记为建档立卡',
};

const ID_FIELDS = new Set(['id_number_raw', 'guardian_id_number']);

/** One field's value as the sheet shows it: 是/否, 男/女, the stage's name, masked numbers, （空）. */
function shown(field: string, v: string | boolean | null | undefined): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (field === 'sex') return v === 'M' ? '男' : v === 'F' ? '女' : v;
  if (field === 'stage') return STAGE_LABELS[v as Stage] ?? v;
  if (field === 'student_no') return maskStudentNo(v) ?? v;
  if (ID_FIELDS.has(field)) return maskId(v);
  return v;
}

/** “年级：3 → 4；身份证件号：350421***********5 → 350421***********5（第15位不同）”. */
export function fieldChangesText(before: RollSnapshot, after: RollSnapshot): string {
  return changedFields(before, after)
    .map((f) => {
      const [b, a] = [before.fields[f] ?? null, after.fields[f] ?? null];
      const [sb, sa] = [shown(f, b), shown(f, a)];
      const where =
        sb === sa && typeof b === 'string' && typeof a === 'string' ? differingPositions(b, a) : null;
      return `${FIELD_LABELS[f] ?? f}：${sb} → ${sa}${where ? `（${where}）` : ''}`;
    })
    .join('；');
}

/**
 * The lines of `changes` (diffRoll), in the file's order and then the pupils marked as left by
 * 学籍号. `rowOf`: the file's row of a 学籍号; `schoolName`: a school's name by its code.
 */
export function rollChangeLines(
  changes: readonly RollChange[],
  rowOf: (studentNo: string) => number | undefined,
  schoolName: (code: string) => string,
): RollChangeLine[] {
  const lines = changes.map((c): RollChangeLine => {
    const snap = c.kind === 'left' ? c.before : c.after;
    const name = String(snap.fields.name ?? '');
    const studentNo = maskStudentNo(String(snap.fields.student_no ?? c.studentNo));
    const school = schoolName(snap.schoolCode);
    const fields = 'before' in c && 'after' in c ? fieldChangesText(c.before, c.after) : '';
    const and = (s: string) => (fields ? `${s}；${fields}` : s);
    let detail: string;
    switch (c.kind) {
      case 'new':
        detail = `新列入${school}学籍`;
        break;
      case 'moved':
        detail = and(`${schoolName(c.before.schoolCode)} → ${school}`);
        break;
      case 'returned':
        detail = and(
          c.before.schoolCode === c.after.schoolCode
            ? `离校后回到${school}`
            : `离校后（${schoolName(c.before.schoolCode)}）回到学校：${school}`,
        );
        break;
      case 'updated':
        detail = fields;
        break;
      case 'left':
        detail = '不在本次导入的名册中，记为离校';
        break;
    }
    return {
      change: ROLL_CHANGE_LABELS[c.kind],
      row: c.kind === 'left' ? null : (rowOf(c.studentNo) ?? null),
      name,
      studentNo,
      school,
      detail,
    };
  });
  return lines.sort(
    (a, b) =>
      (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER) ||
      a.studentNo.localeCompare(b.studentNo),
  );
}
