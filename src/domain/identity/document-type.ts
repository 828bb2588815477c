/**
 * 身份证件类型: which document the number in a roll row's 身份证件号 belongs to. The national 学籍
 * system records one per pupil. Most are 居民身份证, but a pupil from Hong Kong, Macao or Taiwan, a
 * foreign pupil, or a child registered before getting a hukou carries a passport, a 通行证 or a
 * 出生医学证明 number. Only a 公民身份号码 (居民身份证, 户口簿, and the 港澳台居民居住证, whose 18
 * digits are built the same way) can be checked as an ID and looked up in the 建档立卡 registry.
 * Any other document's number is kept as written, is never reported as a damaged ID, and the pupil
 * is compared by name, birth date and guardian.
 */

/** What a 身份证件类型 cell says about the number beside it. */
export type DocumentKind =
  /** A 公民身份号码 (also when the cell is empty: the column is optional and most rows leave it so). */
  | 'citizen'
  /** The number of another document (passport, 通行证, birth certificate…): not an ID to check. */
  | 'other'
  /** A type the rules do not know: the number is checked as a 公民身份号码, and the row is told. */
  | 'unknown';

// Tested first: "香港特区护照/身份证明" names a passport, though it contains 身份证; "境外永久居住证" is
// no 居住证 of a 港澳台 resident.
const OTHER_RE =
  /护照|通行证|回乡证|台胞证|出生|身份证明|永久居留|永久居住|境外|外国|军官|士兵|警官|其他|其它/;
const CITIZEN_RE = /身份证|身份号码|户口|居住证/;

/** The kind of a 身份证件类型 cell; pure. */
export function documentKind(text: string): DocumentKind {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return 'citizen';
  if (OTHER_RE.test(t)) return 'other';
  if (CITIZEN_RE.test(t)) return 'citizen';
  return 'unknown';
}

/** The cell as shown in messages (trimmed, at most 20 characters). */
export function documentLabel(text: string): string {
  const t = text.trim();
  return t.length > 20 ? `${t.slice(0, 20)}…` : t;
}
