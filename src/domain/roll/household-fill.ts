/**
 * Registry exports often keep one household on several rows with its household cells (户编号, 户主,
 * 县/乡/村, 贫困户属性…) merged across them: Excel then stores the value in the first row only, and
 * a CSV saved from it leaves the other rows' cells empty. Read as they are, the head alone has a
 * household and a place: the import refused every other member (户编号为必填项), and the comparison
 * lost the members' village (2,937 confirmed of a roll became 2,869, 29 unenrolled became 77).
 *
 * `HouseholdFill` takes the rows in file order and fills such a row's empty household cells from the
 * row above when the row continues that household:
 * - it is not the head's row (户主 or 本人, see prepare.ts isHeadRelation: a head starts a household);
 * - the row above has a household (a 户编号, or else a 户主证件号码 or 户主姓名);
 * - none of its own 户编号, 户主证件号码, 户主姓名 contradicts the row above's.
 * Only empty cells are filled; a cell the row has is never replaced. Pure: no I/O.
 */
import { isHeadRelation } from '../matching/prepare.ts';

/** The household cells, in the order they are filled; a file may lack any of them. */
export const HOUSEHOLD_KEYS = [
  'householdNo',
  'headIdNumber',
  'headName',
  'county',
  'township',
  'village',
  'povertyAttribute',
  'exitStatus',
] as const;
export type HouseholdKey = (typeof HOUSEHOLD_KEYS)[number];

/** What identifies a household, strongest first: HOUSEHOLD_KEYS[0 … IDENTITY_KEYS-1]. */
const IDENTITY_KEYS = 3;

/** How many example rows a notice names. */
const EXAMPLE_ROWS = 5;

type Cells = Partial<Record<HouseholdKey | 'relation', string>>;

/** What a fill counts for its notice: the rows it filled, and the first few of them. */
abstract class FilledRows {
  /** Rows that had cells filled. */
  filledRows = 0;
  /** The first few of them (file row numbers). */
  readonly examples: number[] = [];

  /** Counts `row` when `filled`; returns `filled`. */
  protected counted(row: number, filled: boolean): boolean {
    if (filled) {
      this.filledRows++;
      if (this.examples.length < EXAMPLE_ROWS) this.examples.push(row);
    }
    return filled;
  }

  /** '3 行（第3、4、5行）', or '…行等）' when there are more rows than examples. */
  protected rowsText(): string {
    const more = this.filledRows > this.examples.length ? '等' : '';
    return `${this.filledRows} 行（第${this.examples.join('、')}行${more}）`;
  }
}

/** Fills merged household cells row by row (one per file, rows in file order). */
export class HouseholdFill extends FilledRows {
  /** The row above's household cells (trimmed, as filled), by HOUSEHOLD_KEYS position; null before the first row. */
  private prev: string[] | null = null;

  /**
   * Fills the empty household cells of `cells` (a row as picked, '' for empty or absent columns) in
   * place when the row continues the household of the row before; returns whether it filled any.
   * (Runs for every registry row: no allocation per row.)
   */
  next(row: number, cells: Cells): boolean {
    let prev = this.prev;
    let filled = false;
    if (prev !== null && !isHeadRelation(cells.relation ?? '') && continues(prev, cells)) {
      for (let j = 0; j < HOUSEHOLD_KEYS.length; j++) {
        const k = HOUSEHOLD_KEYS[j]!;
        const v = prev[j]!;
        if (v !== '' && k in cells && (cells[k] ?? '').trim() === '') {
          cells[k] = v;
          filled = true;
        }
      }
    }
    if (prev === null) prev = this.prev = new Array<string>(HOUSEHOLD_KEYS.length);
    for (let j = 0; j < HOUSEHOLD_KEYS.length; j++) prev[j] = (cells[HOUSEHOLD_KEYS[j]!] ?? '').trim();
    return this.counted(row, filled);
  }

  /** The notice for the file, or null when nothing was filled. */
  notice(fileLabel: string): string | null {
    if (this.filledRows === 0) return null;
    return `注意：${fileLabel}中 ${this.rowsText()}的户编号、户主或所在地等户级信息为空，多为导出时合并了单元格，已按同户上一行补齐。如这些行并非上一行的同户成员，请补全后重新导入。`;
  }
}

/** True when the row's own household identity does not contradict the row above's, and the row above has one. */
function continues(prev: readonly string[], cells: Cells): boolean {
  let known = false;
  for (let j = 0; j < IDENTITY_KEYS; j++) {
    const p = prev[j]!;
    if (p === '') continue;
    known = true;
    const c = (cells[HOUSEHOLD_KEYS[j]!] ?? '').trim();
    if (c !== '' && p !== c) return false;
  }
  return known;
}

/**
 * The same for list files (低保, 特困, 残疾, 突发困难), which have no household to check: a row whose
 * `keys` cells (县, 乡, 名单类别: columns a list sorted by place or kind merges over its rows) are
 * empty takes them from the row above, as filled. A row that has a cell keeps it. Pure.
 */
export class ColumnFill<K extends string> extends FilledRows {
  private readonly prev: string[];
  /** Which of `keys` were filled in some row (the notice names those only). */
  private readonly used: boolean[];

  constructor(
    private readonly keys: readonly K[],
    /** The columns' headers, for the notice. */
    private readonly headers: readonly string[],
  ) {
    super();
    this.prev = keys.map(() => '');
    this.used = keys.map(() => false);
  }

  /**
   * Fills the empty `keys` cells of `cells` in place from the row above; returns whether it filled
   * any. With `fill` false the row is only remembered (the caller knows it is no merged row).
   */
  next(row: number, cells: Partial<Record<K, string>>, fill = true): boolean {
    let filled = false;
    for (let j = 0; j < this.keys.length; j++) {
      const k = this.keys[j]!;
      const v = (cells[k] ?? '').trim();
      if (v !== '') this.prev[j] = v;
      else if (fill && this.prev[j] !== '' && k in cells) {
        cells[k] = this.prev[j]!;
        filled = true;
        this.used[j] = true;
      }
    }
    return this.counted(row, filled);
  }

  /** The notice for the file, or null when nothing was filled. */
  notice(fileLabel: string): string | null {
    if (this.filledRows === 0) return null;
    const headers = this.headers.filter((_, j) => this.used[j]);
    return `注意：${fileLabel}中 ${this.rowsText()}的${headers.join('、')}为空，多为导出时合并了单元格，已按上一行补齐。如有不对，请补全后重新导入。`;
  }
}
