/**
 * Masks personal numbers inside any JSON value before it is shown (DESIGN.md: ID numbers, phone
 * numbers and bank accounts masked by default). Used where stored snapshots reach a screen: the
 * audit trail's before → after, a student's change history. Two nets, so that neither a field
 * name nor a free text lets a number through:
 * - by key: a value under a key that names an ID, a phone or an account is masked whatever it
 *   looks like (a 15-digit old ID, an ID with a typo, a number Excel left as 3.5E+17);
 * - by shape: inside every other string, a citizen ID (15 or 18 characters, standing alone) and a
 *   mainland mobile number are masked where they occur — a note such as “家长电话13812345678”.
 * 学籍号 (G + ID) and 人编号/户编号 are identifiers of records, not personal numbers: they keep a
 * letter or a digit next to the ID-shaped run and are left as they are.
 * Pure.
 */
import { maskId } from './id-number.ts';

/** Keys whose values are personal numbers (snake_case columns, camelCase fields, Chinese headers). */
const ID_KEY =
  /(^|_)id_?number|idNumber|证件号|身份证|bank_?account|bankAccount|account_?no|银行账号|银行卡号/i;
const PHONE_KEY = /phone|mobile|电话|手机/i;

/** A citizen ID standing alone: not part of a longer run of letters or digits. */
const ID_SHAPE = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
/** A mainland mobile number standing alone. */
const MOBILE_SHAPE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** A phone masked for display: 13812345678 → 138****5678; short numbers keep their first two. */
export function maskPhoneNumber(phone: string): string {
  const t = phone.trim();
  if (t.length <= 7) return `${t.slice(0, 2)}${'*'.repeat(Math.max(t.length - 2, 0))}`;
  return `${t.slice(0, 3)}${'*'.repeat(t.length - 7)}${t.slice(-4)}`;
}

/** Masks the ID-shaped and mobile-shaped runs inside a free text. */
export function maskPersonalText(text: string): string {
  return text.replace(ID_SHAPE, (m) => maskId(m)).replace(MOBILE_SHAPE, (m) => maskPhoneNumber(m));
}

function maskByKey(key: string, v: string | number): string | null {
  // A small number under such a key is a count or a row number, not a personal number.
  if (typeof v === 'number' && Math.abs(v) < 1e6) return null;
  const s = String(v);
  if (s.trim() === '') return s;
  if (PHONE_KEY.test(key)) return maskPhoneNumber(s);
  if (ID_KEY.test(key) && !/masked/i.test(key)) return maskId(s);
  return null;
}

/**
 * A copy of `value` with every personal number masked (objects and arrays walked to any depth).
 * The input is not changed.
 */
export function maskPersonalData(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string' || typeof value === 'number') {
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
