/**
 * The roll screen: prepares a clean roll row straight from its CSV bytes. Most rows of a real roll
 * are written in the one plain spelling that normalisation keeps as it is; for them the screen
 * either proves, without building a string, that the row has no candidate and nothing to report
 * (it is 未匹配 — most rows), or builds the same `PreparedStudent` that `prepareStudent` would,
 * without its general cleaning. Every other row takes the full path. It accepts a row only when
 *
 * - the record has as many cells as the header (a shifted or cut-short row is reported by the full
 *   path), its 身份证件类型 is empty or 居民身份证, and every cell it reads is in the one plain spelling that normalisation provably keeps as it is
 *   (an ID that `normaliseId` trusts as written, a name of Han characters that no
 *   traditional→simplified key starts with, an ISO birth date equal to the ID's or none, a 学籍号
 *   that is empty or G + the same ID, a clean guardian ID or none, a place without whitespace), so
 *   the prepared row would have no problem for the report and would carry no flag; and
 * - for "no candidate": none of the blocking keys `Blocker.candidates` would look up for that row
 *   is present in the registry's key tables (ID, 学籍号's ID, pinyin + birth month, surname + birth
 *   date, pinyin alone, guardian ID, guardian name + place), compared by their 32-bit hashes: a hash collision
 *   only makes the row a prepared one. Without a key there is no candidate, and without a
 *   candidate the row is 未匹配.
 *
 * test/match-screen.test.ts checks both halves against the full path on hostile and random rows.
 */
import { CHECK_CODES, hasValidCheckChar, ID_WEIGHTS, isRealDay } from '../identity/checksum.ts';
import { isCompoundSurname, type PlainHanReadings, plainHanReadings } from '../identity/name.ts';
import { fnvChar, fnvStart, mixHash } from '../identity/string-cache.ts';
import { parseSex } from './prepare.ts';
import type { RegistryIndex } from './registry-index.ts';
import type { PreparedStudent } from './types.ts';

/** Column positions of the cells the screen reads (-1 when the file has no such column). */
export interface ScreenColumns {
  studentNo: number;
  sex: number;
  name: number;
  birthDate: number;
  idNumber: number;
  /** 身份证件类型: the screen takes only rows where it is empty or 居民身份证. */
  idType: number;
  hukou: number;
  guardianName: number;
  guardianIdNumber: number;
}

const COMMA = 0x2c;
const DQUOTE = 0x22;
const SPACE = 0x20;
const QUOTE = 0x27;
const BACKTICK = 0x60;
const BAR = 0x7c; // '|', the separator of the composite blocking keys
const DASH = 0x2d;
/** 福建省 and 三明市 in UTF-8: `normalisePlace` drops them from the start of a place. */
const PROVINCE = [0xe7, 0xa6, 0x8f, 0xe5, 0xbb, 0xba, 0xe7, 0x9c, 0x81] as const;
const CITY = [0xe4, 0xb8, 0x89, 0xe6, 0x98, 0x8e, 0xe5, 0xb8, 0x82] as const;
/** 居民身份证 in UTF-8: the one 身份证件类型 the screen reads (an empty cell means the same). */
const CITIZEN_TYPE = new TextEncoder().encode('居民身份证');
/** Longest name (in characters) the screen reads; longer ones take the full path. */
const MAX_NAME_CHARS = 12;
const HAN_BASE = 0x4e00;
const HAN_COUNT = 0x9fff - 0x4e00 + 1;

/** Screens roll records against one registry index; one per thread, reused for every row. */
export class RollScreen {
  /** Per BMP Han character: 0 not seen yet, -1 not plain, else 1 + its ordinal in `readings`. */
  private readonly hanState = new Int32Array(HAN_COUNT);
  private readonly readings: PlainHanReadings[] = [];
  /** Start and end (exclusive) of each cell of the current record. */
  private cellStart = new Int32Array(64);
  private cellEnd = new Int32Array(64);
  private cells = 0;
  /** Code points of the name (and of the guardian's name) last read by `hanCodes`; their counts. */
  private readonly nameCodes = new Int32Array(MAX_NAME_CHARS);
  private readonly guardianCodes = new Int32Array(MAX_NAME_CHARS);
  private nameChars = 0;
  /** Where `prepare` finds the last screened row's guardian ID, place and guardian name. */
  private hasGid = false;
  /** The guardian ID was an old 15-digit number: its check character is computed, not checked. */
  private gid15 = false;
  private placeStart = 0;
  private placeEnd = 0;
  private guardianStart = 0;
  private guardianEnd = 0;
  /** The last screened row's birth date (its ID's) as YYYY-MM-DD. */
  private readonly date = new Uint8Array(10);
  /** The cleaned ID and guardian ID of the last screened row. */
  private readonly idb = new Uint8Array(18);
  private readonly gidb = new Uint8Array(18);
  /** The row last screened gives no 出生日期: its date is the ID's. */
  birthFromId = false;
  private bytes: Uint8Array | null = null;
  /** After an accepting `screen`: byte ranges of the 学籍号, 姓名 and 身份证件号 cells. */
  readonly kept = new Int32Array(6);

  constructor(
    private readonly index: RegistryIndex,
    readonly cols: ScreenColumns,
    /** The header's number of cells: a record with more or fewer takes the full path, which reports it. */
    readonly width: number,
  ) {}

  /**
   * Screens the record `b[start, end)` (line break removed; `quotes` quote characters in it). Returns
   * 0 when the row needs the full path. Otherwise `kept` holds its output cells, `prepare` gives the
   * prepared row, and the result is the birth date as YYYYMMDD when the row is certain to be 未匹配
   * without candidates or problems, or -1 when some blocking key of it is present.
   */
  screen(b: Uint8Array, start: number, end: number, quotes = 0): number {
    if (!(quotes === 0 ? this.splitPlain(b, start, end) : this.splitQuoted(b, start, end))) return 0;
    if (this.cells !== this.width) return 0;
    const c = this.cols;

    // 身份证件类型: none, or 居民身份证 as written (any other type takes the full path).
    const tyS = this.start(c.idType);
    const tyE = this.end(c.idType);
    if (tyE !== tyS) {
      if (tyE - tyS !== CITIZEN_TYPE.length) return 0;
      for (let i = 0; i < CITIZEN_TYPE.length; i++) if (b[tyS + i] !== CITIZEN_TYPE[i]) return 0;
    }

    // 身份证件号: as `normaliseId` cleans and trusts it — spaces, quotes around it and a lower-case x
    // are formatting it repairs without doubt; the cleaned digits go to `idb`.
    let idS = this.start(c.idNumber);
    let idE = this.end(c.idNumber);
    while (idS < idE && b[idS] === SPACE) idS++;
    while (idE > idS && b[idE - 1] === SPACE) idE--;
    const idb = this.idb;
    if (idE - idS === 18 && b[idS] !== QUOTE && b[idS] !== BACKTICK) {
      for (let i = 0; i < 18; i++) idb[i] = b[idS + i]!;
    } else if (!this.cleanId(b, idS, idE)) return 0;
    if (idb[17] === 0x78) idb[17] = 0x58; // x → X, only after 17 digits (checked below)
    let sum = 0;
    for (let i = 0; i < 17; i++) {
      const d = idb[i]! - 48;
      if (d < 0 || d > 9) return 0;
      sum += d * ID_WEIGHTS[i]!;
    }
    if (idb[17] !== CHECK_CODES[sum % 11]) return 0;
    // (No closures here: each would be a new function per row.)
    const y = (idb[6]! - 48) * 1000 + (idb[7]! - 48) * 100 + (idb[8]! - 48) * 10 + idb[9]! - 48;
    const m = (idb[10]! - 48) * 10 + idb[11]! - 48;
    const d = (idb[12]! - 48) * 10 + idb[13]! - 48;
    if (!isRealDay(y, m, d)) return 0;
    const date = this.date;
    for (let i = 0; i < 10; i++)
      date[i] = i === 4 || i === 7 ? DASH : idb[6 + (i < 4 ? i : i < 7 ? i - 1 : i - 2)]!;

    // 出生日期: none, or the ID's date as YYYY-MM-DD.
    const bdS = this.start(c.birthDate);
    const bdE = this.end(c.birthDate);
    this.birthFromId = bdE === bdS;
    if (bdE !== bdS) {
      if (bdE - bdS !== 10) return 0;
      for (let i = 0; i < 10; i++) if (b[bdS + i] !== date[i]) return 0;
    }

    // 学籍号: none, or G + the same ID (its ID is then the row's own, looked up once).
    const noS = this.start(c.studentNo);
    const noE = this.end(c.studentNo);
    if (noE !== noS) {
      if (noE - noS !== 19 || (b[noS] !== 0x47 && b[noS] !== 0x67)) return 0;
      for (let i = 0; i < 18; i++) if (b[noS + 1 + i] !== idb[i]) return 0;
    }

    // 姓名: plain Han characters, so the name is its own normal form.
    const nmS = this.start(c.name);
    const nmE = this.end(c.name);
    const chars = this.hanCodes(b, nmS, nmE, this.nameCodes);
    if (chars <= 0) return 0;
    this.nameChars = chars;
    const codes = this.nameCodes;
    if (
      chars >= 3 &&
      this.readings[this.hanState[codes[0]! - HAN_BASE]! - 1]!.compoundStart &&
      isCompoundSurname(codes[0]!, codes[1]!)
    )
      return 0;

    // 监护人身份证件号: none, 18 characters (a lower-case x made upper-case) or an old 15-digit number
    // (made 18 digits), as `guardianIdText` reads them; the result goes to `gidb`.
    const gidS = this.start(c.guardianIdNumber);
    const gidE = this.end(c.guardianIdNumber);
    const gidb = this.gidb;
    let gidHash = 0;
    let hasGid = false;
    let gid15 = false;
    if (gidE !== gidS) {
      const len = gidE - gidS;
      if (len === 18) {
        for (let i = 0; i < 18; i++) {
          let x = b[gidS + i]!;
          if (i === 17 && (x === 0x58 || x === 0x78)) x = 0x58;
          else if (x < 48 || x > 57) return 0;
          gidb[i] = x;
        }
      } else if (len === 15) {
        let sum = 0;
        for (let i = 0; i < 17; i++) {
          const x = i < 6 ? b[gidS + i]! : i === 6 ? 0x31 : i === 7 ? 0x39 : b[gidS + i - 2]!;
          if (x < 48 || x > 57) return 0;
          gidb[i] = x;
          sum += (x - 48) * ID_WEIGHTS[i]!;
        }
        gidb[17] = CHECK_CODES[sum % 11]!;
        gid15 = true;
      } else return 0;
      // The pupil's ID column holding the guardian's number: not a clean row (prepareStudent).
      let same = true;
      for (let i = 0; i < 18 && same; i++) same = gidb[i] === idb[i];
      if (same) return 0;
      let h = fnvStart;
      for (let i = 0; i < 18; i++) h = fnvChar(h, gidb[i]!);
      gidHash = h;
      hasGid = true;
    }

    // 监护人姓名 and 户籍所在地 (the household route by adult name and place).
    const gnS = this.start(c.guardianName);
    const gnE = this.end(c.guardianName);
    let gnChars = 0;
    if (gnE !== gnS) {
      gnChars = this.hanCodes(b, gnS, gnE, this.guardianCodes);
      if (gnChars <= 0) return 0;
    }
    const plS0 = this.start(c.hukou);
    const plE = this.end(c.hukou);
    let plS = plS0;
    if (plE !== plS) {
      for (let i = plS; i < plE; ) {
        const x = b[i]!;
        if (x > 0x20 && x < 0x7f) i++;
        else if (
          x >= 0xe4 &&
          x <= 0xe9 &&
          i + 2 < plE &&
          (b[i + 1]! & 0xc0) === 0x80 &&
          (b[i + 2]! & 0xc0) === 0x80
        )
          i += 3;
        else return 0;
      }
      plS = skipPrefix(b, skipPrefix(b, plS, plE, PROVINCE), plE, CITY);
    }

    const k = this.kept;
    k[0] = noS;
    k[1] = noE;
    k[2] = nmS;
    k[3] = nmE;
    k[4] = idS;
    k[5] = idE;

    this.hasGid = hasGid;
    this.gid15 = gid15;
    this.placeStart = plS;
    this.placeEnd = plE;
    this.guardianStart = gnS;
    this.guardianEnd = gnE;
    this.bytes = b;

    // The blocking keys, by hash.
    const ix = this.index;
    let h = fnvStart;
    for (let i = 0; i < 18; i++) h = fnvChar(h, idb[i]!);
    if (
      ix.byId.hasHash(h) ||
      ix.byIdVariant.hasHash(h) ||
      (hasGid && (ix.byId.hasHash(gidHash) || ix.byHouseId.hasHash(gidHash)))
    )
      return -1;
    // pinyin + '|' + YYYY-MM
    h = fnvStart;
    for (let j = 0; j < chars; j++) {
      const r = this.readings[this.hanState[codes[j]! - HAN_BASE]! - 1]!;
      const p = j === 0 ? r.surname : r.first;
      for (let x = 0; x < p.length; x++) h = fnvChar(h, p.charCodeAt(x));
    }
    if (ix.byNameUndated.hasHash(h) || ix.byNameMonth.hasHash(dateHash(fnvChar(h, BAR), date, 7))) return -1;
    // surname + '|' + YYYY-MM-DD
    if (ix.bySurnameDate.hasHash(dateHash(fnvChar(fnvChar(fnvStart, codes[0]!), BAR), date, 10))) return -1;
    // guardian name + '|' + place
    if (gnChars > 0 && plE > plS) {
      h = fnvStart;
      for (let i = gnS; i < gnE; i += 3) h = fnvChar(h, han(b, i));
      h = fnvChar(h, BAR);
      for (let i = plS; i < plE; ) {
        const x = b[i]!;
        if (x < 0x80) {
          h = fnvChar(h, x);
          i++;
        } else {
          h = fnvChar(h, han(b, i));
          i += 3;
        }
      }
      if (ix.byAdultPlace.hasHash(h)) return -1;
    }
    return y * 10000 + m * 100 + d;
  }

  /**
   * The row last screened (with a non-zero result) as `prepareStudent` prepares it, for the blocker
   * and the comparison. Valid until the next `screen` call (it reads that record's bytes).
   */
  prepare(row: number): PreparedStudent {
    const b = this.bytes!;
    const codes = this.nameCodes;
    const n = this.nameChars;
    // (One string per cell, straight from the bytes: the screen vetted them as ASCII or 3-byte
    // UTF-8 — building them a character at a time made most of the roll's garbage.)
    const id = latin1(this.idb, 0, 18);
    const studentNo = latin1(b, this.kept[0]!, this.kept[1]!);
    const gid = this.hasGid ? latin1(this.gidb, 0, 18) : null;
    let pinyin = '';
    for (let j = 0; j < n; j++) {
      const r = this.readings[this.hanState[codes[j]! - HAN_BASE]! - 1]!;
      pinyin += j === 0 ? r.surname : r.first;
    }
    const name = utf8(b, this.kept[2]!, this.kept[3]!);
    const own = this.sex(b);
    return {
      row,
      studentNo,
      name,
      nameTraditional: false,
      pinyin,
      surname: name.slice(0, 1),
      otherDocument: null,
      id,
      idTrusted: true,
      idKnown: 18,
      idExcel: null,
      studentNoId: studentNo === '' ? null : id,
      birthDate: latin1(this.date, 0, 10),
      birthTrusted: true,
      birthFromId: this.birthFromId,
      sex: own ?? (id.charCodeAt(16) % 2 === 1 ? 'M' : 'F'),
      sexFromId: own === null,
      guardianName: utf8(b, this.guardianStart, this.guardianEnd),
      guardianId: gid,
      guardianIdValid: gid !== null && !this.gid15 && hasValidCheckChar(gid),
      place: utf8(b, this.placeStart, this.placeEnd),
    };
  }

  /**
   * `sampleKey` of the row last screened (with a non-zero result), from its bytes: its 学籍号, name
   * and cleaned ID are what `prepare` would give.
   */
  sampleKey(): number {
    const b = this.bytes!;
    let h = fnvStart;
    for (let i = this.kept[0]!; i < this.kept[1]!; i++) h = fnvChar(h, b[i]!);
    h = fnvChar(h, BAR);
    const codes = this.nameCodes;
    for (let j = 0; j < this.nameChars; j++) h = fnvChar(h, codes[j]!);
    h = fnvChar(h, BAR);
    for (let i = 0; i < 18; i++) h = fnvChar(h, this.idb[i]!);
    return mixHash(h) >>> 0;
  }

  /** The 性别 cell as `parseSex` reads it. */
  private sex(b: Uint8Array): 'M' | 'F' | null {
    const s = this.start(this.cols.sex);
    const e = this.end(this.cols.sex);
    if (s === e) return null;
    if (e - s === 3 && b[s] === 0xe7 && b[s + 1] === 0x94 && b[s + 2] === 0xb7) return 'M'; // 男
    if (e - s === 3 && b[s] === 0xe5 && b[s + 1] === 0xa5 && b[s + 2] === 0xb3) return 'F'; // 女
    return parseSex(new TextDecoder().decode(b.subarray(s, e)));
  }

  /**
   * `normaliseId`'s cleaning of an ID cell with spaces inside or quotes around it (as Excel users
   * type them to keep the digits): the 18 characters left go to `idb`. False for anything else.
   */
  private cleanId(b: Uint8Array, s: number, e: number): boolean {
    let n = 0;
    let lead = true;
    let trail = 0;
    for (let i = s; i < e; i++) {
      const x = b[i]!;
      if (x === SPACE) continue;
      if (x === QUOTE || x === BACKTICK) {
        if (lead) continue;
        trail++;
        continue;
      }
      // A quote followed by more characters is not at the end: not a formatting the cleaner drops.
      if (trail > 0 || n === 18) return false;
      lead = false;
      this.idb[n++] = x;
    }
    return n === 18;
  }

  /** Start of column `col` in the current record (0 with `end` 0 when absent or beyond the record). */
  private start(col: number): number {
    return col < 0 || col >= this.cells ? 0 : this.cellStart[col]!;
  }

  /** End (exclusive) of column `col` in the current record. */
  private end(col: number): number {
    return col < 0 || col >= this.cells ? 0 : this.cellEnd[col]!;
  }

  /** Room for one more cell. */
  private grow(): void {
    const s = new Int32Array(this.cellStart.length * 2);
    s.set(this.cellStart);
    this.cellStart = s;
    const e = new Int32Array(this.cellEnd.length * 2);
    e.set(this.cellEnd);
    this.cellEnd = e;
  }

  /** Cell boundaries of a record without quotes: `split(',')`. */
  private splitPlain(b: Uint8Array, start: number, end: number): boolean {
    let n = 0;
    let cs = this.cellStart;
    let ce = this.cellEnd;
    cs[0] = start;
    for (let i = start; i < end; i++) {
      if (b[i] === COMMA) {
        if (n + 1 === cs.length) {
          this.grow();
          cs = this.cellStart;
          ce = this.cellEnd;
        }
        ce[n++] = i;
        cs[n] = i + 1;
      }
    }
    ce[n++] = end;
    this.cells = n;
    return true;
  }

  /**
   * Cell boundaries of a record with quotes, as `splitQuoted` reads it, for the one simple form: a
   * cell either has no quote or is wholly `"…"` with no quote inside (its content is what is between
   * them, commas and line breaks included). Anything else — a doubled quote, text after the closing
   * quote, a quote inside an unquoted cell, spaces before the opening one — returns false.
   */
  private splitQuoted(b: Uint8Array, start: number, end: number): boolean {
    let n = 0;
    let i = start;
    for (;;) {
      if (n === this.cellStart.length) this.grow();
      if (i < end && b[i] === DQUOTE) {
        let j = i + 1;
        while (j < end && b[j] !== DQUOTE) j++;
        if (j >= end || (j + 1 < end && b[j + 1] !== COMMA)) return false;
        this.cellStart[n] = i + 1;
        this.cellEnd[n++] = j;
        if (j + 1 >= end) break;
        i = j + 2;
        continue;
      }
      let k = i;
      while (k < end && b[k] !== COMMA) {
        if (b[k] === DQUOTE) return false;
        k++;
      }
      this.cellStart[n] = i;
      this.cellEnd[n++] = k;
      if (k >= end) break;
      i = k + 1;
    }
    this.cells = n;
    return true;
  }

  /**
   * Number of characters when `b[s, e)` is only plain Han characters (1 … MAX_NAME_CHARS) that
   * normalisation keeps as they are, their code points in `out`; else 0.
   */
  private hanCodes(b: Uint8Array, s: number, e: number, out: Int32Array): number {
    const len = e - s;
    if (len % 3 !== 0 || len === 0 || len > 3 * MAX_NAME_CHARS) return 0;
    let n = 0;
    for (let i = s; i < e; i += 3) {
      const x = b[i]!;
      if (x < 0xe4 || x > 0xe9 || (b[i + 1]! & 0xc0) !== 0x80 || (b[i + 2]! & 0xc0) !== 0x80) return 0;
      const cp = han(b, i);
      if (cp < HAN_BASE) return 0;
      let st = this.hanState[cp - HAN_BASE]!;
      if (st === 0) {
        const r = plainHanReadings(cp);
        if (r === null) st = -1;
        else {
          this.readings.push(r);
          st = this.readings.length;
        }
        this.hanState[cp - HAN_BASE] = st;
      }
      if (st < 0) return 0;
      out[n++] = cp;
    }
    return n;
  }
}

const { latin1Slice, utf8Slice } = Buffer.prototype;

/** ASCII bytes `b[s, e)` as a string (one native call, one string). */
const latin1 = (b: Uint8Array, s: number, e: number): string => latin1Slice.call(b, s, e);

/** UTF-8 bytes `b[s, e)` (ASCII and 3-byte characters, as the screen lets through) as a string. */
const utf8 = (b: Uint8Array, s: number, e: number): string => utf8Slice.call(b, s, e);

/** Code point of the 3-byte UTF-8 sequence at i. */
const han = (b: Uint8Array, i: number): number =>
  ((b[i]! & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);

/** Continues hash h with the first `len` characters of a YYYY-MM-DD date. */
function dateHash(h: number, date: Uint8Array, len: number): number {
  for (let i = 0; i < len; i++) h = fnvChar(h, date[i]!);
  return h;
}

/** Position after `prefix` when b[s, e) starts with it, else s. */
function skipPrefix(b: Uint8Array, s: number, e: number, prefix: readonly number[]): number {
  if (e - s < prefix.length) return s;
  for (let i = 0; i < prefix.length; i++) if (b[s + i] !== prefix[i]) return s;
  return s + prefix.length;
}
