/**
 * Workbooks in the formats before xlsx, read with SheetJS (`@e965/xlsx`, the SheetJS Community
 * Edition 0.20.3 build published on npm): binary Excel 97–2003 `.xls` (BIFF8, and BIFF5 of Excel
 * 95), WPS's `.et`, and the two text formats systems save under the `.xls` name — an HTML table
 * and Excel 2003's XML Spreadsheet. The national 建档立卡 and 学籍 systems and many county
 * tools still export these, so a bureau should not have to open each in Excel and save it again.
 *
 * Such a file has at most 65,536 rows a sheet, so it is read whole (no streaming). Cells come back
 * as exceljs's streaming reader gives xlsx cells (strings, numbers, booleans), so `cellText`
 * reads both alike: an ID Excel turned into a number keeps exactly the digits Excel kept. Text
 * formats are read with `raw`, so an 18-digit ID in an HTML cell stays text instead of becoming a
 * number that loses its last digits.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The parts of a SheetJS cell read here. */
interface SheetCell {
  /** s string, n number, b boolean, d date, e error, z stub (no value). */
  t: 's' | 'n' | 'b' | 'd' | 'e' | 'z';
  v?: unknown;
  /** Formula (without '='), kept so a formula saved without its value can be reported. */
  f?: string;
}

interface SheetJs {
  read(
    data: Buffer,
    opts: {
      type: 'buffer';
      dense: boolean;
      raw: boolean;
      cellFormula: boolean;
      cellHTML: boolean;
      cellNF: boolean;
      cellText: boolean;
      cellDates: boolean;
      codepage?: number;
    },
  ): {
    SheetNames: string[];
    Sheets: Record<string, { '!data'?: (SheetCell | undefined)[][] }>;
    Workbook?: { Sheets?: { Hidden?: number }[]; WBProps?: { date1904?: boolean } };
  };
  set_cptable?(cptable: unknown): void;
}

let sheetJs: SheetJs | null = null;
function load(): SheetJs {
  if (sheetJs === null) {
    sheetJs = require('@e965/xlsx') as SheetJs;
    // Code pages for BIFF5 (Excel 95) text and for HTML without a charset (GBK on Chinese Windows).
    sheetJs.set_cptable?.(require('@e965/xlsx/dist/cpexcel.js'));
  }
  return sheetJs;
}

/** One sheet: its name, whether Excel hides it, and its rows (index = row number − 1; a row's cells: index = column − 1). */
export interface LegacySheet {
  name: string;
  hidden: boolean;
  rows: (unknown[] | undefined)[];
  /** The workbook counts dates from 1904 (Excel for Mac's old default): its date serials are 1,462 days less. */
  date1904: boolean;
}

/** Thrown with a Chinese message when the file is no workbook SheetJS can read. */
export class LegacyWorkbookError extends Error {
  override name = 'LegacyWorkbookError';
}

/**
 * A cell's value in exceljs's shapes: text, number, boolean, Date; an error (#N/A) is empty; a
 * formula saved without its value is `{ formula }` (cellText reports it), like an xlsx one.
 */
function cellValue(c: SheetCell | undefined): unknown {
  if (c === undefined) return undefined;
  if (c.v === undefined || c.t === 'z') return c.f !== undefined ? { formula: c.f } : undefined;
  if (c.t === 'e') return undefined;
  return c.v;
}

/** Reads every sheet of an old-format workbook. */
export function readLegacyWorkbook(file: string | Buffer): LegacySheet[] {
  const data = typeof file === 'string' ? readFileSync(file) : file;
  let wb: ReturnType<SheetJs['read']>;
  try {
    wb = load().read(data, {
      type: 'buffer',
      dense: true,
      raw: true,
      cellFormula: true,
      cellHTML: false,
      cellNF: false,
      cellText: false,
      cellDates: false,
    });
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    // (SheetJS says 'File is password-protected'; 'Unsupported ZIP encryption' is a broken file.)
    if (/password/i.test(m))
      throw new LegacyWorkbookError(
        '文件设有打开密码：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后重新保存再导入',
      );
    throw new LegacyWorkbookError('文件已损坏或不是 Excel 文件，无法读取：请重新导出后再试');
  }
  return wb.SheetNames.map((name, i) => {
    const rows = wb.Sheets[name]?.['!data'] ?? [];
    return {
      name,
      hidden: (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) > 0,
      date1904: wb.Workbook?.WBProps?.date1904 === true,
      rows: rows.map((r) => (r === undefined ? undefined : Array.from(r, cellValue))),
    };
  });
}
