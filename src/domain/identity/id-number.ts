/**
 * Citizen ID numbers (身份证件号, GB 11643-1999) as they arrive in real exports: cleaned, repaired
 * where the repair is certain, and marked untrusted where Excel or a typist destroyed information.
 * POLICY.md "Identifiers and reference data" and "Known damage" are the specification.
 */
import { CHECK_CODES, hasValidCheckChar, ID_WEIGHTS, idCheckChar, isRealDay } from './checksum.ts';
import { withoutZeroWidth } from './zero-width.ts';

export type IdDamage =
  | 'fullwidth'
  | 'whitespace'
  | 'apostrophe'
  | 'lowercase_x'
  /** The ID written as its 学籍号 (G + ID) in the ID column. */
  | 'student_no_form'
  | 'scientific_notation'
  | 'trailing_000'
  | 'fifteen_digit'
  | 'bad_checksum'
  | 'bad_date'
  | 'bad_length'
  | 'non_digit'
  | 'empty';

export interface NormalisedId {
  /** The input as given (numbers converted with String()). */
  raw: string;
  /** Clean 18-character ID (upper-case X) when trustworthy and valid, else null. */
  id: string | null;
  /** Best-effort cleaned string even when untrusted or invalid; null when nothing usable is left. */
  candidate: string | null;
  /** False when information was lost (Excel number damage) or the ID fails its own checks. */
  trusted: boolean;
  /** Everything detected, repaired or found, in detection order. */
  damage: IdDamage[];
  /** 'YYYY-MM-DD' from the ID, when the date digits survived and form a real calendar day. */
  birthDate: string | null;
  /** From the 17th digit (odd = male), when that digit survived. */
  sex: 'M' | 'F' | null;
  /** First 6 digits, when they survived. Never checked against current divisions (codes stay valid for life). */
  areaCode: string | null;
}

// Compiled once: these run on every row of million-row imports.
const WHITESPACE_RE = /[\s\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/g;
/**
 * '?': a file saved in GBK (Excel's "CSV" on a Chinese Windows) writes one for each character the
 * encoding lacks — in an ID cell, an invisible one (a zero-width space pasted in: tester t28a F2).
 * Dropped only when the 18 characters of an ID are left: '?' typed for unknown digits
 * (350421201205061???) is no 15-digit ID (verifier t28c N2).
 */
const LOST_RE = /\?/g;
const FULLWIDTH_RE = /[\uff01-\uff5e]/g;
const LEADING_QUOTE_RE = /^['`\u2018\u2019\u201b\u00b4]+/;
const TRAILING_QUOTE_RE = /['`\u2018\u2019\u00b4]+$/;
const HYPHEN_RE = /(?<=\d)[-\u2010-\u2015\u2212](?=\d)/g;
const SCIENTIFIC_RE = /^(\d)(?:\.(\d+))?E\+?(\d{1,2})$/i;
const DIGITS15_RE = /^\d{15}$/;
const ID18_RE = /^\d{17}[\dX]$/;
const CLEAN_CHARS_RE = /^[\dX]+$/;
/**
 * A check character typed as lower-case x, or as a character that looks like X from a Chinese IME
 * (×, the multiplication sign; Cyrillic Х/х; Greek Χ/χ): the checksum then decides.
 */
const X_LIKE = 'x\u00d7\u0425\u0445\u03a7\u03c7';
const LOWER_X_RE = new RegExp(`^\\d+[${X_LIKE}]$`);
/** The 学籍号 form of an ID (G + 18 characters), its check character as `LOWER_X_RE` reads it. */
const STUDENT_NO_FORM_RE = new RegExp(`^[Gg]\\d{17}[\\dX${X_LIKE}]$`);
const FLOAT_ZERO_RE = /^(\d+)\.0+$/;
const ALL_DIGITS_RE = /^\d+$/;

/** 'YYYY-MM-DD' when the 8 digits are a real calendar day between 1900 and 2100, else null. */
function parseYmd(ymd: string): string | null {
  if (!/^\d{8}$/.test(ymd)) return null;
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  if (!isRealDay(y, m, d)) return null;
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`;
}

/**
 * Converts an old 15-digit ID (6 area + YYMMDD + 3 sequence) to 18 digits: `19` goes after the
 * area code and the check character is computed. Null when the input is not 15 digits or its
 * date is not a real day (a converted ID must be valid).
 */
export function id15to18(id15: string): string | null {
  if (!DIGITS15_RE.test(id15)) return null;
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  if (parseYmd(first17.slice(6, 14)) === null) return null;
  return first17 + idCheckChar(first17)!;
}

/** True for an 18-character ID (upper-case X) with a real birth date in 1900..2100 and a correct check character. */
export function isValidId(id: string): boolean {
  return ID18_RE.test(id) && parseYmd(id.slice(6, 14)) !== null && hasValidCheckChar(id);
}

/** Result under construction; `known` = how many leading characters are known to be as issued. */
interface Work {
  damage: IdDamage[];
  trusted: boolean;
  known: number;
}

/**
 * True for Excel's scientific display of a long number ('3.50424E+15'): what a 户编号, 人编号 or ID
 * becomes when a file passes through Excel without the column set to text. Its digits are lost.
 */
export function isExcelScientific(s: string): boolean {
  return SCIENTIFIC_RE.test(s.trim());
}

/**
 * True for an ID as Excel leaves it: `normaliseId` finds scientific notation or the last three digits
 * set to 000. (Such an ID is never trusted: callers with many rows test only the untrusted ones.)
 */
export function isExcelDamagedId(raw: string): boolean {
  return isExcelDamaged(normaliseId(raw));
}

/** `isExcelDamagedId` of an ID already normalised. */
export function isExcelDamaged(n: NormalisedId): boolean {
  return n.damage.includes('scientific_notation') || n.damage.includes('trailing_000');
}

/**
 * True when `nid` is a valid ID ending in 000 whose first 15 digits are those of the valid ID
 * `other` (a stored one, the 学籍号's), which does not end so: the copy Excel made of `other` (a real
 * ID ends in 000 about one time in a thousand; that it begins with `other` by chance is out of the
 * question).
 */
export function zeroedCopyOf(nid: NormalisedId, other: string): boolean {
  const id = nid.id;
  return (
    id !== null &&
    id !== other &&
    id.endsWith('000') &&
    !other.endsWith('000') &&
    other.startsWith(id.slice(0, 15))
  );
}

/**
 * Expands Excel's scientific display ('3.50421E+17') to digits. Only the mantissa digits are real,
 * everything after them was lost, so they bound `known`.
 */
function expandScientific(s: string, w: Work): string | null {
  const m = SCIENTIFIC_RE.exec(s);
  if (!m) return null;
  const mantissa = m[1]! + (m[2] ?? '');
  const length = Number(m[3]) + 1;
  if (length < mantissa.length) return null;
  w.damage.push('scientific_notation');
  w.trusted = false;
  w.known = mantissa.length;
  return mantissa.padEnd(length, '0');
}

/** Turns a JS number into its digit string; beyond 2^53 the trailing digits are not the real ones. */
function numberToDigits(n: number, w: Work): string | null {
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n) || n >= 1e21) return null;
  const s = String(n);
  if (n > Number.MAX_SAFE_INTEGER) {
    // An xlsx cell keeps 15 significant digits; whatever JS prints after them is not data.
    w.damage.push('scientific_notation');
    w.trusted = false;
    w.known = Math.min(w.known, 15);
  }
  return s;
}

/** Removes formatting damage that is certain to repair (width, spaces, quotes, separators, case). */
function cleanText(s: string, w: Work): string {
  // Most cells are already clean: skip the replacements for them.
  if (CLEAN_CHARS_RE.test(s)) return s;
  let out = s.replace(FULLWIDTH_RE, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (out !== s) w.damage.push('fullwidth');
  let next = out.replace(WHITESPACE_RE, '');
  if (next.includes('?')) {
    const kept = next.replace(LOST_RE, '');
    if (kept.length === 18) next = kept;
  }
  if (next !== out) w.damage.push('whitespace');
  out = next;
  next = out.replace(LEADING_QUOTE_RE, '').replace(TRAILING_QUOTE_RE, '');
  if (next !== out) w.damage.push('apostrophe');
  out = next;
  // Separators ('350421-20050101-1234') are layout, like spaces: reported under 'whitespace'.
  next = out.replace(HYPHEN_RE, '');
  if (next !== out && !w.damage.includes('whitespace')) w.damage.push('whitespace');
  out = next;
  // 'G350421201404154554': the 学籍号 typed into the ID column; G + 18 characters is nothing else.
  if (STUDENT_NO_FORM_RE.test(out)) {
    out = out.slice(1);
    w.damage.push('student_no_form');
  }
  if (LOWER_X_RE.test(out)) {
    out = `${out.slice(0, -1)}X`;
    w.damage.push('lowercase_x');
  }
  const float = FLOAT_ZERO_RE.exec(out);
  if (float) {
    // '350421200501011000.0' is a float printed back as text: same loss as a number cell.
    out = float[1]!;
    if (out.length > 15) {
      w.damage.push('scientific_notation');
      w.trusted = false;
      w.known = Math.min(w.known, 15);
    }
  }
  return out;
}

/** True when the first n characters of c are known and digits. */
function digitsOk(c: string, known: number, n: number): boolean {
  return known >= n && ALL_DIGITS_RE.test(c.slice(0, n));
}

/** Fills birthDate / sex / areaCode from whatever prefix of the candidate is known to be real. */
function describe(raw: string, candidate: string | null, w: Work): NormalisedId {
  const c = candidate ?? '';
  const known = Math.min(w.known, c.length);
  const areaCode = digitsOk(c, known, 6) ? c.slice(0, 6) : null;
  // With a digit missing or extra, positions after the area code cannot be relied on.
  const full = c.length === 18;
  const birthDate = full && digitsOk(c, known, 14) ? parseYmd(c.slice(6, 14)) : null;
  const sex = full && digitsOk(c, known, 17) ? (Number(c[16]) % 2 === 1 ? 'M' : 'F') : null;
  const id = w.trusted && candidate !== null && isValidId(candidate) ? candidate : null;
  return { raw, id, candidate, trusted: id !== null, damage: w.damage, birthDate, sex, areaCode };
}

/**
 * The result `normaliseId` gives a cell that is already a clean, valid, trusted 18-character ID
 * (nearly every cell of a real export), computed without the regular expressions and slices of the
 * general path; null for anything else, which then takes the general path.
 */
function cleanValidId(s: string): NormalisedId | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    sum += d * ID_WEIGHTS[i]!;
  }
  if (s.charCodeAt(17) !== CHECK_CODES[sum % 11]) return null;
  // (No closure for the digits: a function made per call costs more than this whole check.)
  const y =
    (s.charCodeAt(6) - 48) * 1000 +
    (s.charCodeAt(7) - 48) * 100 +
    (s.charCodeAt(8) - 48) * 10 +
    s.charCodeAt(9) -
    48;
  const m = (s.charCodeAt(10) - 48) * 10 + s.charCodeAt(11) - 48;
  const d = (s.charCodeAt(12) - 48) * 10 + s.charCodeAt(13) - 48;
  if (!isRealDay(y, m, d)) return null;
  return {
    raw: s,
    id: s,
    candidate: s,
    trusted: true,
    damage: [],
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: (s.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F',
    areaCode: s.slice(0, 6),
  };
}

/**
 * Cleans and checks one ID cell from an import. Formatting damage (full-width, spaces, apostrophes,
 * separators, lower-case x, 15-digit form) is repaired and the ID stays trusted; information loss
 * (Excel number conversion) or a failing date/checksum makes it untrusted, with the cleaned
 * `candidate` kept for fuzzy matching. Never rejects an area code for not being current.
 */
export function normaliseId(raw: unknown): NormalisedId {
  if (typeof raw === 'string' && raw.length === 18) {
    const fast = cleanValidId(raw);
    if (fast !== null) return fast;
  }
  const w: Work = { damage: [], trusted: true, known: Number.POSITIVE_INFINITY };
  const rawText = raw === null || raw === undefined ? '' : String(raw);
  let s: string | null;
  if (typeof raw === 'number') s = numberToDigits(raw, w);
  else if (typeof raw === 'bigint') s = raw >= 0n ? raw.toString() : null;
  else if (typeof raw === 'string') s = cleanText(raw, w);
  else s = raw === null || raw === undefined ? '' : null;

  if (s === '') {
    // Blank after cleaning: the formatting found on the way says nothing useful.
    w.damage = ['empty'];
    w.trusted = false;
    return describe(rawText, null, w);
  }
  if (s === null) {
    w.damage.push('non_digit');
    w.trusted = false;
    return describe(rawText, null, w);
  }
  s = expandScientific(s, w) ?? s;

  if (DIGITS15_RE.test(s)) {
    w.damage.push('fifteen_digit');
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    // The two inserted digits are certain; anything Excel lost moves right with them.
    if (Number.isFinite(w.known)) w.known += 2;
    if (parseYmd(first17.slice(6, 14)) === null) {
      w.damage.push('bad_date');
      w.trusted = false;
    }
    // The old form carried no check character, so the computed one is as good as what was lost.
    return describe(rawText, first17 + idCheckChar(first17)!, w);
  }

  if (
    !CLEAN_CHARS_RE.test(s) ||
    (s.includes('X') && !s.endsWith('X')) ||
    s.indexOf('X') !== s.lastIndexOf('X')
  ) {
    w.damage.push('non_digit');
    w.trusted = false;
    return describe(rawText, null, w);
  }

  if (s.length !== 18) {
    w.damage.push('bad_length');
    w.trusted = false;
    w.known = Math.min(w.known, s.length);
    return describe(rawText, s, w);
  }

  // A date inside digits Excel already destroyed is not a second finding.
  if (w.known >= 14 && parseYmd(s.slice(6, 14)) === null) {
    w.damage.push('bad_date');
    w.trusted = false;
  }
  if (!hasValidCheckChar(s)) {
    if (s.endsWith('000')) {
      // Excel kept 15 significant digits and zeroed the rest: sequence and check digit are gone.
      w.damage.push('trailing_000');
      w.known = Math.min(w.known, 15);
    } else if (w.known >= 18) {
      w.damage.push('bad_checksum');
    }
    w.trusted = false;
  }
  return describe(rawText, s, w);
}

const RECORD_DATE_RE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/;
const RECORD_DATE_COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;

const SERIAL_RE = /^(\d{5})(?:\.0+)?$/;
/** Day 0 of Excel's 1900 date system (serials after 60, past its phantom 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * 'YYYY-MM-DD' of an Excel date serial: what a date cell shows when it is read without its format,
 * or when Excel turned a date into a number ('41780' is 2014-05-21). Only five-digit serials
 * (1927-05-18 … 2099-12-31) count: a four-digit number in a date column is more likely a year.
 */
export function excelSerialDate(s: string): string | null {
  const m = SERIAL_RE.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  if (n < 10000 || n > 73050) return null;
  return new Date(EXCEL_EPOCH_MS + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Reads a roll's 出生日期 in its usual spellings ('2005-01-01', '2005/1/1', '20050101', '2005年1月1日',
 * an Excel date serial such as '38353').
 */
export function recordDate(s: string): string | null {
  const t = s.trim();
  const m = RECORD_DATE_RE.exec(t) ?? RECORD_DATE_COMPACT_RE.exec(t);
  if (!m) return excelSerialDate(t);
  return parseYmd(m[1]! + m[2]!.padStart(2, '0') + m[3]!.padStart(2, '0'));
}

/**
 * Compares what the ID says with the record's own birth date and sex. A side that is missing or
 * unreadable is skipped rather than reported: only a real contradiction is a problem (it often
 * means a guardian's ID was typed in the child's row).
 */
export function checkIdAgainstRecord(
  n: NormalisedId,
  rec: { birthDate?: string | null; sex?: 'M' | 'F' | null },
): { ok: true } | { ok: false; problems: Array<'birth_date_mismatch' | 'sex_mismatch'> } {
  const problems: Array<'birth_date_mismatch' | 'sex_mismatch'> = [];
  const recDate = rec.birthDate ? recordDate(rec.birthDate) : null;
  if (n.birthDate !== null && recDate !== null && recDate !== n.birthDate)
    problems.push('birth_date_mismatch');
  if (n.sex !== null && rec.sex && rec.sex !== n.sex) problems.push('sex_mismatch');
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/**
 * Masks an ID for display and public notices: the first 6 (the area code) and the last character
 * kept ('350421***********4'). With the birth date known, 3 sequence digits stay hidden: about 90
 * IDs fit (tester v20b F1: the former mask kept 4, and lists show the birth date beside it).
 * Anything of 10 characters or fewer is masked completely.
 */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  // Excel's '3.50421E+17' keeps its exponent in sight: it tells that the digits are lost. Otherwise
  // the area code and the check character only: the birth date is shown beside the ID in many lists,
  // and with the sequence digits (the earlier mask showed three) it gave the whole ID back.
  return maskMiddle(id, 6, /e/i.test(id) ? 4 : 1);
}

/**
 * `s` trimmed with all but its first `head` and last `tail` characters starred; anything of 10
 * characters or fewer completely (keeping 10 would reveal it all). An ID's mask, and an account's.
 */
export function maskMiddle(s: string, head: number, tail: number): string {
  const t = s.trim();
  if (t.length <= 10) return '*'.repeat(t.length);
  return t.slice(0, head) + '*'.repeat(t.length - head - tail) + t.slice(-tail);
}

/**
 * An ID as lists show it, masked: the trustworthy ID when there is one (`known`, e.g. given back by
 * the 学籍号), else the cell cleaned of its spelling (full-width digits, quotes, spaces, a lower-case
 * x) so the mask keeps the right digits — but a number Excel put in 科学计数法 stays as written
 * ('3.5042*E+17'), so the list shows that the digits are lost.
 */
export function displayId(known: string | null | undefined, raw: string | null | undefined): string {
  if (known) return maskId(known);
  if (!raw) return '';
  const n = normaliseId(raw);
  if (n.id) return maskId(n.id);
  if (n.damage.includes('scientific_notation') || !n.candidate) return maskId(raw.trim());
  return maskId(n.candidate.toUpperCase());
}

/**
 * Character-level comparison of two 18-character IDs for the matcher. Positions are 1-based so an
 * explanation can say 第9位; a transposition is two adjacent characters exchanged.
 */
export function compareIds(
  a: string,
  b: string,
):
  | { kind: 'equal' }
  | { kind: 'one_digit'; position: number }
  | { kind: 'transposition'; position: number }
  | { kind: 'different'; differing: number } {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  if (x === y) return { kind: 'equal' };
  const len = Math.max(x.length, y.length);
  if (x.length !== y.length) {
    let differing = 0;
    for (let i = 0; i < len; i++) if (x[i] !== y[i]) differing++;
    return { kind: 'different', differing };
  }
  let first = -1;
  let differing = 0;
  for (let i = 0; i < len; i++) {
    if (x[i] !== y[i]) {
      if (first < 0) first = i;
      differing++;
    }
  }
  if (differing === 1) return { kind: 'one_digit', position: first + 1 };
  if (differing === 2 && x[first] === y[first + 1] && x[first + 1] === y[first]) {
    return { kind: 'transposition', position: first + 1 };
  }
  return { kind: 'different', differing };
}

const STUDENT_NO_RE = /^G/i;

/** The national 学籍号 of a pupil with an ID: G + the 18 characters of the ID (its check not asked). */
export function isNationalStudentNo(studentNo: string): boolean {
  return /^G\d{17}[\dX]$/i.test(studentNo);
}

/**
 * What a roll row is told whose valid ID is not the valid one of its 学籍号 (G + ID): a wrong ID
 * typed in, or an ID corrected since the 学籍号 was given (it keeps the former ID) — no 证件号问题.
 * The roll import's warning and the file comparison's 问题清单 entry.
 */
export const STUDENT_NO_ID_MISMATCH =
  '身份证件号与学籍号（G+身份证号）中的身份证号不一致：如该生的身份证号已更正（学籍号不随之改变），无需处理；否则请核对哪一个有误';

/**
 * The citizen ID inside a 学籍号: `G` + the 18-digit ID given at registration. Returns the ID only
 * when it is valid and trusted; `L`/`J` temporary numbers (no ID at registration) give null.
 */
export function idFromStudentNo(studentNo: string): string | null {
  if (typeof studentNo !== 'string') return null;
  const t = withoutZeroWidth(studentNo).trim();
  if (!STUDENT_NO_RE.test(t)) return null;
  const n = normaliseId(t.slice(1));
  return n.candidate !== null && n.candidate.length === 18 && !n.damage.includes('fifteen_digit')
    ? n.id
    : null;
}

/** 残疾类别, the 19th character of a 残疾人证号. */
const DISABILITY_KINDS = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'];
const LEVELS = ['一', '二', '三', '四'];
const DISABILITY_CARD_RE = /^(\d{17}[\dX])([1-7])([1-4])$/;

/**
 * A 残疾人证号 (第二代残疾人证: the holder's 18-character ID, then the 残疾类别 1–7 and the 残疾等级
 * 1–4), as 残联's lists give it in place of the ID: the ID, and the disability it states
 * ('肢体残疾二级'); null for anything else, or when the ID inside fails its checks.
 */
export function disabilityCardId(text: string): { id: string; disability: string } | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const m = DISABILITY_CARD_RE.exec(t);
  if (!m || !isValidId(m[1]!)) return null;
  return { id: m[1]!, disability: `${DISABILITY_KINDS[Number(m[2]) - 1]}残疾${LEVELS[Number(m[3]) - 1]}级` };
}
