/**
 * Validation of one 学籍 (student roll) row for the database import (工作要点 2, 信息识别比对).
 * Two severities, because real rolls are damaged: an *error* (no 学籍号, no name, an unknown
 * school, a formula in a cell) stops the whole import — nothing is written until it is fixed;
 * a *warning* (an ID that fails its checksum, disagrees with the 出生日期 or 性别, was damaged by
 * Excel) is imported and flagged, because finding those students anyway is the comparison's job.
 */
import { ageOn } from '../dropout/age.ts';
import { documentKind, documentLabel } from '../identity/document-type.ts';
import {
  checkIdAgainstRecord,
  compareIds,
  idFromStudentNo,
  isExcelDamaged,
  isNationalStudentNo,
  type NormalisedId,
  normaliseId,
  STUDENT_NO_ID_MISMATCH,
  zeroedCopyOf,
} from '../identity/id-number.ts';
import { type NormalisedName, nameProblemText, normaliseName } from '../identity/name.ts';
import { knownDigits, parseSex, recordBirth } from '../matching/prepare.ts';
import { parseStages, parseYesNo, STAGE_LABELS, type Stage } from '../schools/school-fields.ts';
import { checkCells, FORMULA_RE } from './cell-rules.ts';

export interface RollCells {
  studentNo: string;
  name: string;
  sex: string;
  birthDate: string;
  idNumber: string;
  /** 身份证件类型 (absent or '' : 居民身份证). */
  idType?: string;
  schoolCode: string;
  schoolName: string;
  stage: string;
  grade: string;
  className: string;
  hukou: string;
  guardianName: string;
  guardianIdNumber: string;
  boarding: string;
  leftBehind: string;
  disabled: string;
  poor: string;
}

/** Header of each cell key, to name the column in reports. */
export const ROLL_HEADERS: Record<keyof RollCells, string> = {
  studentNo: '学籍号',
  name: '姓名',
  sex: '性别',
  birthDate: '出生日期',
  idNumber: '身份证件号',
  idType: '身份证件类型',
  schoolCode: '学校标识码',
  schoolName: '学校名称',
  stage: '学段',
  grade: '年级',
  className: '班级',
  hukou: '户籍所在地',
  guardianName: '监护人姓名',
  guardianIdNumber: '监护人身份证件号',
  boarding: '是否寄宿',
  leftBehind: '是否留守儿童',
  disabled: '是否残疾',
  poor: '是否建档立卡',
};

export interface RowMessage {
  row: number;
  column: string | null;
  message: string;
  severity: 'error' | 'warning';
  /**
   * A warning that tells what writing the file does with the row (a transfer in, an ID corrected, a
   * row not filed under a person, a school renamed), not what is doubtful in the file: true only
   * once written, so an import that writes nothing does not list it (import-report.ts unwrittenReport).
   */
  effect?: true;
}

/** A roll row ready to store. `idNumber` is set only when the ID is trustworthy and valid. */
export interface RollRecord {
  row: number;
  studentNo: string;
  name: string;
  sex: 'M' | 'F' | null;
  birthDate: string | null;
  /** The date the 出生日期 cell itself gave (`birthDate` may come from the ID, even one the 学籍号 gave). */
  ownBirthDate: string | null;
  idNumberRaw: string;
  idNumber: string | null;
  idProblem: string | null;
  /** The ID cell went through Excel (科学计数法, or its last three digits 000), whatever was made of it. */
  idExcel: boolean;
  /** 身份证件类型 when the number is another document's (护照, 通行证…), else null (居民身份证). */
  idType: string | null;
  schoolCode: string | null;
  schoolName: string;
  stage: Stage | null;
  grade: string;
  className: string;
  hukou: string;
  guardianName: string;
  guardianIdNumber: string;
  boarding: boolean;
  leftBehind: boolean;
  disabled: boolean;
  poor: boolean;
}

export {
  CONTROL_CHAR_MESSAGE,
  FORMULA_RE,
  hasControlChar,
  MAX_CELL_CHARS,
} from './cell-rules.ts';

/** What an invalid name is told: the characters no name has (digits, <, >, ?, quotes), or its length. */
export function badNameMessage(column: string, raw: string): string {
  const why = nameProblemText(normaliseName(raw)) || '含有不应出现在姓名中的字符（数字、<、>、? 等符号）';
  // (The cell quoted without its control characters, which the reason names: a NUL written into a
  // problem list makes tools read it as binary — tester t28a F7.)
  return `${column}“${raw.trim().replace(/\p{Cc}/gu, '')}”${why}`;
}
/** What a name with a note in brackets is told: the note is left out (叶思源（曾用名：叶小明） → 叶思源). */
export function noteMessage(column: string, raw: string, name: string): string {
  return `${column}“${raw.trim()}”后附有括注，已略去括注，按“${name}”导入`;
}
/** A guardian's name as kept: normalised, its note (张三（父）) kept after it. */
const withNote = (n: NormalisedName): string => (n.note ? `${n.name}（${n.note}）` : n.name);
const STUDENT_NO_RE = /^[GLJ][0-9A-Z]{6,30}$/;

/**
 * What a form writes in a cell it has nothing for: a dash, a slash, 无/暂无/不详, NULL (tester v26b
 * F10: "—" and "/" were stored as a guardian's name).
 */
const PLACEHOLDER_RE = /^(?:[-－—–―‐_/／\\.。·•*＊?？]+|无|暂无|不详|未知|空|NULL|null|N\/A|n\/a|NA)$/;

/** The cell trimmed, or '' when it only holds a placeholder (`PLACEHOLDER_RE`). */
export function unlessPlaceholder(cell: string): string {
  const t = cell.trim();
  return PLACEHOLDER_RE.test(t) ? '' : t;
}

/** Parses and checks one roll row; pure. */
export function parseRollRow(
  row: number,
  c: RollCells,
): { record: RollRecord | null; messages: RowMessage[] } {
  const messages: RowMessage[] = [];
  // What no column may hold (control characters, line breaks, runaway length, formulas): the rule
  // of the registry, list and school imports too (cell-rules.ts). An ID's leading sign is the ID
  // check's. A cell refused here is told once: the checks below say nothing more of it.
  const refused = checkCells(row, c, ROLL_HEADERS, ['idNumber', 'guardianIdNumber'], messages);
  const err = (key: keyof RollCells, message: string) => {
    if (!refused.has(key)) messages.push({ row, column: ROLL_HEADERS[key], message, severity: 'error' });
  };
  const warn = (key: keyof RollCells, message: string) => {
    if (!refused.has(key)) messages.push({ row, column: ROLL_HEADERS[key], message, severity: 'warning' });
  };
  // A passport or 通行证 number is kept as written: it is no 公民身份号码 and no ID problem.
  const kind = documentKind(c.idType ?? '');
  const idType = kind === 'other' ? documentLabel(c.idType!) : null;
  const nid = normaliseId(idType === null ? c.idNumber : '');
  let studentNo = c.studentNo.normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '').toUpperCase();
  // A G + ID 学籍号 that lost its G and went through Excel as a number (350421201310147000,
  // 3.50421E+17): when what is left agrees with the row's valid ID, it was G + that ID.
  // (An 18-digit number ending in 000 is such a 学籍号 even when its digits pass the ID checksum by chance.)
  const numericNo = studentNo !== '' && /^\d/.test(studentNo) ? normaliseId(studentNo) : null;
  const cut000 = /^\d{15}000$/.test(studentNo);
  if (numericNo !== null && (cut000 || isExcelDamaged(numericNo))) {
    const own = nid.trusted ? nid.id : null;
    const agrees =
      own !== null && (cut000 ? own.startsWith(studentNo.slice(0, 15)) : excelKeptPrefixOf(numericNo, own));
    if (agrees) {
      studentNo = `G${own}`;
      warn(
        'studentNo',
        `学籍号“${c.studentNo}”被 Excel 转成了数字（“G”和末几位已丢失），与身份证件号相符，已恢复为 G+身份证号：请在学籍系统中核对`,
      );
    } else
      err(
        'studentNo',
        `学籍号“${c.studentNo}”被 Excel 转成了数字，原学籍号已丢失：请从学籍系统重新导出，或将该列设为“文本”格式后重新填写`,
      );
  } else if (!studentNo) err('studentNo', '学籍号为必填项');
  else if (!STUDENT_NO_RE.test(studentNo))
    err(
      'studentNo',
      // (Which rule it breaks, tester v26d F8: "J99999" is an L/J number, only too short.)
      `学籍号“${c.studentNo}”格式不正确（应为 G+18 位身份证号，或 L/J 加 6 至 30 位数字或大写字母的临时编号${
        /^[GLJ]/.test(studentNo) && studentNo.length < 7 ? '：该学籍号字母后不足 6 位' : ''
      }）`,
    );
  // The national 学籍号 of a pupil with an ID is G + the 18 characters of the ID; another length
  // is most likely mistyped (it is kept: a person checks it).
  else if (studentNo.startsWith('G') && !isNationalStudentNo(studentNo))
    warn('studentNo', `学籍号“${c.studentNo}”以 G 开头，但不是 G 加 18 位身份证号，请核对`);

  const name = normaliseName(c.name);
  if (!name.name) err('name', '姓名为必填项');
  else if (name.problem === 'too_long') err('name', '姓名过长');
  else if (!name.valid && name.problem !== 'formula') err('name', badNameMessage('姓名', c.name));
  else if (name.note !== undefined) warn('name', noteMessage('姓名', c.name, name.name));

  // A guardian's name may carry a note (张三（父）、李四) but never markup: refused as the pupil's name is.
  if (/[<>]/.test(c.guardianName) && !FORMULA_RE.test(c.guardianName.trim()))
    err('guardianName', badNameMessage('监护人姓名', c.guardianName));

  const sex = c.sex.trim() ? parseSex(c.sex) : null;
  if (c.sex.trim() && !sex) warn('sex', `性别“${c.sex}”无法识别（应为 男/女）`);
  // A 出生年月 column gives the year and month only: it stands for the ID's date when they agree.
  const birth = recordBirth(c.birthDate, nid.birthDate, nid.trusted);
  const birthDate = birth.date;
  if (c.birthDate.trim() && birth.date === null && birth.month === null)
    err('birthDate', `出生日期“${c.birthDate}”不是有效日期（如 2010-09-01）`);

  let idProblem: string | null = null;
  if (kind === 'unknown')
    warn('idType', `身份证件类型“${documentLabel(c.idType!)}”无法识别，已按居民身份证核对证件号`);
  let idNumber: string | null = null;
  // The ID the row keeps, as the normaliser read it: the cell's, or the 学籍号's.
  let idFacts = nid;
  if (idType !== null) {
    if (!c.idNumber.trim()) warn('idNumber', `证件类型为${idType}，证件号为空`);
  } else if (nid.damage.includes('empty')) {
    const fromNo = idFromStudentNo(studentNo);
    if (fromNo) {
      idNumber = fromNo;
      idFacts = normaliseId(fromNo);
    } else {
      idProblem = '身份证件号缺失';
      warn('idNumber', ID_EMPTY_MESSAGE);
    }
  } else if (!nid.trusted || !nid.id) {
    // An ID column that went through Excel keeps its first digits; the 学籍号 (G + ID) keeps all
    // of them: when they agree, the ID is the 学籍号's (a newer roll saved in Excel must not replace
    // a pupil's valid ID with its damaged copy).
    const fromNo = idFromStudentNo(studentNo);
    if (fromNo !== null && excelKeptPrefixOf(nid, fromNo)) {
      idNumber = fromNo;
      idFacts = normaliseId(fromNo);
      warn('idNumber', `身份证件号“${c.idNumber}”${describeIdDamage(nid.damage)}，以学籍号中的身份证号为准`);
    } else {
      idProblem = describeIdDamage(nid.damage);
      warn('idNumber', idMarkedMessage(c.idNumber, idProblem));
    }
  } else {
    idNumber = nid.id;
    // A valid ID that is not the one in the row's own 学籍号 (G + ID), also valid (tester v21a F4):
    // the …000 copy Excel made of it is the 学籍号's ID; any other is told — a wrong ID, or one
    // corrected since (the 学籍号 keeps the former): a person decides (the comparison tries both).
    const fromNo = idFromStudentNo(studentNo);
    if (fromNo !== null && fromNo !== nid.id) {
      if (zeroedCopyOf(nid, fromNo)) {
        idNumber = fromNo;
        idFacts = normaliseId(fromNo);
        warn(
          'idNumber',
          `身份证件号“${c.idNumber}”末三位为 000，与学籍号中的身份证号前 15 位相同，应是 Excel 保存时改的：以学籍号中的身份证号为准`,
        );
      } else warn('idNumber', STUDENT_NO_ID_MISMATCH);
    }
    const check = checkIdAgainstRecord(idFacts, { birthDate, sex });
    const problems = check.ok ? [] : check.problems;
    if (birth.mismatch) problems.unshift('birth_date_mismatch');
    const texts: string[] = problems.map((p) =>
      p === 'birth_date_mismatch'
        ? '身份证号中的出生日期与出生日期列不一致'
        : '身份证号中的性别与性别列不一致',
    );
    if (texts.length > 0) {
      idProblem = texts.join('；');
      warn('idNumber', idProblem);
    }
  }

  const schoolCode = c.schoolCode.normalize('NFKC').replace(/\s+/g, '').replace(/^'/, '') || null;
  if (schoolCode && !/^\d{10}$/.test(schoolCode))
    err('schoolCode', `学校标识码“${c.schoolCode}”应为 10 位数字`);
  if (!schoolCode && !c.schoolName.trim()) err('schoolName', '学校名称或学校标识码至少填写一项');

  let stage: Stage | null = null;
  if (c.stage.trim()) {
    const stages = parseStages(c.stage);
    if (stages?.length !== 1) err('stage', `学段“${c.stage}”无法识别（应为 学前/小学/初中/普通高中/中职）`);
    else stage = stages[0]!;
  }
  const flag = (key: 'boarding' | 'leftBehind' | 'disabled' | 'poor'): boolean => {
    const t = c[key].trim();
    if (!t) return false;
    const v = parseYesNo(t);
    if (v === null) {
      warn(key, `“${t}”无法识别（应为 是/否），按“否”处理`);
      return false;
    }
    return v;
  };
  const record: RollRecord = {
    row,
    studentNo,
    name: name.name,
    sex: sex ?? idFacts.sex,
    // (With a 出生年月 that is not the ID's month, the ID's date is someone else's: none is kept.)
    birthDate: birth.mismatch ? null : (birthDate ?? (idNumber ? idFacts.birthDate : null)),
    ownBirthDate: birthDate,
    idNumberRaw: c.idNumber.trim(),
    idNumber,
    idProblem,
    idExcel: idType === null && isExcelDamaged(nid),
    idType,
    schoolCode,
    schoolName: c.schoolName.trim(),
    stage,
    grade: c.grade.trim(),
    className: c.className.trim(),
    hukou: unlessPlaceholder(c.hukou),
    guardianName: withNote(normaliseName(unlessPlaceholder(c.guardianName))),
    guardianIdNumber: unlessPlaceholder(c.guardianIdNumber),
    boarding: flag('boarding'),
    leftBehind: flag('leftBehind'),
    disabled: flag('disabled'),
    poor: flag('poor'),
  };
  return { record: messages.some((m) => m.severity === 'error') ? null : record, messages };
}

/** A short Chinese description of why an ID cannot be trusted. */
export function describeIdDamage(damage: readonly string[]): string {
  if (damage.includes('scientific_notation')) return '被 Excel 转为科学计数法，后几位已丢失';
  if (damage.includes('trailing_000')) return '末三位被 Excel 改为 000';
  // (A month 13 also fails the checksum: the date is the cause a user can see.)
  if (damage.includes('bad_date'))
    return damage.includes('bad_checksum') ? '其中的出生日期无效，校验位也不正确' : '其中的出生日期无效';
  if (damage.includes('bad_checksum')) return '校验位不正确';
  if (damage.includes('bad_length')) return '位数不正确';
  if (damage.includes('non_digit')) return '含有非法字符';
  return '无法识别';
}

export { STUDENT_NO_ID_MISMATCH } from '../identity/id-number.ts';

/** The warning on a row whose ID column is blank (and whose 学籍号 gives no ID back). */
export const ID_EMPTY_MESSAGE = '身份证件号为空';

/** The warning on a row whose ID is imported as it is and flagged as an ID problem. */
export function idMarkedMessage(raw: string, problem: string): string {
  return `身份证件号“${raw}”${problem}${ID_MARKED_SUFFIX}`;
}

const ID_MARKED_SUFFIX = '：不影响导入，标记为证件号问题，待比对核实';

/** True for the warning of a row whose ID is blank or imported as a problem (ID_EMPTY_MESSAGE, idMarkedMessage). */
export const isIdProblemWarning = (message: string): boolean =>
  message === ID_EMPTY_MESSAGE || message.endsWith(ID_MARKED_SUFFIX);

/**
 * The warning that replaces those two when the student's ID stored from an earlier roll stands
 * (see storedIdStands); the ID itself is not repeated (it would be shown unmasked).
 */
export function storedIdMessage(raw: string | null, how: StoredIdReason): string {
  if (how === 'empty') return '身份证件号为空：沿用该学籍号原有的身份证号';
  const nid = normaliseId(raw ?? '');
  // (A …000 that passes its check carries no damage of its own: see zeroedCopyOf.)
  const damage = nid.id !== null ? '末三位为 000，应是 Excel 保存时改的' : describeIdDamage(nid.damage);
  return how === 'excel'
    ? `身份证件号“${raw}”${damage}，与该学籍号原有的身份证号相符：沿用原有号码`
    : `身份证件号“${raw}”${damage}，与该学籍号原有的身份证号只差一位（或两位颠倒），应为录入错误：沿用原有号码，请在学籍系统中改正`;
}

/**
 * True when `nid` is an ID Excel damaged (科学计数法, …000) whose surviving digits — at least the
 * six of the area code — begin the valid ID `id`: then the cell is a damaged copy of `id`.
 */
export function excelKeptPrefixOf(nid: NormalisedId, id: string): boolean {
  const known = knownDigits(nid);
  if (!isExcelDamaged(nid) || known < 6) return false;
  const kept = nid.candidate!.slice(0, known);
  // Excel shows 3.50426E+17 for 350425 7…: a number cut to a few digits is rounded, not truncated.
  return id.startsWith(kept) || (/^\d{18}$/.test(id) && roundedDigits(id, known) === kept);
}

/** The first `n` digits of the all-digit `id` rounded at the n-th (as Excel's display rounds). */
function roundedDigits(id: string, n: number): string {
  const scale = 10n ** BigInt(id.length - n);
  return ((BigInt(id) + scale / 2n) / scale).toString();
}

/**
 * Whether a newer roll's ID cell (raw text) leaves a stored student's valid ID `stored` standing:
 * 'empty' when the cell is blank, 'excel' when it is a damaged copy of it (see excelKeptPrefixOf),
 * 'typo' when it fails its check one digit or one swap of two neighbours away from it; else null
 * (a valid ID, even a different one, or damage that contradicts the stored one, is the file's).
 * A school that saves its roll through Excel, or leaves the column out, must not take the pupil's
 * ID away — nor split their 一生一档 from the person it belongs to.
 */
export function storedIdStands(raw: string | null, stored: string): StoredIdReason | null {
  const nid = normaliseId(raw ?? '');
  if (nid.damage.includes('empty')) return 'empty';
  if (excelKeptPrefixOf(nid, stored)) return 'excel';
  // A …000 that passes its check (one time in eleven) is still Excel's work when its first 15
  // digits begin `stored`: Excel keeps 15 significant digits of a number and zeroes the rest.
  if (zeroedCopyOf(nid, stored)) return 'excel';
  // A number that fails its own check one digit or one swap away from the stored one: a typo of it.
  if (!nid.trusted && !isExcelDamaged(nid) && nid.candidate !== null && nid.candidate.length === 18) {
    const kind = compareIds(nid.candidate, stored).kind;
    if (kind === 'one_digit' || kind === 'transposition') return 'typo';
  }
  return null;
}

/** Why a stored ID stands (see storedIdStands). */
export type StoredIdReason = 'empty' | 'excel' | 'typo';

/** What a roll row that gives the ID of an earlier row (`row`, `studentNo`, `name`) under another 学籍号 is told. */
export function sharedIdMessage(row: number, studentNo: string, name: string): string {
  return `身份证件号与第 ${row} 行（学籍号 ${studentNo}，${name}）相同：可能是同一学生重复建立学籍（一人多籍），也可能误填了家长的身份证号，请核实`;
}

/**
 * Rows of one roll that give the same trustworthy ID under different 学籍号: one child enrolled
 * twice (一人多籍), or a parent's ID typed into two siblings' rows. A warning on each later row,
 * naming the first; the rows are still imported (a person decides which is right).
 */
export function sharedIdMessages(records: readonly RollRecord[]): RowMessage[] {
  const first = new Map<string, RollRecord>();
  const out: RowMessage[] = [];
  for (const r of records) {
    if (r.idNumber === null || r.idType !== null) continue;
    const prev = first.get(r.idNumber);
    if (prev === undefined) first.set(r.idNumber, r);
    else if (prev.studentNo !== r.studentNo)
      out.push({
        row: r.row,
        column: '身份证件号',
        message: sharedIdMessage(prev.row, prev.studentNo, prev.name),
        severity: 'warning',
      });
  }
  return out;
}

/** The warning for a row whose ID another enrolled student of the database holds. */
export function enrolledElsewhereMessage(
  row: number,
  /** The other enrolment, or null when it is outside the reader's scope (then not named). */
  other: { studentNo: string; schoolName: string } | null,
): RowMessage {
  const where = other ? `${other.schoolName}，学籍号 ${other.studentNo}` : '您管辖范围以外的学校';
  return {
    row,
    column: '身份证件号',
    message: `该身份证件号已有在读学籍（${where}）：同一学生在两所学校在读，请核实是否重复建立学籍（一人多籍）`,
    severity: 'warning',
  };
}

/**
 * Ages (full years on the roll's date) a pupil of each 学段 can plausibly have: wide, so that a
 * late starter, a repeater or a returning dropout passes, and only a birth date typed wrong — a
 * parent's year, 1905 for 2005 — is doubted (tester v20b F12).
 */
export const STAGE_AGES: Record<Stage, [min: number, max: number]> = {
  preschool: [2, 8],
  primary: [5, 17],
  junior: [10, 20],
  senior: [13, 24],
  vocational: [13, 35],
  higher: [15, 60],
};

/** The warning of a row whose birth date gives an age its 学段 cannot have on `asOf`, or null. */
export function stageAgeWarning(
  row: number,
  stage: Stage,
  birthDate: string | null,
  asOf: string,
): RowMessage | null {
  if (birthDate === null) return null;
  const age = ageOn(birthDate, asOf);
  const [min, max] = STAGE_AGES[stage];
  if (age >= min && age <= max) return null;
  return {
    row,
    column: '出生日期',
    message: `出生日期 ${birthDate}：按此该生${age < 0 ? '尚未出生' : ` ${age} 岁`}，不像${STAGE_LABELS[stage]}学生（${min}–${max} 岁）：已导入，请核对出生日期和身份证件号`,
    severity: 'warning',
  };
}
