/**
 * GB 11643-1999 check character for the first 17 digits of a citizen ID
 * (ISO 7064 MOD 11-2). Returns null when the input is not 17 ASCII digits.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True when an 18-character ID (upper-case X) carries a correct check character. */
export function hasValidCheckChar(id18: string): boolean {
  return id18.length === 18 && idCheckChar(id18.slice(0, 17)) === id18[17];
}
