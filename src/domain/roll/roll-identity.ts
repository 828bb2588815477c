/**
 * Whose pupil a roll row speaks of. A 学籍号 is national and lifelong: a pupil who moves to a school
 * of another county (or, for a school account, to another school) keeps it, so the new school's roll
 * rightly holds a 学籍号 stored at a school outside the importer's scope. That row may move the pupil
 * (转入) only when it is that pupil: an importer must never rename, clear or re-point to another person
 * a pupil of another scope by typing the pupil's 学籍号 into its own roll (one G + ID 学籍号 is enough to
 * know it). Within the importer's own scope a school may correct an ID it typed wrongly, but the
 * record then moves from one person to another, which the import says. Pure.
 */
import { maskId, normaliseId } from '../identity/id-number.ts';
import { normaliseName, pinyinKey } from '../identity/name.ts';
import { maskStudentNo } from '../identity/personal-mask.ts';
import { type RowMessage, storedIdStands } from './roll-row.ts';

/** A stored pupil as `samePupil` compares them. */
export interface StoredIdentity {
  /** The valid 18-character citizen ID stored for the pupil, or null (none, or another document's number). */
  idNumber: string | null;
  name: string;
  /** 'YYYY-MM-DD' or null. */
  birthDate: string | null;
}

/** What a roll row gives of a pupil's identity, as read from its own cells. */
export interface RowIdentity {
  /** The 身份证件号 cell as written ('' when blank). */
  idRaw: string;
  /** 身份证件类型 of another document (passport, …), or null for a 居民身份证. */
  idType: string | null;
  name: string;
  /** 'YYYY-MM-DD' or null. */
  birthDate: string | null;
}

/** A roll row's identity against a stored pupil's: which fields say another person, if any. */
export type IdentityVerdict =
  | { same: true }
  | { same: false; fields: Array<'姓名' | '身份证件号' | '出生日期'> };

/**
 * The valid ID the row's own 身份证件号 cell gives, or null. An ID the row reads from its 学籍号 (G +
 * ID, for a blank or Excel-damaged cell) is no evidence: it is the 学籍号 again.
 */
export function ownId(row: Pick<RowIdentity, 'idRaw' | 'idType'>): string | null {
  return row.idType === null ? normaliseId(row.idRaw).id : null;
}

/** The name compared: normalised (spaces, middle dots), traditional characters as simplified. */
const nameKey = (name: string): string => normaliseName(name).name;

/** True when two names are one (traditional and simplified characters, spaces and middle dots aside). */
export const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);

/**
 * True when two names are one or read alike (李娜 / 李纳: a homophone typed by one office or the
 * other, which the comparison also reads as the same name). What an import row under a person's ID
 * must give to be filed under that person when the person belongs to another scope.
 */
export const nameReadsAlike = (a: string, b: string): boolean =>
  sameName(a, b) || pinyinKey(nameKey(a)) === pinyinKey(nameKey(b));

/**
 * Whether a roll row is the stored pupil whose 学籍号 it gives: the name must be the same
 * (traditional and simplified characters are one name; a homophone or one changed character is not:
 * the importer types the name the pupil's 学籍 has, and a rename comes after the transfer, in the
 * new scope), and the birth date too when both give one. Two valid IDs must be equal (different:
 * another person). Without that tie — the row's ID cell blank, damaged, mistyped or another
 * document — an ID cell that is not blank must be the stored ID, damaged or mistyped
 * (`contradicts`), so that the pupil keeps their ID and their person. Every field that disagrees is
 * named.
 */
export function samePupil(row: RowIdentity, stored: StoredIdentity): IdentityVerdict {
  const rowId = ownId(row);
  const fields: Array<'姓名' | '身份证件号' | '出生日期'> = [];
  if (rowId !== null && stored.idNumber !== null && rowId !== stored.idNumber) fields.push('身份证件号');
  if (nameKey(row.name) !== nameKey(stored.name)) fields.push('姓名');
  if (row.birthDate !== null && stored.birthDate !== null && row.birthDate !== stored.birthDate)
    fields.push('出生日期');
  if (rowId === null && stored.idNumber !== null && contradicts(row, stored.idNumber))
    fields.push('身份证件号');
  return fields.length === 0 ? { same: true } : { same: false, fields };
}

/**
 * True when a row without a valid ID of its own cannot keep the pupil's stored valid ID `stored`:
 * its cell is neither blank nor a copy Excel damaged nor a typo of it (storedIdStands), or it gives
 * another document (a passport) in place of the 居民身份证. Such a row would be imported without
 * the pupil's ID, so the record would leave the pupil's person for another: only a blank cell, or
 * the pupil's own ID however damaged, moves a pupil of another scope.
 */
function contradicts(row: RowIdentity, stored: string): boolean {
  if (row.idType !== null) return true;
  if (normaliseId(row.idRaw).damage.includes('empty')) return false;
  return storedIdStands(row.idRaw, stored) === null;
}

/** The error of a row that names, by its 学籍号, a pupil of a school outside the importer's scope but is not them. */
export function foreignPupilError(row: number, studentNo: string, fields: readonly string[]): RowMessage {
  return {
    row,
    column: '学籍号',
    message:
      `学籍号 ${maskStudentNo(studentNo)} 属于您管辖范围以外学校的学生，本行的${fields.join('、')}与该学生不一致：` +
      '不能用本名册修改该学生。请核对学籍号；如确为转入本校的学生，请按其学籍填写姓名、身份证件号和出生日期',
    severity: 'error',
  };
}

/**
 * The warning of a row that moves a pupil from a school outside the importer's scope (`formerSchool`,
 * its name: school names are no personal data) to the roll's school: a transfer in (转入).
 */
export function transferInWarning(
  row: number,
  formerSchool: string,
  left: boolean,
  /** What the row gave and agreed (`agreeingFields`): the warning claims no more. */
  agreed: readonly string[] = ['姓名'],
): RowMessage {
  const was = left
    ? `原在${formerSchool}（您管辖范围以外，已记为离校）`
    : `原在${formerSchool}（您管辖范围以外）`;
  return {
    row,
    column: '学籍号',
    message: `该学生${was}，本行的${agreed.join('、')}与其相符：按转学转入本校，原学校的记录和变动历史保留在其一生一档中`,
    severity: 'warning',
    effect: true,
  };
}

/**
 * The fields a row that is the pupil (`samePupil`) gave and that agreed with the stored pupil: the
 * name always; the ID when the row's own cell gave a valid one and one is stored; the birth date
 * when both give one.
 */
export function agreeingFields(
  row: RowIdentity,
  stored: StoredIdentity,
): Array<'姓名' | '身份证件号' | '出生日期'> {
  const out: Array<'姓名' | '身份证件号' | '出生日期'> = ['姓名'];
  if (ownId(row) !== null && stored.idNumber !== null) out.push('身份证件号');
  if (row.birthDate !== null && stored.birthDate !== null) out.push('出生日期');
  return out;
}

/** True for the message of `transferInWarning`. */
export const isTransferInWarning = (message: string): boolean => message.startsWith('该学生原在');

/** A pupil enrolled at a school outside the importer's scope whom a roll row would move in. */
export interface EnrolledAway {
  row: number;
  studentNo: string;
  /** The school they are enrolled at now (its name: school names are no personal data). */
  school: string;
}

/**
 * Why a roll that would move pupils still 在读 at a school outside the importer's scope waits for the
 * user: the other school has not let them go, so the row is a transfer its roll does not show yet —
 * or the file is an old one, or the 学籍号 is another's. Moving them silently would take them off the
 * other county's roll, cases and aid without a word. Pupils named by row and masked 学籍号.
 */
export function transferHoldMessage(pupils: readonly EnrolledAway[]): string {
  const sorted = [...pupils].sort((a, b) => a.row - b.row);
  const each = sorted
    .slice(0, 5)
    .map((p) => `第 ${p.row} 行（学籍号 ${maskStudentNo(p.studentNo)}）目前在${p.school}在读`)
    .join('；');
  const more = sorted.length > 5 ? `等 ${sorted.length} 名学生` : '';
  return (
    `文件中有学生目前在您管辖范围以外的学校在读，原学校尚未将其记为离校：${each}${more}。` +
    '导入会把这些学生转入本校，从原学校的名册中移出。如确已转入本校，请点下方的确认按钮转入后导入；' +
    '如果文件是旧名册或这些学生并未转入，请删除这些行后重新导入'
  );
}

/** A row whose ID a pupil 在读 at a school outside the importer's scope holds (another 学籍号). */
export interface IdHeldAway {
  row: number;
  idNumber: string;
}

/**
 * Why a roll waits for the user when rows carry the ID of a pupil 在读 outside their scope under
 * another 学籍号: imported, the row joins that child's 一生一档 (and opens it to this scope), and the
 * child is then on two rolls. The other school is not named (it is outside the reader's scope).
 */
export function idHeldAwayMessage(rows: readonly IdHeldAway[]): string {
  const sorted = [...rows].sort((a, b) => a.row - b.row);
  const each = sorted
    .slice(0, 5)
    .map((p) => `第 ${p.row} 行（身份证件号 ${maskId(p.idNumber)}）`)
    .join('、');
  const more = sorted.length > 5 ? `等 ${sorted.length} 行` : '';
  return (
    `${each}${more}的身份证件号属于一名在您管辖范围以外的学校在读的学生，原学校尚未将其记为离校。` +
    '导入后这些学生将同时在两所学校在读（一人多籍），并关联到该学生的一生一档。如确已转入本校，请点下方的确认按钮后导入；' +
    '如果身份证件号填错，请更正后重新导入'
  );
}

/**
 * The warning of a row within the importer's scope whose valid ID differs from the valid ID stored
 * under its 学籍号: a correction. The pupil's record leaves the person file of the former ID for
 * that of the new one, and what the comparison found for the former ID no longer holds.
 */
export function idCorrectedWarning(
  row: number,
  storedId: string,
  rowId: string,
  /** The new ID is not filed under its person (another person's ID: idIsAnothers, or another scope's person under another name): the record goes to a file of its own. */
  filedApart = false,
): RowMessage {
  const where = filedApart
    ? '该学籍从原身份证号的人员档案转到一份按学籍号新建的人员档案（新身份证号属于另一人员，未关联到其一生一档）'
    : '该学籍从原身份证号的人员档案转到新身份证号的人员档案';
  return {
    row,
    column: '身份证件号',
    message:
      `身份证件号 ${maskId(rowId)} 与该学籍号原有的身份证件号 ${maskId(storedId)} 不同：已按更正身份证号导入，` +
      `${where}，按原身份证号得出的比对结果和人工核实结果（如有）作废，请重新比对；如是误填，请改回后重新导入`,
    severity: 'warning',
    effect: true,
  };
}

/** How many rows a notice names (the rest counted). */
const NOTICE_ROWS = 20;

/**
 * The notice of an import that voided the comparison results of pupils whose ID changed, naming
 * their rows (tester t28b F2: an ID given where the stored one was invalid has no row warning of its
 * own — only a correction of one valid ID by another has — so the notice counted a pupil it did
 * not name).
 */
export function voidedResultsNotice(rows: readonly number[]): string {
  const named = rows.slice(0, NOTICE_ROWS).join('、');
  const more = rows.length > NOTICE_ROWS ? '等' : '';
  return `${rows.length} 名学生（第 ${named} 行${more}）的身份证号与系统中原有的不同（更正、新填或无法识别）：其原比对结果已作废，应享资助在重新比对之前不将其计为建档立卡学生，请重新运行信息比对`;
}

/**
 * The warning of a row whose name differs from the 一生一档 of its ID's person, who has records
 * outside the importer's scope: the file keeps its name (an import may not rename another scope's
 * child), the roll's record keeps the roll's.
 */
export function personNameKeptWarning(row: number): RowMessage {
  return {
    row,
    column: '姓名',
    message:
      '姓名与系统中该身份证件号人员的一生一档姓名不同，而该人员有您管辖范围以外的记录：一生一档的姓名未改（学籍记录按本名册保存）。请核对身份证件号和姓名',
    severity: 'warning',
    effect: true,
  };
}

/** The notice of a list import that kept, for `n` persons with records outside the importer's scope, their 一生一档 name. */
export function personNamesKeptNotice(n: number, what: string): string {
  return `${n} 人的姓名与系统中同一身份证号人员的一生一档姓名不同，且该人员有您管辖范围以外的记录：一生一档的姓名未改（${what}中的姓名按文件保存）。请核对这些人的身份证号和姓名`;
}

/**
 * The warning of an import row whose valid ID is a person's who belongs to another scope only,
 * under another name: imported, but not filed under that person's 一生一档 (which it would open to
 * the importer). `column` is the file's ID column.
 */
export function othersPersonWarning(row: number, column: string, idNumber: string): RowMessage {
  return {
    row,
    column,
    message:
      `${column} ${maskId(idNumber)} 在系统中属于您管辖范围以外的另一人，而本行姓名与其不一致：` +
      '本行已导入，但未关联到该人员的一生一档（信息比对时会核对证件号和姓名）；请核对证件号（是否填成了他人的证件号）和姓名',
    severity: 'warning',
    effect: true,
  };
}

/**
 * True when a roll row's valid ID cannot be the pupil's own: the row's own birth date is two years
 * or more from the ID's (a parent's or grandparent's ID typed in the child's row, a sibling's). A
 * date one year or less off is a typo of the date more likely than another person. Such a row is
 * not filed under that ID's 一生一档 (it would rename the adult after the child); its ID problem is
 * reported as before and the matcher reads it as someone else's.
 */
export function idIsAnothers(idNumber: string | null, birthDate: string | null): boolean {
  if (idNumber === null || birthDate === null || idNumber.length !== 18) return false;
  const idYear = Number(idNumber.slice(6, 10));
  const year = Number(birthDate.slice(0, 4));
  return Number.isFinite(idYear) && Number.isFinite(year) && Math.abs(idYear - year) >= 2;
}

/**
 * Why a row's valid ID is someone else's rather than a correction of the pupil's: see
 * `anothersIdInstead`; 'person', the ID of another person on record under another name (a twin's,
 * whose birth date is the pupil's: tester v22b F3).
 */
export type AnothersId = 'guardian' | 'born' | 'person';

/**
 * Whether a row's valid ID `given`, other than the valid ID `stored` under its 学籍号, is plainly
 * someone else's — the row's own guardian's ID (POLICY.md's "the guardian's ID typed in the child's
 * row"), or born two years or more from the row's birth date (idIsAnothers) — while the stored ID is
 * neither. Then the row is no correction: the pupil keeps the stored ID (and their person, their
 * comparison result, their aid), and the row is warned. Null when the change may be a correction.
 */
export function anothersIdInstead(
  given: string,
  stored: string,
  guardianIdRaw: string | null,
  birthDate: string | null,
): AnothersId | null {
  if (given === stored) return null;
  const guardian = guardianIdRaw ? normaliseId(guardianIdRaw).id : null;
  if (guardian !== null && given === guardian && stored !== guardian) return 'guardian';
  if (idIsAnothers(given, birthDate) && !idIsAnothers(stored, birthDate)) return 'born';
  return null;
}

/** The warning of a row whose ID `anothersIdInstead` found to be someone else's: the stored ID stands. */
export function anothersIdKeptMessage(whose: AnothersId, given: string, birthDate: string | null): string {
  if (whose === 'person')
    return `身份证件号 ${maskId(given)} 在系统中属于另一人（姓名与本行不同），不是该生本人的证件号（疑为兄弟姐妹的）：沿用该学籍号原有的身份证号，请在学籍系统中改正`;
  const why =
    whose === 'guardian' || birthDate === null
      ? '与本行的监护人身份证件号相同'
      : `中的出生日期（${given.slice(6, 10)}年）与本行的出生日期（${birthDate}）相差 ${Math.abs(
          Number(given.slice(6, 10)) - Number(birthDate.slice(0, 4)),
        )} 年`;
  return `身份证件号 ${maskId(given)} ${why}，不是该生本人的证件号（疑为家长或兄弟姐妹的）：沿用该学籍号原有的身份证号，请在学籍系统中改正`;
}

/**
 * True when two names share no character and do not read alike (林博俊 / 大四四九八八九): a roll row
 * under a stored pupil's 学籍号 with such a name is more likely a wrong 学籍号 than a new name (a
 * renamed pupil keeps the surname, or a character).
 */
export function unrelatedNames(a: string, b: string): boolean {
  const x = nameKey(a);
  const y = nameKey(b);
  if (x === '' || y === '' || nameReadsAlike(x, y)) return false;
  const chars = new Set(x);
  for (const c of y) if (chars.has(c)) return false;
  return true;
}

/** The warning of a roll row whose name is `unrelatedNames` to the one stored under its 学籍号. */
export function unrelatedNameWarning(row: number, stored: string, given: string): RowMessage {
  return {
    row,
    column: '姓名',
    message: `姓名“${given}”与该学籍号原有的姓名“${stored}”没有一个字相同：已按本行导入，请核对学籍号是否填错（改名一般保留姓氏）`,
    severity: 'warning',
  };
}

/**
 * The warning of a row that gives the pupil stored under its 学籍号 another name AND another sex or
 * birth date (both given on either side): most often another child's row under a mistyped 学籍号
 * (tester t28f F2: 张恒锦, 男 became 张恒涵, 女 unsaid); null for anything less. A name that shares no
 * character is told by `unrelatedNameWarning` already.
 */
export function identityChangeWarning(
  row: number,
  stored: { name: string; sex: string | null; birthDate: string | null },
  given: { name: string; sex: string | null; birthDate: string | null },
): RowMessage | null {
  if (stored.name === given.name || unrelatedNames(stored.name, given.name)) return null;
  const sex = stored.sex !== null && given.sex !== null && stored.sex !== given.sex;
  const born = stored.birthDate !== null && given.birthDate !== null && stored.birthDate !== given.birthDate;
  if (!sex && !born) return null;
  const sexText = (s: string | null) => (s === 'M' ? '男' : s === 'F' ? '女' : (s ?? ''));
  const side = (x: typeof stored) =>
    [x.name, sex ? sexText(x.sex) : null, born ? x.birthDate : null].filter((v) => v !== null).join('，');
  const what = ['姓名', sex ? '性别' : null, born ? '出生日期' : null].filter((v) => v !== null).join('和');
  return {
    row,
    column: '学籍号',
    message: `${what}都与该学籍号原有的学生不同（${side(stored)} → ${side(given)}）：已按本行导入，多半是另一名学生的学籍号填错了，请核对；如确是同一学生（更名并更正${sex ? '性别' : '出生日期'}），可不理会`,
    severity: 'warning',
  };
}

/**
 * A row whose ID is that of a 建档立卡 person whom a reviewer said the pupil is not (a rejected
 * match): the pupil stays in a file of their own, not that person's (tester v24b F1).
 */
export function rejectedPersonWarning(row: number, idNumber: string): RowMessage {
  return {
    row,
    column: '身份证件号',
    message:
      `身份证件号 ${maskId(idNumber)} 与建档立卡名单中的一名人员相同，但信息比对核实时已否决该生是此人：` +
      '本行已导入，仍按学籍号单独建档，不并入该人员的一生一档；两人之一的证件号有误，请核实更正',
    severity: 'warning',
    effect: true,
  };
}
