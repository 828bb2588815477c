/**
 * The IDs a damaged ID may have been: every one-digit change and every swap of two neighbours that
 * passes the GB 11643 check character. MOD 11-2 catches every single wrong digit and every swap of
 * neighbours, so a typo'd ID always fails its check, and only a few of its ~170 neighbours pass:
 * looking those up exactly replaces a fuzzy index over the whole registry.
 */
import { ID_WEIGHTS, idCheckChar } from '../identity/checksum.ts';

const CHECK_VALUE: Record<string, number> = {
  '1': 0,
  '0': 1,
  X: 2,
  '9': 3,
  '8': 4,
  '7': 5,
  '6': 6,
  '5': 7,
  '4': 8,
  '3': 9,
  '2': 10,
};
const DIGITS17_RE = /^\d{17}[\dX]$/;

/**
 * Checksum-valid IDs one typo away from `id` (18 characters, digits and a final X). Returns an
 * empty list for anything else.
 */
export function idVariants(id: string): string[] {
  if (!DIGITS17_RE.test(id)) return [];
  const out: string[] = [];
  const d = new Array<number>(17);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    d[i] = id.charCodeAt(i) - 48;
    sum += d[i]! * ID_WEIGHTS[i]!;
  }
  // The sum modulo 11 that the present check character asks for.
  const want = CHECK_VALUE[id[17]!]!;
  // One wrong digit among the first 17: the right digit at i makes (sum + (x - d_i)·w_i) ≡ want.
  for (let i = 0; i < 17; i++) {
    for (let x = 0; x <= 9; x++) {
      if (x === d[i]) continue;
      if ((((sum + (x - d[i]!) * ID_WEIGHTS[i]!) % 11) + 11) % 11 === want)
        out.push(id.slice(0, i) + String(x) + id.slice(i + 1));
    }
  }
  // A wrong check character: the one the first 17 digits call for.
  const right = idCheckChar(id.slice(0, 17));
  if (right !== null && right !== id[17]) out.push(id.slice(0, 17) + right);
  // Two neighbours swapped among the first 17.
  for (let i = 0; i < 16; i++) {
    if (d[i] === d[i + 1]) continue;
    const delta = (d[i + 1]! - d[i]!) * ID_WEIGHTS[i]! + (d[i]! - d[i + 1]!) * ID_WEIGHTS[i + 1]!;
    if ((((sum + delta) % 11) + 11) % 11 === want)
      out.push(id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2));
  }
  // The 17th digit swapped with the check character (only when that one is a digit).
  if (id[17] !== 'X' && id[16] !== id[17]) {
    const swapped = id.slice(0, 16) + id[17] + id[16];
    if (idCheckChar(swapped.slice(0, 17)) === swapped[17]) out.push(swapped);
  }
  return out;
}
