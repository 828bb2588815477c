/**
 * GB 11643-1999 check character for the first 17 digits of a citizen ID
 * (ISO 7064 MOD 11-2). Returns null when the input is not 17 ASCII digits.
 */
/** Weights of the first 17 digits. */
export const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** Char codes of the check character by the weighted sum modulo 11 (`CHECK_CHARS`, for byte-level checks). */
export const CHECK_CODES: readonly number[] = Array.from(CHECK_CHARS, (c) => c.charCodeAt(0));
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** True when y-m-d is a real calendar day between 1900 and 2100 (the range an ID's birth date may take). */
export function isRealDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}

export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True when an 18-character ID (upper-case X) carries a correct check character. */
export function hasValidCheckChar(id18: string): boolean {
  return id18.length === 18 && idCheckChar(id18.slice(0, 17)) === id18[17];
}
