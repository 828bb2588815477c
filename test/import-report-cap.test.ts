/**
 * An outside tester's P2 (v20b F7, F8): a small xlsx that expands to millions of bad rows made
 * `jiaofu import … --report` run out of memory, and the page counted 50,000 errors of 8,000,000.
 * The xlsx report lists at most REPORT_XLSX_ROWS problems and says how many there were.
 */
import { describe, expect, it } from 'vitest';
import { type ImportReport, reportToXlsx } from '../src/modules/imports/import-report.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';

const message = (row: number, severity: 'error' | 'warning') => ({
  row,
  column: '身份证件号',
  message: `身份证件号“${row}”位数不正确`,
  severity,
});

describe('the xlsx problem report of a file with very many bad rows', () => {
  it('lists the first problems, errors first, and says how many there were', async () => {
    const report: ImportReport = {
      ok: false,
      kind: 'students',
      filename: 'x.xlsx',
      rows: 8,
      batchId: null,
      counts: {},
      errors: [2, 3, 4, 5, 6].map((r) => message(r, 'error')),
      warnings: [7, 8, 9].map((r) => message(r, 'warning')),
      totals: { errors: 5_000_000, warnings: 3_000_000 },
    };
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.load((await reportToXlsx(report, 4)) as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map(String)));
    expect(rows.map((r) => r[0])).toEqual(['行号', '2', '3', '4', '5', '']);
    expect(rows.at(-1)!.at(-1)).toBe(
      '共 8000000 条问题，本表列出前 4 条：问题这样多，多半出自同一原因（如选错了文件、列错位），请先按前面的问题改正文件后重新导入',
    );
    // A report that fits is listed whole, without the note.
    const whole = new (loadExcel().Workbook)();
    await whole.xlsx.load((await reportToXlsx({ ...report, totals: undefined })) as unknown as ArrayBuffer);
    expect(whole.worksheets[0]!.rowCount).toBe(9);
    // The header stays in view and filters (tester v21b F13: sort by 行号, or keep one 级别).
    expect(whole.worksheets[0]!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(whole.worksheets[0]!.autoFilter).toBe('A1:D1');
  });

  it('lists a 建档立卡 list’s changed persons on their own sheet, at most as many rows, saying how many (tester v27b F5)', async () => {
    const change = (i: number) => ({
      change: '脱贫状态变更',
      row: i + 2,
      name: `林${i}`,
      personNo: `P${i}`,
      householdNo: 'H1',
      detail: '未脱贫 → 已脱贫(不享受政策)',
    });
    const report: ImportReport = {
      ok: true,
      kind: 'registry',
      filename: 'r.xlsx',
      rows: 60_000,
      batchId: 1,
      counts: {},
      errors: [],
      warnings: [],
      changes: [0, 1, 2, 3, 4].map(change),
      totals: { errors: 0, warnings: 0, changes: 60_000 },
    };
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.load((await reportToXlsx(report, 3)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('名单变更')!;
    const rows: string[][] = [];
    sheet.eachRow((r) =>
      rows.push(Array.from({ length: 6 }, (_, i) => String(r.getCell(i + 1).value ?? ''))),
    );
    expect(rows.map((r) => r[3])).toEqual(['人编号', 'P0', 'P1', 'P2', '']);
    expect(rows.at(-1)).toEqual(['提示', '', '', '', '', '共 60000 项变更，本表列出前 3 项']);
    // A report without changes has no such sheet.
    const none = new (loadExcel().Workbook)();
    await none.xlsx.load((await reportToXlsx({ ...report, changes: [] })) as unknown as ArrayBuffer);
    expect(none.getWorksheet('名单变更')).toBeUndefined();
  });
});
