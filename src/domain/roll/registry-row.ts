/**
 * Validation of one 建档立卡 registry row and one assistance-list row (低保/特困/残疾/突发困难)
 * for the database import (工作要点 2). As with the roll: missing keys, duplicates and formulas
 * are errors that stop the import; a damaged ID is a warning — the person is kept, flagged, and
 * left to the comparison, because dropping them would make them "missed" (一个不漏).
 */
import { isExcelDamaged, isExcelScientific, type NormalisedId, normaliseId } from '../identity/id-number.ts';
import { noCharacterInCommon, normaliseName } from '../identity/name.ts';
import { FORMULA_RE, formulaMessage } from './cell-rules.ts';
import { badNameMessage, describeIdDamage, noteMessage, type RowMessage } from './roll-row.ts';

export interface IdCheck {
  idNumber: string | null;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** The ID went through Excel (科学计数法, or its last three digits turned to 000): `isExcelDamagedId`. */
  excelDamaged: boolean;
  /** A number was given that is no valid ID, and not for Excel's damage (see `invalidIdNotice`). */
  invalid: boolean;
  /** The cell as `normaliseId` read it (what else its damage tells, e.g. a date's trust). */
  normalised: NormalisedId;
}

/** Checks a name cell; pushes an error naming the column when unusable. */
export function checkName(row: number, column: string, raw: string, out: RowMessage[]): string | null {
  if (FORMULA_RE.test(raw.trim())) {
    out.push({ row, column, message: formulaMessage(raw.trim()[0]!), severity: 'error' });
    return null;
  }
  const n = normaliseName(raw);
  if (!n.name) {
    out.push({ row, column, message: `${column}为必填项`, severity: 'error' });
    return null;
  }
  if (n.problem === 'too_long') {
    out.push({ row, column, message: `${column}过长（${[...n.name].length} 字）`, severity: 'error' });
    return null;
  }
  if (!n.valid) {
    out.push({ row, column, message: badNameMessage(column, raw), severity: 'error' });
    return null;
  }
  if (n.note !== undefined)
    out.push({ row, column, message: noteMessage(column, raw, n.name), severity: 'warning' });
  return n.name;
}

/** The checks of every cell (control characters, line breaks, length, formulas): the roll's too. */
export { checkCells, MAX_CELL_CHARS } from './cell-rules.ts';

/** Checks an ID cell: a trusted, valid ID or a warning (the row is kept). */
export function checkId(
  row: number,
  column: string,
  raw: string,
  out: RowMessage[],
  required: boolean,
): IdCheck {
  const n = normaliseId(raw);
  if (n.damage.includes('empty')) {
    if (required) out.push({ row, column, message: `${column}为空`, severity: 'warning' });
    return { idNumber: null, birthDate: null, sex: null, excelDamaged: false, invalid: false, normalised: n };
  }
  const excelDamaged = isExcelDamaged(n);
  if (!n.trusted || !n.id) {
    out.push({
      row,
      column,
      message: `${column}“${raw.trim()}”${describeIdDamage(n.damage)}：不影响导入，标记为证件号问题`,
      severity: 'warning',
    });
    return {
      idNumber: null,
      birthDate: n.birthDate,
      sex: n.sex,
      excelDamaged,
      invalid: !excelDamaged,
      normalised: n,
    };
  }
  return { idNumber: n.id, birthDate: n.birthDate, sex: n.sex, excelDamaged, invalid: false, normalised: n };
}

/** A key column (户编号, 人编号): required, no formula, no spaces. */
export function checkKey(row: number, column: string, raw: string, out: RowMessage[]): string | null {
  const v = raw.normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '');
  if (!v) {
    out.push({ row, column, message: `${column}为必填项`, severity: 'error' });
    return null;
  }
  if (FORMULA_RE.test(v)) {
    out.push({ row, column, message: formulaMessage(v[0]!), severity: 'error' });
    return null;
  }
  // A 16–19 digit 户编号/人编号 that Excel turned into a number shows as 3.50424E+18: the digits
  // are gone, and every person of a county would share one number.
  if (isExcelScientific(v)) {
    out.push({
      row,
      column,
      message: `${column}“${v}”被 Excel 转成了科学计数法，原编号已丢失：请在导出的文件中把该列设为文本后重新导出`,
      severity: 'error',
    });
    return null;
  }
  return v;
}

/** The 脱贫状态 the 建档立卡 system gives (POLICY.md); brackets full- or half-width. */
export const EXIT_STATUSES = ['未脱贫', '已脱贫(享受政策)', '已脱贫(不享受政策)'] as const;
/** The 贫困户属性 the 建档立卡 system gives (POLICY.md). */
export const POVERTY_ATTRIBUTES = ['一般贫困户', '低保贫困户', '特困供养贫困户'] as const;

/** A value as the lists compare it: full-width brackets and letters as ASCII, no spaces. */
const canonical = (s: string): string => s.normalize('NFKC').replace(/\s/g, '');

/**
 * Checks a registry row's 脱贫状态, 贫困户属性 and 性别 (tester v20b F2: any value was taken, and a
 * 脱贫状态 the aid rules did not know silently took a child's 建档立卡 aid away). The 脱贫状态 decides
 * who is aided: another value is an error naming the three (已脱贫 alone does not say whether the
 * household keeps the policies). An unknown 贫困户属性 (shown, not used) and a 性别 other than 男/女,
 * or against the ID's, are warnings. Empty cells pass (a list without the column).
 */
export function checkRegistryValues(
  row: number,
  cells: { exitStatus: string; povertyAttribute: string; sex: string },
  idSex: 'M' | 'F' | null,
  out: RowMessage[],
): void {
  const exit = canonical(cells.exitStatus);
  if (exit !== '' && !(EXIT_STATUSES as readonly string[]).includes(exit))
    out.push({
      row,
      column: '脱贫状态',
      message:
        exit === '已脱贫'
          ? '脱贫状态“已脱贫”没有注明是否享受政策：请按建档立卡系统的导出填写“已脱贫(享受政策)”或“已脱贫(不享受政策)”（它决定学生能否享受建档立卡资助）'
          : `脱贫状态“${cells.exitStatus.trim()}”不是建档立卡系统的取值（${EXIT_STATUSES.join('、')}）：它决定学生能否享受建档立卡资助，请改正后重新导入`,
      severity: 'error',
    });
  const attr = canonical(cells.povertyAttribute);
  if (attr !== '' && !(POVERTY_ATTRIBUTES as readonly string[]).includes(attr))
    out.push({
      row,
      column: '贫困户属性',
      message: `贫困户属性“${cells.povertyAttribute.trim()}”不是建档立卡系统的取值（${POVERTY_ATTRIBUTES.join('、')}）：已按原样导入，请核对`,
      severity: 'warning',
    });
  const sex = cells.sex.trim();
  if (sex !== '' && sex !== '男' && sex !== '女')
    out.push({
      row,
      column: '性别',
      message: `性别“${sex}”不是“男”或“女”：${idSex === null ? '按性别不详' : '按证件号码中的性别'}导入`,
      severity: 'warning',
    });
  else if (sex !== '' && idSex !== null && (sex === '男') !== (idSex === 'M'))
    out.push({
      row,
      column: '性别',
      message: `性别“${sex}”与证件号码中的性别（${idSex === 'M' ? '男' : '女'}）不一致：按证件号码导入，请核对`,
      severity: 'warning',
    });
}

/**
 * True when a 人编号 kept across two registry lists names another person: the two names share no
 * character (a corrected name, 李娜 → 李纳, keeps most of them).
 */
export function personNoReused(before: string, after: string): boolean {
  return noCharacterInCommon(before, after);
}
