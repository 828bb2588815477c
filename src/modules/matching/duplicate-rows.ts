/**
 * Rows of one roll that name the same student twice, for `jiaofu match`'s problem list (the
 * import reports the same through `findDuplicates` and `sharedIdMessages`): a 学籍号 given on two
 * rows, and one trustworthy ID under two 学籍号 (一人多籍, or a parent's ID typed into two
 * siblings' rows). Works on the kept output cells (UTF-8 bytes, see kept-cells.ts) so that a
 * million rows cost no strings: each row's cell is hashed in place, and only rows whose hash
 * repeats are decoded and compared as text.
 */
import { normaliseId } from '../../domain/identity/id-number.ts';
import { type CandidateBlock, type RowIssue, StudentFlag } from '../../domain/matching/index.ts';
import { sharedIdMessage } from '../../domain/roll/roll-row.ts';
import { KEPT_SEP, type KeptCellsData, keptRow } from './kept-cells.ts';

/** Rows whose ID cell gives no usable ID (nothing to compare). */
const NO_ID =
  StudentFlag.IdMissing |
  StudentFlag.IdInvalid |
  StudentFlag.IdScientific |
  StudentFlag.IdTrailing000 |
  StudentFlag.OtherDocument;

const isBlank = (x: number): boolean => x === 32 || x === 9 || x === 0x0d || x === 0x0a;

/** FNV-1a of the 学籍号's bytes without surrounding blanks; 0 for an empty cell. */
function studentNoHash(b: Uint8Array, s: number, e: number): number {
  while (s < e && isBlank(b[s]!)) s++;
  while (e > s && isBlank(b[e - 1]!)) e--;
  if (s === e) return 0;
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h | 1;
}

/**
 * A hash of an ID cell's digits and X (x, and the full-width digits and Ｘ, read as ASCII; every other
 * byte skipped). Equal IDs in the spellings normaliseId accepts hash alike; rows are then compared
 * by normaliseId itself, so a collision never reports two different IDs.
 */
function idHash(b: Uint8Array, s: number, e: number): number {
  if (e - s === 18) {
    // Most cells: 17 digits and a digit or X, hashed as two numbers (the same value as below).
    let hi = 0;
    let lo = 0;
    let ok = true;
    for (let i = 0; i < 9; i++) {
      const x = b[s + i]! - 48;
      const y = b[s + 9 + i]! - 48;
      if (x < 0 || x > 9 || ((y < 0 || y > 9) && (i < 8 || (y !== 40 && y !== 72)))) ok = false;
      hi = hi * 10 + x;
      lo = lo * 11 + (y > 9 ? 10 : y);
    }
    if (ok) return mixDigits(hi, lo);
  }
  let hi = 0;
  let lo = 0;
  let n = 0;
  for (let i = s; i < e; i++) {
    let c = b[i]!;
    // U+FF10…U+FF19 (full-width 0…9) are EF BC 90…99; U+FF38/U+FF58 (Ｘ/ｘ) EF BC B8 / EF BD 98.
    if (c === 0xef && i + 2 < e) {
      const c1 = b[i + 1]!;
      const c2 = b[i + 2]!;
      if (c1 === 0xbc && c2 >= 0x90 && c2 <= 0x99) c = c2 - 0x90 + 48;
      else if ((c1 === 0xbc && c2 === 0xb8) || (c1 === 0xbd && c2 === 0x98)) c = 88;
      else continue;
      i += 2;
    } else if (c === 120) c = 88;
    else if (c !== 88 && (c < 48 || c > 57)) continue;
    // (Longer than an ID: no ID to compare.)
    if (n === 18) return 0;
    if (n < 9) hi = hi * 10 + (c === 88 ? 10 : c - 48);
    else lo = lo * 11 + (c === 88 ? 10 : c - 48);
    n++;
  }
  return n === 0 ? 0 : mixDigits(n === 18 ? hi : hi + n * 1e10, lo);
}

/** A 32-bit hash of two integers below 2^53 (never 0). */
function mixDigits(hi: number, lo: number): number {
  let h = Math.imul((hi % 0x7fffffff) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (lo % 0x7fffffff), 0xc2b2ae35);
  h ^= Math.floor(lo / 0x7fffffff) + Math.floor(hi / 0x7fffffff) * 31;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) | 1;
}

/** Groups rows by hash: for each row with a non-zero hash, the earlier row of the same hash (or -1). */
function earlierSameHash(hashes: Int32Array): Int32Array {
  const n = hashes.length;
  let size = 1024;
  while (size < n * 2) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const prev = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const h = hashes[i]!;
    if (h === 0) continue;
    let at = h & (size - 1);
    for (;;) {
      const j = slots[at]!;
      if (j < 0) {
        slots[at] = i;
        break;
      }
      if (hashes[j] === h) {
        // The chain of earlier rows with this hash: newest first (prev links them).
        prev[i] = j;
        slots[at] = i;
        break;
      }
      at = (at + 1) & (size - 1);
    }
  }
  return prev;
}

/**
 * For each row, the first row of the file whose value (`value`, null: none) equals its own, when
 * that is an earlier row; else -1. `prev` links rows of equal hash, newest first: the equal row is
 * nearly always the first one looked at, so a file of any number of repeats costs one step a row.
 */
function firstOfGroup(prev: Int32Array, value: (i: number) => string | null): Int32Array {
  const first = new Int32Array(prev.length).fill(-1);
  for (let i = 0; i < prev.length; i++) {
    if (prev[i]! < 0) continue;
    const v = value(i);
    if (v === null || v === '') continue;
    for (let j = prev[i]!; j >= 0; j = prev[j]!)
      if (value(j) === v) {
        first[i] = first[j]! >= 0 ? first[j]! : j;
        break;
      }
  }
  return first;
}

/**
 * Problems for every row that repeats an earlier row's 学籍号, or gives the same trustworthy ID as
 * an earlier row under another 学籍号 (each reported once, against the first row of its group) —
 * unless either row is in `carriesOthersId` (file row numbers): its own problem names whose ID it
 * carries, and the other row is no 一人多籍 (tester v21a F3).
 */
export function findDuplicateRows(
  keep: KeptCellsData,
  block: CandidateBlock,
  carriesOthersId: ReadonlySet<number> = new Set(),
): RowIssue[] {
  const n = keep.ends.length;
  const b = keep.bytes;
  const noHash = new Int32Array(n);
  const idHashes = new Int32Array(n);
  // One pass over the bytes: cell 0 of each row is the 学籍号, cell 2 the ID (kept-cells.ts).
  let at = 0;
  for (let i = 0; i < n; i++) {
    const end = keep.ends[i]! - 1;
    // (Every row holds its three cells: two separators before `end`.)
    const e = b.indexOf(KEPT_SEP, at);
    noHash[i] = studentNoHash(b, at, e);
    if ((block.flags[i]! & NO_ID) === 0) idHashes[i] = idHash(b, b.indexOf(KEPT_SEP, e + 1) + 1, end);
    at = end + 1;
  }
  const noPrev = earlierSameHash(noHash);
  const idPrev = earlierSameHash(idHashes);
  const out: RowIssue[] = [];
  const cells = (i: number) => keptRow(keep, i);
  const no = new Map<number, string>();
  const noOf = (i: number): string => {
    const v = no.get(i) ?? cells(i)[0].trim();
    no.set(i, v);
    return v;
  };
  const ids = new Map<number, string | null>();
  const idOf = (i: number): string | null => {
    const v = ids.has(i) ? ids.get(i)! : normaliseId(cells(i)[2]).id;
    ids.set(i, v);
    return v;
  };
  const noFirst = firstOfGroup(noPrev, noOf);
  const idFirst = firstOfGroup(idPrev, idOf);
  for (let i = 0; i < n; i++) {
    const a = noFirst[i]!;
    if (a >= 0) {
      // Two names under one 学籍号 are two pupils, one number mistyped: no row to delete (tester v22b F6).
      const [was, is] = [block.names[a]!, block.names[i]!];
      out.push({
        row: block.rows[i]!,
        column: '学籍号',
        reason:
          was !== '' && is !== '' && was !== is
            ? `学籍号 ${noOf(i)} 与第 ${block.rows[a]} 行（${was}）相同，但姓名不同（${is}）：一个学籍号不能属于两名学生，请在学籍系统中核对哪一行的学籍号有误`
            : `学籍号 ${noOf(i)} 与第 ${block.rows[a]} 行重复：同一学生在名册中出现两次，请核对后删除多余的一行（两行学校不同时，多为转学后原学校未注销：保留现就读学校的一行）`,
      });
      continue;
    }
    const f = idFirst[i]!;
    if (
      f >= 0 &&
      noOf(f) !== noOf(i) &&
      !carriesOthersId.has(block.rows[f]!) &&
      !carriesOthersId.has(block.rows[i]!)
    )
      out.push({
        row: block.rows[i]!,
        column: '身份证件号',
        reason: sharedIdMessage(block.rows[f]!, noOf(f), cells(f)[1].trim()),
      });
  }
  return out;
}
