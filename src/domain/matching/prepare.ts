/**
 * Normalises roll and registry rows once, before blocking and comparison: IDs cleaned and marked
 * trusted/untrusted (POLICY.md "Known damage"), names simplified with a pinyin key, birth date from
 * the record or the ID, the household place as one string. Per-row problems are collected for the
 * report (row number, column, Chinese reason) instead of stopping the run.
 */
import { hasValidCheckChar, isRealDay } from '../identity/checksum.ts';
import { documentKind, documentLabel } from '../identity/document-type.ts';
import {
  idFromStudentNo,
  isExcelScientific,
  type NormalisedId,
  normaliseId,
  recordDate,
  STUDENT_NO_ID_MISMATCH,
  zeroedCopyOf,
} from '../identity/id-number.ts';
import {
  type NormalisedName,
  nameProblemText,
  normaliseName,
  pinyinKey,
  surname,
  TwoGenerationCache,
} from '../identity/name.ts';
import { withoutZeroWidth } from '../identity/zero-width.ts';
import type { PreparedPerson, PreparedStudent, RawRegistryPerson, RawStudent, RowIssue } from './types.ts';

const SCI_MANTISSA_RE = /^\s*['`]?(\d)(?:\.(\d+))?E\+?\d{1,2}\s*$/i;
const PLACE_PREFIX_RE = /^(?:福建省)?(?:三明市)?/;
const SPACES_RE = /[\s\u3000]+/g;

/**
 * Relations that make a registry person an adult of the household when the age is unknown (no
 * readable ID), as the national system writes them (之父, 之儿媳) and without its 之 (父, 儿媳), as
 * county lists and household registers do. A known age decides: a 户主 of 14 is a child.
 */
export const ADULT_RELATIONS: ReadonlySet<string> = new Set(
  [
    '户主',
    '本人',
    '配偶',
    '妻',
    '妻子',
    '夫',
    '丈夫',
    '父',
    '父亲',
    '母',
    '母亲',
    '公公',
    '婆婆',
    '岳父',
    '岳母',
    '儿媳',
    '媳妇',
    '女婿',
    '祖父',
    '祖母',
    '外祖父',
    '外祖母',
    '兄弟姐妹',
  ].flatMap((r) => [r, `之${r}`]),
);

/** Chinese label of the information Excel destroyed, or null when none was lost. */
function excelLabel(n: NormalisedId): string | null {
  if (n.damage.includes('scientific_notation')) return '科学计数法';
  if (n.damage.includes('trailing_000')) return '末三位变为000';
  return null;
}

/** How many leading characters of the cleaned ID are as issued. */
export function knownDigits(n: NormalisedId): number {
  if (n.candidate === null || n.candidate.length !== 18) return 0;
  if (n.damage.includes('scientific_notation')) {
    const m = SCI_MANTISSA_RE.exec(n.raw);
    return m ? 1 + (m[2]?.length ?? 0) : 15;
  }
  if (n.damage.includes('trailing_000')) return 15;
  return 18;
}

/**
 * True for a cell that is already a real 'YYYY-MM-DD' day in 1900–2100 (nearly every cell of a
 * roll): `parseRecordDate` returns such a cell unchanged, without its regular expression and Date.
 */
function isIsoDate(s: string): boolean {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    y = y * 10 + c;
  }
  const m1 = s.charCodeAt(5) - 48;
  const m2 = s.charCodeAt(6) - 48;
  const d1 = s.charCodeAt(8) - 48;
  const d2 = s.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  return isRealDay(y, m1 * 10 + m2, d1 * 10 + d2);
}

/** 'YYYY-MM-DD' from a 出生日期 cell in its usual spellings (an Excel date serial too), or null. */
export function parseRecordDate(s: string): string | null {
  return s.length === 10 && isIsoDate(s) ? s : recordDate(s);
}

const MONTH_RE = /^(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*月?|(\d{2}))$/;

/**
 * 'YYYY-MM' from a 出生年月 cell that gives the year and month only ('2012-03', '2012.3',
 * '2012年3月', '201203'), or null. A form's 出生年月 column holds these; they are no error, and
 * say only which month the ID's birth date must fall in.
 */
export function parseRecordMonth(s: string): string | null {
  const m = MONTH_RE.exec(s.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2] ?? m[3]);
  if (year < 1900 || year > 2100 || month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/**
 * The 出生日期 cell as a date: a whole date as written; or, when it gives only the year and month,
 * the ID's birth date when the ID is trusted and born in that month. `mismatch` tells that the cell's
 * month is not the ID's (someone else's ID, often), and the row then has no birth date.
 */
export function recordBirth(
  cell: string,
  idBirth: string | null,
  idTrusted: boolean,
): { date: string | null; month: string | null; mismatch: boolean } {
  const date = parseRecordDate(cell);
  if (date !== null || cell.trim() === '') return { date, month: null, mismatch: false };
  const month = parseRecordMonth(cell);
  if (month === null) return { date: null, month: null, mismatch: false };
  if (idTrusted && idBirth?.startsWith(month)) return { date: idBirth, month, mismatch: false };
  return { date: null, month, mismatch: idTrusted && idBirth !== null };
}

/** 'M' | 'F' from 性别 cells (男/女, 男性/女性, 男生/女生, M/F, 1/2). */
export function parseSex(s: string): 'M' | 'F' | null {
  const t = s.trim();
  if (t === '男' || t === 'M' || t === 'm' || t === '1' || t === '男性' || t === '男生') return 'M';
  if (t === '女' || t === 'F' || t === 'f' || t === '2' || t === '女性' || t === '女生') return 'F';
  return null;
}

/** Full years between two 'YYYY-MM-DD' dates. */
export function ageOn(birthDate: string, asOf: string): number {
  const years = Number(asOf.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return asOf.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

const placeCache = new TwoGenerationCache<string>(100_000);

/** Household place written as one string without the province/city prefix ('宁化县石壁镇红旗村'). */
export function normalisePlace(s: string): string {
  let hit = placeCache.get(s);
  if (hit === undefined) {
    hit = s.replace(SPACES_RE, '').replace(PLACE_PREFIX_RE, '');
    placeCache.set(s, hit);
  }
  return hit;
}

const CLEAN_ID_RE = /^\d{17}[\dX]$/;

/**
 * Cleaned guardian ID text for lookups (a clean cell skips the full normaliser: most rows), and
 * whether it carries a check character that passes: an old 15-digit number has none (the one added
 * in making it 18 digits proves nothing), so a typo in it cannot be told from another person's.
 */
function guardianIdText(raw: string): { id: string | null; checked: boolean } {
  if (CLEAN_ID_RE.test(raw)) return { id: raw, checked: hasValidCheckChar(raw) };
  if (raw.trim() === '') return { id: null, checked: false };
  const n = normaliseId(raw);
  // An ID Excel cut short ('3.50425E+17', …000) would equal every other one cut the same way.
  const id = knownDigits(n) === 18 ? n.candidate : null;
  return { id, checked: id !== null && !n.damage.includes('fifteen_digit') && hasValidCheckChar(id) };
}

const ID_REASONS: Partial<Record<string, string>> = {
  scientific_notation: '身份证号被Excel转成数字(科学计数法)，后几位已丢失',
  trailing_000: '身份证号被Excel转成数字，末三位变为000',
  bad_checksum: '身份证号校验位错误',
  bad_date: '身份证号中的出生日期无效',
  bad_length: '身份证号位数不对',
  non_digit: '身份证号含非法字符',
};

/** Chinese reason for an unusable ID, or null when the ID is trusted or simply empty. */
export function idProblem(n: NormalisedId): string | null {
  if (n.trusted) return null;
  for (const d of n.damage) {
    const r = ID_REASONS[d];
    if (r) return r;
  }
  return null;
}

const nameCache = new TwoGenerationCache<NormalisedName>(150_000);

/**
 * normaliseName, cached per raw cell: a million-row roll has a few hundred thousand distinct names,
 * and the traditional→simplified conversion inside is the costliest step per row.
 */
function cachedName(raw: string): NormalisedName {
  let hit = nameCache.get(raw);
  if (hit === undefined) {
    hit = normaliseName(raw);
    nameCache.set(raw, hit);
  }
  return hit;
}

/** What a file's encoding writes for a character it cannot hold: '?', its full-width form, '□', U+FFFD. */
const LOST_CHAR_RE = /[?\uff1f\u25a1\ufffd]/g;
const LOST_CHAR_TEST_RE = /[?\uff1f\u25a1\ufffd]/;
const HAN_CHAR_RE = /\p{Script=Han}/u;

/**
 * A name invalid only for characters its file's encoding lost (a CSV saved in GBK writes '?' for a
 * rare character or a middle dot it lacks: 古丽娜?艾尼瓦尔, 李?明 — tester t28a F2), with each lost one
 * as '?'; null for any other name. Kept for the comparison (compare.ts lostCharLevel: a '?' stands
 * for any one character or a dot, as near as a homophone, never an exact name), not written back; at
 * most two lost, and a Han character left beside them.
 */
export function nameWithLostChars(nm: NormalisedName): string | null {
  if (nm.valid || nm.problem !== 'non_chinese' || !LOST_CHAR_TEST_RE.test(nm.name)) return null;
  const name = nm.name.replace(LOST_CHAR_RE, '?');
  const rest = name.replaceAll('?', '');
  if (name.length - rest.length > 2 || !HAN_CHAR_RE.test(rest)) return null;
  return normaliseName(rest.replaceAll('\u00b7', '')).valid ? name : null;
}

/** The 问题清单 reason of a name kept with lost characters (nameWithLostChars). */
function lostCharsReason(raw: string): string {
  return `姓名“${raw
    .trim()
    .replace(/\p{Cc}/gu, '')
    .slice(
      0,
      50,
    )}”中有“?”，多为导出或保存时丢失的字符（生僻字或间隔号“·”，如以 GBK 编码保存 CSV 时），已按其余字符比对，请核实`;
}

const nameKeyCache = new TwoGenerationCache<{ pinyin: string; surname: string }>(150_000);

/** Pinyin key and surname of a normalised name, cached (the same names recur across a million rows). */
function nameKeys(name: string): { pinyin: string; surname: string } {
  let hit = nameKeyCache.get(name);
  if (hit === undefined) {
    hit = name === '' ? { pinyin: '', surname: '' } : { pinyin: pinyinKey(name), surname: surname(name) };
    nameKeyCache.set(name, hit);
  }
  return hit;
}

/**
 * Prepares one roll row. Problems (invalid ID, formula in a name, ID contradicting the recorded
 * birth date) go to `issues`; the row is still compared on whatever survived.
 */
export function prepareStudent(raw: RawStudent, issues?: RowIssue[]): PreparedStudent {
  // A passport or 通行证 number is no 公民身份号码: the row is compared as one without an ID.
  const kind = raw.idType ? documentKind(raw.idType) : 'citizen';
  const other = kind === 'other';
  const nid = normaliseId(other ? '' : raw.idNumber);
  const nm = cachedName(raw.name);
  const lost = nameWithLostChars(nm);
  const name = nm.valid || nm.problem === 'formula' ? nm.name : (lost ?? '');
  // (A lost character left out of the blocking keys: 古丽娜?艾尼瓦尔 is blocked with 古丽娜·艾尼瓦尔.)
  const keys = nameKeys(lost === null ? name : lost.replaceAll('?', ''));
  // (A 出生年月 cell of year and month only stands for the ID's date when they agree.)
  const birth = recordBirth(raw.birthDate, nid.birthDate, nid.trusted);
  const recordDate = birth.date;
  const recordSex = parseSex(raw.sex);

  const gname = raw.guardianName.trim() === '' ? null : cachedName(raw.guardianName);
  const guardian = guardianIdText(raw.guardianIdNumber);
  // The ID column holds the 监护人身份证件号 and the row gives no 出生日期 of its own: the ID's date
  // and sex are the guardian's, not the pupil's.
  const guardiansId = nid.trusted && nid.id !== null && guardian.id === nid.id && recordDate === null;
  if (issues) {
    const reason = idProblem(nid);
    if (reason)
      issues.push({ row: raw.row, column: '身份证件号', reason: `${reason}：${raw.idNumber.trim()}` });
    else if (nid.damage.includes('empty') && !other)
      issues.push({ row: raw.row, column: '身份证件号', reason: '身份证号为空' });
    if (kind === 'unknown')
      issues.push({
        row: raw.row,
        column: '身份证件类型',
        reason: `身份证件类型“${documentLabel(raw.idType!)}”无法识别，已按居民身份证核对证件号`,
      });
    if (nm.problem === 'formula')
      issues.push({ row: raw.row, column: '姓名', reason: '姓名以公式字符(= + - @)开头，已按文本处理' });
    else if (lost !== null) issues.push({ row: raw.row, column: '姓名', reason: lostCharsReason(raw.name) });
    else if (!nm.valid)
      issues.push({ row: raw.row, column: '姓名', reason: invalidNameReason(raw.name, nm) });
    // A 出生日期 that is no date (2009/13/45, 12-06-20): told, as the import tells it, and not compared.
    if (birth.date === null && birth.month === null && raw.birthDate.trim() !== '')
      issues.push({
        row: raw.row,
        column: '出生日期',
        reason: `出生日期“${raw.birthDate.trim().slice(0, 30)}”不是有效日期（如 2010-09-01），该行按出生日期不详比对`,
      });
    // A 学籍号 Excel turned into a number (the G lost, the last digits 000 or 科学计数法), as the
    // import tells it (tester v21a F8): the output keeps it as read.
    const no = raw.studentNo.trim();
    const cut000 = /^\d{15}000$/.test(no);
    if (cut000 || isExcelScientific(no))
      issues.push({
        row: raw.row,
        column: '学籍号',
        reason:
          cut000 && nid.trusted && nid.id !== null && nid.id.startsWith(no.slice(0, 15))
            ? `学籍号“${no}”被 Excel 转成了数字（“G”和末三位已丢失），应为 G${nid.id}：请在学籍系统中核对，或将该列设为“文本”后重新导出`
            : `学籍号“${no}”被 Excel 转成了数字，原学籍号已丢失：请从学籍系统重新导出，或将该列设为“文本”后重新导出`,
      });
    // A valid ID that is not the 学籍号's (G + ID), as the import tells it (tester v21a F4).
    const fromNo = nid.trusted && nid.id !== null && /^[Gg]/.test(no) ? idFromStudentNo(no) : null;
    if (fromNo !== null && fromNo !== nid.id)
      issues.push({
        row: raw.row,
        column: '身份证件号',
        reason: zeroedCopyOf(nid, fromNo)
          ? `身份证件号“${raw.idNumber.trim()}”末三位为 000，与学籍号中的身份证号前 15 位相同，应是 Excel 保存时改的：按学籍号中的身份证号比对`
          : STUDENT_NO_ID_MISMATCH,
      });
    // The guardian's ID typed in the pupil's column: said as such (its birth date is the guardian's).
    if (nid.trusted && nid.id !== null && guardian.id === nid.id)
      issues.push({
        row: raw.row,
        column: '身份证件号',
        reason: '身份证件号与监护人身份证件号相同：应为误填了监护人的证件号，请更正为学生本人的证件号',
      });
    // Same test as identity's checkIdAgainstRecord, on values already at hand.
    else if (
      birth.mismatch ||
      (nid.trusted && recordDate !== null && nid.birthDate !== null && recordDate !== nid.birthDate)
    )
      issues.push({ row: raw.row, column: '身份证件号', reason: '身份证号中的出生日期与出生日期列不一致' });
  }
  const known = knownDigits(nid);
  return {
    row: raw.row,
    studentNo: withoutZeroWidth(raw.studentNo).trim(),
    name,
    nameTraditional: nm.simplified,
    pinyin: keys.pinyin,
    surname: keys.surname,
    otherDocument: other ? documentLabel(raw.idType!) : null,
    id: nid.candidate !== null && nid.candidate.length === 18 ? nid.candidate : null,
    idTrusted: nid.trusted,
    idKnown: known,
    idExcel: excelLabel(nid),
    studentNoId:
      raw.studentNo === ''
        ? null
        : nid.trusted &&
            raw.studentNo.length === 19 &&
            raw.studentNo.endsWith(nid.id!) &&
            /^[Gg]/.test(raw.studentNo)
          ? nid.id
          : idFromStudentNo(raw.studentNo),
    // A month that is not the ID's: the ID's date is someone else's, and the row has none. Nor is
    // it the pupil's when the ID is the row's guardian's (tester v25a F3: the father's birth date
    // made the father "the same person", and "出生日期一致" was said of an empty 出生日期).
    birthDate: birth.mismatch || guardiansId ? null : (recordDate ?? nid.birthDate),
    birthTrusted: !birth.mismatch && (recordDate !== null || (nid.trusted && !guardiansId)),
    birthFromId: !birth.mismatch && !guardiansId && recordDate === null && nid.birthDate !== null,
    // The ID's sex digit only when the ID can be the student's (not born on another date).
    sex:
      recordSex ??
      (!birth.mismatch && !guardiansId && (recordDate === null || nid.birthDate === recordDate)
        ? nid.sex
        : null),
    sexFromId: recordSex === null,
    guardianName: gname?.valid ? gname.name : '',
    guardianId: guardian.id,
    guardianIdValid: guardian.checked,
    place: normalisePlace(raw.hukou),
  };
}

/**
 * True for a 与户主关系 naming a child or grandchild of the head, with the national system's 之 or
 * without it (之子, 之女, 之孙女; 子, 长女, 孙子, 外孙女, 继子, 养女); not an in-law or a spouse (之儿媳,
 * 女婿, 妻子) nor a parent.
 */
function isChildRelation(relation: string): boolean {
  return /[子女孙]/.test(relation) && !/[媳婿妻夫父母]/.test(relation);
}

/**
 * How many generations below the head a child relation is: 1 for a child (之子, 长女, 养子), 2 for a
 * grandchild (之孙子, 外孙女), 3 for a great-grandchild (曾孙). For isChildRelation relations only.
 */
function childGeneration(relation: string): number {
  return relation.includes('曾孙') ? 3 : relation.includes('孙') ? 2 : 1;
}

const HEAD_RE = /^(户主|本人|户主本人)$/;

/** True for the 与户主关系 of the head's own row (户主, or 本人 as some exports write it). */
export function isHeadRelation(relation: string): boolean {
  return HEAD_RE.test(relation.trim());
}

/** Fewest years between a parent and a child: a "child" born sooner after the head carries another's ID. */
export const MIN_PARENT_GAP = 14;
/** Most years between the head and the spouse for the two to vouch for the head's birth year. */
const SPOUSE_GAP = 10;

/**
 * Registry children carrying an ID that is not theirs — the guardian's ID typed into the child's
 * row, which happens in registry exports as on rolls. Two signs of it: the ID is that of an adult
 * of their own household; or it is an adult's ID born less than MIN_PARENT_GAP years after the head,
 * whose age the spouse's confirms (a 之女 born ten years after her father is somebody else's number,
 * most often a guardian who is not in the registry). The child is then taken as having no ID (found by name and household, age
 * unknown) and the row is reported. Replaces those persons in `persons`; the adult keeps the ID.
 */
/** The 问题清单 reason of an invalid name: the name (up to 50 characters) and why it is invalid. */
function invalidNameReason(raw: string, nm: NormalisedName): string {
  // (An empty cell is said as one: "姓名无效：" with nothing after it said nothing — tester v26c F4.)
  if (raw.trim() === '') return '姓名为空';
  const why = nameProblemText(nm);
  // (Without its control characters, which `why` names by code point: tester t28a F7.)
  return `姓名无效：${raw
    .trim()
    .replace(/\p{Cc}/gu, '')
    .slice(0, 50)}${why ? `（${why}）` : ''}`;
}

export function dropBorrowedIds(persons: PreparedPerson[], issues?: RowIssue[]): void {
  const holders = new Map<string, number>(); // houseKey + '|' + ID → index of its non-child holder
  // houseKey + '|' + the ID's first 15 characters (area, birth date, one digit): what is left of an
  // ID whose last three digits Excel zeroed — one of them is the holder's whenever these agree, as
  // a child is never born on the day an adult of the household was.
  const holders15 = new Map<string, number>();
  const heads = new Map<string, number>(); // houseKey → index of the 户主 row with a birth date
  const spouses = new Map<string, number>(); // houseKey → index of the 配偶 row with a valid ID
  // houseKey + '|' + ID → the child (of the shallowest generation) who holds it: a grandchild with
  // the same adult's number as a 之子 carries their father's ID (tester v25a F1).
  const elders = new Map<string, number>();
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    if (p.houseKey === '' || p.id === null) continue;
    if (isChildRelation(p.relation)) {
      if (p.idKnown !== 18) continue;
      const key = `${p.houseKey}|${p.id}`;
      const had = elders.get(key);
      if (had === undefined || childGeneration(p.relation) < childGeneration(persons[had]!.relation))
        elders.set(key, i);
      continue;
    }
    if (p.idKnown === 18) holders.set(`${p.houseKey}|${p.id}`, i);
    if (p.idKnown >= 15) holders15.set(`${p.houseKey}|${p.id.slice(0, 15)}`, i);
    // The head's birth date: from a valid ID, else from one whose 18 digits are all there (a typo
    // elsewhere than the date leaves it right; one in the date rarely moves it by years).
    if (isHeadRelation(p.relation) && p.birthDate !== null && p.idKnown === 18) {
      const had = heads.get(p.houseKey);
      if (had === undefined || (!persons[had]!.idTrusted && p.idTrusted)) heads.set(p.houseKey, i);
    }
    if (p.relation === '配偶' && p.idTrusted && p.birthDate !== null) spouses.set(p.houseKey, i);
  }
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    if (p.id === null || p.houseKey === '' || !isChildRelation(p.relation)) continue;
    let h =
      holders.get(`${p.houseKey}|${p.id}`) ??
      (p.idKnown >= 15 ? holders15.get(`${p.houseKey}|${p.id.slice(0, 15)}`) : undefined);
    // An adult's number (18+) a child of an older generation of the household also has: theirs.
    if (h === undefined && p.idKnown === 18 && p.age >= 18) {
      const e = elders.get(`${p.houseKey}|${p.id}`);
      if (e !== undefined && childGeneration(persons[e]!.relation) < childGeneration(p.relation)) h = e;
    }
    let reason: string;
    // The number, when it is no row's own: a guardian's, to lead a roll's 监护人身份证件号 here.
    let borrowedId: string | null = null;
    if (h !== undefined) {
      const holder = persons[h]!;
      const same = holder.id === p.id ? '相同' : '前15位相同（末三位经Excel变为000）';
      reason = `证件号码与本户${holder.relation || '成员'}${holder.rawName}（第${holder.row}行）${same}，应为误填了他人的证件号，已按无证件号比对`;
    } else if (p.carriesHeadId && p.age >= 18) {
      // The head's number, its own row not in the file (an export of the children only): an adult's
      // ID in a child's row is the head's, not the child's (tester v25a F2).
      reason = '证件号码与本行的户主证件号码相同，应为误填了户主的证件号，已按无证件号比对';
      if (p.idTrusted) borrowedId = p.id;
    } else {
      const hi = heads.get(p.houseKey);
      const si = spouses.get(p.houseKey);
      // Only an adult's number (a guardian's) born after the head: a "child" born before the head
      // says more about the head's own ID, and a minor's number is most likely the child's own.
      if (hi === undefined || si === undefined || !p.idTrusted || p.birthDate === null || p.age < 18)
        continue;
      const head = persons[hi]!;
      const headYear = Number(head.birthDate!.slice(0, 4));
      // The head's age counts only when the spouse's agrees with it: a head's ID can be wrong too,
      // and then it is the head's number, not the child's, that is out of line.
      if (Math.abs(Number(persons[si]!.birthDate!.slice(0, 4)) - headYear) > SPOUSE_GAP) continue;
      const gap = Number(p.birthDate.slice(0, 4)) - headYear;
      if (gap < 0 || gap >= MIN_PARENT_GAP) continue;
      reason = `证件号码中的出生日期为${p.birthDate}，与户主${head.rawName}（第${head.row}行，生于${head.birthDate}）相差不足${MIN_PARENT_GAP}岁，不可能是户主${p.relation}本人的号码，应为误填了他人（多为监护人）的证件号，已按无证件号比对`;
      borrowedId = p.id;
    }
    const keys = nameKeys(p.name);
    persons[i] = {
      ...p,
      id: null,
      idTrusted: false,
      idChecked: false,
      idKnown: 0,
      birthDate: null,
      age: -1,
      adult: false,
      pinyin: keys.pinyin,
      surname: keys.surname,
      borrowedId,
    };
    issues?.push({ row: p.row, column: '证件号码', reason });
  }
}

/** What a household is grouped by when its 户编号 is lost, as the problem list says it. */
const HOUSE_BASIS = {
  headId: '已按户主证件号码分户',
  headName: '已按户主姓名和所在村分户',
  headRow: '已按文件中其上方最近的户主行分户',
  none: '无法分户，按单人户比对',
} as const;

/** The household key `groupByHeadRows` gives: the row of the household's 户主. */
const HEAD_ROW_KEY = '户主行:';

/**
 * The key a registry person's household is grouped by (see `PreparedPerson.houseKey`). A 户编号 or
 * 人编号 in Excel's scientific notation is reported: its digits are lost. A 户编号 so damaged would put
 * every household of a county into one, so the head's ID stands in for it (valid and trusted), else
 * the head's name with the place.
 */
function householdKey(raw: RawRegistryPerson, issues?: RowIssue[]): string {
  const houseNo = withoutZeroWidth(raw.householdNo).trim();
  if (issues && isExcelScientific(raw.personNo))
    issues.push({
      row: raw.row,
      column: '人编号',
      reason: `人编号被Excel转成了科学计数法，原编号已丢失：${raw.personNo.trim()}`,
    });
  if (!isExcelScientific(houseNo)) return houseNo;
  const head = normaliseId(raw.headIdNumber);
  const headName = raw.headName.trim();
  const basis =
    head.trusted && head.id !== null
      ? 'headId'
      : headName !== ''
        ? 'headName'
        : raw.relation.trim() !== ''
          ? 'headRow'
          : 'none';
  const key =
    basis === 'headId'
      ? `户主证件号码:${head.id}`
      : basis === 'headName'
        ? `户主:${headName}|${raw.county.trim()}${raw.township.trim()}${raw.village.trim()}`
        : '';
  issues?.push({
    row: raw.row,
    column: '户编号',
    reason: `户编号被Excel转成了科学计数法，原编号已丢失：${houseNo}；${HOUSE_BASIS[basis]}`,
  });
  return key;
}

/**
 * For persons whose 户编号 Excel destroyed and whose file has no head columns (`householdKey` gave no
 * key): exports list each household's members under its 户主 row, so a person belongs to the nearest
 * 户主 row above (in file order, as `persons` are). Replaces those persons in `persons`.
 */
export function groupByHeadRows(persons: PreparedPerson[]): void {
  let head = '';
  for (let i = 0; i < persons.length; i++) {
    const p = persons[i]!;
    if (p.houseKey !== '' || p.relation === '' || !isExcelScientific(p.householdNo)) continue;
    if (isHeadRelation(p.relation)) head = `${HEAD_ROW_KEY}${p.row}`;
    if (head !== '') persons[i] = { ...p, houseKey: head };
  }
}

/** Prepares one registry row; `asOf` ('YYYY-MM-DD') fixes ages for the adult and compulsory-age tests. */
/**
 * A registry person's birth date: the ID's when its date digits can be trusted (the ID passes its
 * check, or only Excel's damage touched it, after the date); else the export's 出生日期 column when
 * it has one; else the date of an ID failing its check, marked uncertain (a typo may sit in it).
 * `issue` says when the column and a trusted ID disagree, or the column is no date.
 */
export function registryBirthDate(
  nid: NormalisedId,
  cell: string,
  /** 'YYYY-MM-DD': a column date after it is none (the import's day; tester v26d F7). */
  latest?: string,
): { birthDate: string | null; ageUncertain: boolean; issue: string | null } {
  const text = cell.trim();
  const read = text === '' ? null : parseRecordDate(text);
  const future = read !== null && latest !== undefined && read > latest;
  const cellDate = future ? null : read;
  const idSure = nid.birthDate !== null && !nid.damage.includes('bad_checksum');
  let issue: string | null = null;
  if (future)
    issue = `出生日期 ${read} 晚于今天（${latest}），不是有效日期，${idSure ? '按证件号码中的日期' : '出生日期按不详处理'}`;
  else if (text !== '' && cellDate === null)
    issue = `出生日期“${text.slice(0, 30)}”不是有效日期（如 2010-09-01），${idSure ? '按证件号码中的日期' : '出生日期按不详处理'}`;
  else if (idSure && cellDate !== null && cellDate !== nid.birthDate)
    issue = `出生日期 ${cellDate} 与证件号码中的出生日期 ${nid.birthDate} 不一致，按证件号码`;
  if (idSure) return { birthDate: nid.birthDate, ageUncertain: false, issue };
  if (cellDate !== null) return { birthDate: cellDate, ageUncertain: false, issue };
  return { birthDate: nid.birthDate, ageUncertain: nid.birthDate !== null, issue };
}

export function preparePerson(
  raw: RawRegistryPerson,
  asOf: string,
  issues?: RowIssue[],
  /** Today ('YYYY-MM-DD'): a 出生日期 after it is no date (verifier v26e F1). */
  today?: string,
): PreparedPerson {
  const nid = normaliseId(raw.idNumber);
  const nm = cachedName(raw.name);
  const lost = nameWithLostChars(nm);
  const name = nm.valid || nm.problem === 'formula' ? nm.name : (lost ?? '');
  if (issues) {
    const reason = idProblem(nid);
    if (reason)
      issues.push({ row: raw.row, column: '证件号码', reason: `${reason}：${raw.idNumber.trim()}` });
    else if (nid.damage.includes('empty'))
      issues.push({ row: raw.row, column: '证件号码', reason: '证件号码为空' });
    if (nm.problem === 'formula')
      issues.push({ row: raw.row, column: '姓名', reason: '姓名以公式字符(= + - @)开头，已按文本处理' });
    else if (lost !== null) issues.push({ row: raw.row, column: '姓名', reason: lostCharsReason(raw.name) });
    else if (!nm.valid)
      issues.push({ row: raw.row, column: '姓名', reason: invalidNameReason(raw.name, nm) });
    // The key the results name the person by (tester v26c F4: a pupil confirmed to a blank 人编号).
    if (withoutZeroWidth(raw.personNo).trim() === '')
      issues.push({
        row: raw.row,
        column: '人编号',
        reason: '人编号为空：该人员仍参加比对，结果中的人编号为空，请在名单中补齐',
      });
  }
  const houseKey = householdKey(raw, issues);
  const born = registryBirthDate(nid, raw.birthDate ?? '', today);
  if (issues && born.issue !== null) issues.push({ row: raw.row, column: '出生日期', reason: born.issue });
  const birthDate = born.birthDate;
  const age = birthDate ? ageOn(birthDate, asOf) : -1;
  const relation = raw.relation.trim();
  const childRelation = isChildRelation(relation);
  // The relation decides only when the age is unknown: a 户主 of 14 and their 兄弟姐妹 (a household of
  // orphans, 事实无人抚养) are children, to be found on the roll like any other (tester v21a F1).
  const adult = age < 0 ? ADULT_RELATIONS.has(relation) : age >= 30 || (!childRelation && age >= 18);
  // (Compared only for a child's row with an ID: the head's column, normalised, against the row's own.)
  const id = nid.candidate !== null && nid.candidate.length === 18 ? nid.candidate : null;
  const headCell = childRelation && id !== null ? raw.headIdNumber.trim() : '';
  const carriesHeadId =
    headCell !== '' && (headCell === raw.idNumber.trim() || normaliseId(headCell).candidate === id);
  // Pinyin keys only serve blocking, which never looks at adults: skip the cost for them.
  const keys = adult
    ? { pinyin: '', surname: '' }
    : nameKeys(lost === null ? name : lost.replaceAll('?', ''));
  return {
    row: raw.row,
    householdNo: withoutZeroWidth(raw.householdNo).trim(),
    houseKey,
    personNo: withoutZeroWidth(raw.personNo).trim(),
    rawName: raw.name.trim(),
    rawId: raw.idNumber.trim(),
    county: raw.county.trim(),
    township: raw.township.trim(),
    village: raw.village.trim(),
    name,
    nameTraditional: nm.simplified,
    pinyin: keys.pinyin,
    surname: keys.surname,
    id,
    idTrusted: nid.trusted,
    idChecked: nid.trusted && !nid.damage.includes('fifteen_digit'),
    idKnown: knownDigits(nid),
    birthDate,
    ageUncertain: born.ageUncertain,
    sex: parseSex(raw.sex) ?? nid.sex,
    relation,
    age,
    adult,
    carriesHeadId,
    borrowedId: null,
  };
}
