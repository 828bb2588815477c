/**
 * Masks personal numbers inside any JSON value before it is shown (DESIGN.md: ID numbers, phone
 * numbers and bank accounts masked by default). Used where stored snapshots reach a screen: the
 * audit trail's before → after, a student's change history. Two nets, so that neither a field
 * name nor a free text lets a number through:
 * - by key: a value under a key that names an ID, a phone or an account is masked whatever it
 *   looks like (a 15-digit old ID, an ID with a typo, a number Excel left as 3.5E+17);
 * - by shape: inside every other string, a citizen ID (15 or 18 characters, standing alone) and a
 *   mainland mobile number are masked where they occur — a note such as “家长电话13812345678”.
 * A 学籍号 is G + the ID given at registration: under a 学籍号 key its ID part is masked as an ID
 * is (`maskStudentNo`); other 学籍号 (L/J temporary numbers) and 人编号/户编号 are identifiers of
 * records and stay as they are.
 * Pure.
 */
import { isValidId, maskId, maskMiddle } from './id-number.ts';

/** Keys whose values are personal numbers (snake_case columns, camelCase fields, Chinese headers). */
const ID_KEY = /(^|_)id_?number|idNumber|证件号|身份证/i;
const ACCOUNT_KEY = /bank_?account|bankAccount|account_?no|银行账号|银行卡号/i;
const PHONE_KEY = /phone|mobile|电话|手机/i;
const STUDENT_NO_KEY = /^(student_?no|studentNo|学籍号)$/i;
/**
 * Record numbers of the 建档立卡 system (人编号, 户编号): often 15 digits, the shape of an old ID, but
 * they identify a registry row, and the lists show them in full (an auditor must see whom a
 * reviewer chose).
 */
const RECORD_NO_KEY = /^(person_?no|personNo|household_?no|householdNo|人编号|户编号)$/i;
const G_ID_STUDENT_NO = /^[Gg]\d{17}[\dXx]$/;
const LJ_ID_STUDENT_NO = /^[LlJj]\d{17}[\dXx]$/;

/**
 * A 学籍号 that carries a citizen ID after its letter: G + 18 characters (the national form), or a
 * temporary L/J number built from the pupil's ID (L + a valid ID: checksum and birth date hold).
 */
function carriesId(t: string): boolean {
  return G_ID_STUDENT_NO.test(t) || (LJ_ID_STUDENT_NO.test(t) && isValidId(t.slice(1).toUpperCase()));
}

/**
 * A 学籍号 as lists and exports show it: G + a citizen ID would give the masked ID away, so its ID
 * part is masked like the ID (G350421***********7), and so is an L/J number made of a valid ID
 * (L350429***********2); a 学籍号 of another form stays as it is.
 */
export function maskStudentNo(no: string): string;
export function maskStudentNo(no: string | null): string | null;
export function maskStudentNo(no: string | null): string | null {
  if (no === null) return null;
  const t = no.trim();
  return carriesId(t) ? `${t[0]}${maskId(t.slice(1))}` : no;
}

/** A citizen ID standing alone: not part of a longer run of letters or digits. */
const ID_SHAPE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
/** A 学籍号 of the G + ID form (or L/J + a valid ID) standing alone (its ID is the run after the letter). */
const STUDENT_NO_SHAPE = /(?<![0-9A-Za-z])([GgLlJj])(\d{17}[\dXx])(?![0-9A-Za-z])/g;
/** A mainland mobile number standing alone. */
const MOBILE_SHAPE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** A phone masked for display: 13812345678 → 138****5678; short numbers keep their first two. */
export function maskPhoneNumber(phone: string): string {
  const t = phone.trim();
  if (t.length <= 7) return `${t.slice(0, 2)}${'*'.repeat(Math.max(t.length - 2, 0))}`;
  return `${t.slice(0, 3)}${'*'.repeat(t.length - 7)}${t.slice(-4)}`;
}

/**
 * A bank account masked for display: the first 6 (the bank) and the last 4, as banks print them;
 * an account says nothing of its holder's birth date, so its last 4 give nothing else away.
 */
export function maskAccount(account: string): string {
  return maskMiddle(account, 6, 4);
}

/** Masks the ID-shaped (alone, or after the G of a 学籍号) and mobile-shaped runs inside a free text. */
export function maskPersonalText(text: string): string {
  return text
    .replace(STUDENT_NO_SHAPE, (m: string, g: string, id: string) => (carriesId(m) ? `${g}${maskId(id)}` : m))
    .replace(ID_SHAPE, (m) => maskId(m))
    .replace(MOBILE_SHAPE, (m) => maskPhoneNumber(m));
}

function maskByKey(key: string, v: string | number): string | null {
  // A small number under such a key is a count or a row number, not a personal number.
  if (typeof v === 'number' && Math.abs(v) < 1e6) return null;
  const s = String(v);
  if (s.trim() === '') return s;
  if (STUDENT_NO_KEY.test(key)) return maskStudentNo(s);
  if (PHONE_KEY.test(key)) return maskPhoneNumber(s);
  if (/masked/i.test(key)) return null;
  if (ID_KEY.test(key)) return maskId(s);
  if (ACCOUNT_KEY.test(key)) return maskAccount(s);
  return null;
}

/**
 * A copy of `value` with every personal number masked (objects and arrays walked to any depth).
 * The input is not changed.
 */
export function maskPersonalData(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    if (RECORD_NO_KEY.test(key)) return value;
    const byKey = key ? maskByKey(key, value) : null;
    if (byKey !== null) return byKey;
    return typeof value === 'string' ? maskPersonalText(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v, key));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskPersonalData(v, k);
    return out;
  }
  return value;
}

/**
 * `value` with every 学籍号 under a 学籍号 key (student_no, studentNo, 学籍号) masked by
 * `maskStudentNo`, walking arrays and plain objects; nothing else changes (other fields are masked
 * where they are read). Objects and arrays without such a key are returned as they are, not copied.
 */
export function maskStudentNos<T>(value: T): T {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v = maskStudentNos(value[i]);
      if (v !== value[i]) {
        out ??= value.slice();
        out[i] = v;
      }
    }
    return (out ?? value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let out: Record<string, unknown> | null = null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const m = typeof v === 'string' && STUDENT_NO_KEY.test(k) ? maskStudentNo(v) : maskStudentNos(v);
    if (m !== v) {
      out ??= { ...(value as Record<string, unknown>) };
      out[k] = m;
    }
  }
  return (out ?? value) as T;
}

/**
 * Where two numbers of one field differ, said without their digits: masked, an ID corrected in one
 * digit reads the same before and after (tester v26b F8: "350421***********7 → 350421***********7").
 * "第11位" / "第11、12位" for numbers of one length differing in at most three places; null when
 * they are equal, of other lengths, or differ more (the masked values show that much).
 */
export function differingPositions(before: string, after: string): string | null {
  const a = before.trim().toUpperCase();
  const b = after.trim().toUpperCase();
  if (a === b || a.length !== b.length) return null;
  const at: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) at.push(i + 1);
  return at.length > 3 ? null : `第${at.join('、')}位不同`;
}
