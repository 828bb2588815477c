import type ExcelJS from 'exceljs';
import { maskPersonalText } from '../../domain/identity/personal-mask.ts';
import type { RegistryChangeLine } from '../../domain/roll/registry-changes.ts';
import type { RollChangeLine } from '../../domain/roll/roll-change-lines.ts';
import type { RowMessage } from '../../domain/roll/roll-row.ts';
import { neutralise } from '../matching/table-writer.ts';
import { loadExcel } from '../xlsx/exceljs.ts';

/** What every database import returns: counts, and every bad row with its row, column and reason. */
export interface ImportReport {
  ok: boolean;
  kind: string;
  filename: string;
  rows: number;
  batchId: number | null;
  counts: Record<string, number>;
  errors: RowMessage[];
  warnings: RowMessage[];
  /**
   * How many errors and warnings the file had, when the lists above keep only the first of them
   * (a job keeps 50,000 of each): what the page counts and says it lists part of.
   */
  totals?: { errors: number; warnings: number; changes?: number };
  /** Set when the file itself could not be read (no rows were examined). */
  fileError?: string;
  /**
   * Set with `fileError` when the import waits for the user's confirmation: 'left', a roll would mark
   * most of a school as left (massLeaving); 'removal', a 建档立卡 list would remove most of a county's
   * persons (massRemoval); 'transfer', a roll would move pupils still 在读 at a school outside the
   * importer's scope (transferHoldMessage); 'newest', a roll undoes an earlier import (olderRollMessage).
   */
  confirm?: 'left' | 'removal' | 'transfer' | 'newest';
  /** Sentences about the file as a whole, e.g. its ID column went through Excel (`excelDamageNotice`). */
  notices?: string[];
  /**
   * Every person a 建档立卡 list changed against the current one (removed, moved, ID or 脱贫状态
   * changed, added): the xlsx report's 名单变更 sheet; the notices name a few (tester v27b F5).
   */
  changes?: RegistryChangeLine[];
  /**
   * Every pupil a roll import changed (new, moved, returned, updated, left): the xlsx report's
   * 学籍变动 sheet (tester t28b F1). Counted in `totals.changes` like `changes`.
   */
  rollChanges?: RollChangeLine[];
  /** Students whose stored ID an Excel-damaged, or a blank or mistyped, ID cell left standing (student imports). */
  storedIds?: { excel: number; other: number };
}

/**
 * The report of an import that wrote nothing (refused rows, a confirmation awaited) as it is shown —
 * API answer, jobs, the web page, the xlsx problem report, the CLI: its warnings are about the file
 * only. A warning telling what writing does with a row (RowMessage.effect: 按转学转入本校, 已按更正身份证号导入,
 * a school renamed …) did not happen and is left out; a notice says how many rows have one, told when
 * the corrected file is imported. A written report is returned as it is.
 */
export function unwrittenReport<T extends ImportReport>(r: T): T {
  if (r.ok) return r;
  const pending = r.warnings.filter((w) => w.effect);
  if (pending.length === 0) return r;
  // (A row refused by an error is listed already: "另有" counts the rows the file would write.)
  const refused = new Set(r.errors.map((e) => e.row));
  const rows = new Set(pending.filter((w) => !refused.has(w.row)).map((w) => w.row)).size;
  const warnings = r.warnings.filter((w) => !w.effect);
  if (rows === 0) return { ...r, warnings };
  return {
    ...r,
    warnings,
    notices: [
      ...(r.notices ?? []),
      // (Held for the user's word, nothing needs mending: tester v26d F5.)
      `本次未写入任何数据：另有 ${rows} 行导入时将作的处理（如按转学转入本校、更正身份证号、修改学校信息）未列出，也未执行；${
        r.confirm ? '确认后导入时将逐行说明' : '修正问题后重新导入时将逐行说明'
      }`,
    ],
  };
}

/** At most this many messages travel in an API answer; the xlsx report has them all. */
export const REPORT_MESSAGE_LIMIT = 2000;

/** Trims a report for the API (the full list goes to the downloadable xlsx). */
export function trimReport(r: ImportReport): ImportReport & { truncated: boolean } {
  const truncated = r.errors.length + r.warnings.length > REPORT_MESSAGE_LIMIT;
  return {
    ...r,
    errors: r.errors.slice(0, REPORT_MESSAGE_LIMIT),
    warnings: r.warnings.slice(0, Math.max(0, REPORT_MESSAGE_LIMIT - r.errors.length)),
    truncated,
  };
}

/**
 * The report as the browser and other users see it: ID numbers, G + ID 学籍号 and phones quoted in
 * its messages masked (a message quotes the cell, and saying that an ID is one digit off the stored
 * one would give that one away). The row and column still point to the cell in the file.
 */
export function maskReport<T extends ImportReport>(r: T): T {
  const mask = (m: RowMessage): RowMessage => ({ ...m, message: maskPersonalText(m.message) });
  return {
    ...r,
    errors: r.errors.map(mask),
    warnings: r.warnings.map(mask),
    ...(r.fileError !== undefined && { fileError: maskPersonalText(r.fileError) }),
    ...(r.notices !== undefined && { notices: r.notices.map(maskPersonalText) }),
    ...(r.changes !== undefined && {
      changes: r.changes.map((c) => ({ ...c, detail: maskPersonalText(c.detail) })),
    }),
    ...(r.rollChanges !== undefined && {
      rollChanges: r.rollChanges.map((c) => ({ ...c, detail: maskPersonalText(c.detail) })),
    }),
  };
}

/** Longest message shown or written: a message quoting a runaway cell must stay readable (and within Excel's 32,767). */
export const MAX_MESSAGE_CHARS = 300;

/** `message` cut to MAX_MESSAGE_CHARS, saying how much was left out. */
export function shortMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}……（共 ${message.length} 字，其余从略）`;
}

/** The downloadable error report: one row per problem (行号, 列, 级别, 问题), errors first. */
/** Most rows the xlsx problem report lists: a file of millions of bad rows would not fit in memory. */
export const REPORT_XLSX_ROWS = 100_000;

export async function reportToXlsx(r: ImportReport, maxRows = REPORT_XLSX_ROWS): Promise<Buffer> {
  const wb = new (loadExcel().Workbook)();
  const ws = wb.addWorksheet('导入问题');
  ws.columns = [
    { header: '行号', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 18 },
    { header: '级别', key: 'severity', width: 8 },
    { header: '问题', key: 'message', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  // Errors come first (they keep the file from being imported), then warnings, each in row order:
  // the header stays in view and filters, so a clerk can sort by 行号 or keep one 级别 (tester v21b F13).
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = 'A1:D1';
  if (r.fileError)
    ws.addRow({ row: '', column: '', severity: '错误', message: neutralise(shortMessage(r.fileError)) });
  // A notice about the whole file first: it explains many of the rows below.
  for (const n of r.notices ?? [])
    ws.addRow({ row: '', column: '', severity: '提示', message: neutralise(n) });
  const all = r.errors.length + r.warnings.length;
  const total = (r.totals?.errors ?? r.errors.length) + (r.totals?.warnings ?? r.warnings.length);
  let listed = 0;
  for (const list of [r.errors, r.warnings]) {
    for (const m of list) {
      if (listed++ >= maxRows) break;
      ws.addRow({
        row: m.row,
        column: m.column ?? '',
        severity: m.severity === 'error' ? '错误' : '警告',
        message: neutralise(shortMessage(m.message)),
      });
    }
  }
  if (total > Math.min(all, maxRows))
    ws.addRow({
      row: '',
      column: '',
      severity: '提示',
      message: `共 ${total} 条问题，本表列出前 ${Math.min(all, maxRows)} 条：问题这样多，多半出自同一原因（如选错了文件、列错位），请先按前面的问题改正文件后重新导入`,
    });
  if (r.changes?.length) changesSheet(wb.addWorksheet('名单变更'), r.changes, r.totals?.changes, maxRows);
  if (r.rollChanges?.length)
    rollChangesSheet(wb.addWorksheet('学籍变动'), r.rollChanges, r.totals?.changes, maxRows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The columns of a change sheet between 行号/姓名 and the content: two keys of the person. */
type ChangeKeys = readonly [
  { header: string; key: string; width: number },
  { header: string; key: string; width: number },
];

/**
 * A change sheet: every person an import changed, one row each (kind, 行号 of the file, 姓名, two keys
 * of the person, what changed — IDs masked); `total` when the job kept only the first. `word`: the
 * sheet's word for a change (变更 of a list, 变动 of a roll).
 */
function changeSheet<L extends { change: string; row: number | null; name: string; detail: string }>(
  ws: ExcelJS.Worksheet,
  word: string,
  keys: ChangeKeys,
  keyValues: (l: L) => readonly [string, string],
  changes: readonly L[],
  total: number | undefined,
  maxRows: number,
): void {
  ws.columns = [
    { header: word, key: 'change', width: 14 },
    { header: '行号', key: 'row', width: 8 },
    { header: '姓名', key: 'name', width: 12 },
    ...keys,
    { header: `${word}内容`, key: 'detail', width: 70 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = 'A1:F1';
  const listed = changes.slice(0, maxRows);
  for (const c of listed) {
    const [a, b] = keyValues(c);
    ws.addRow({
      change: c.change,
      row: c.row ?? '',
      name: neutralise(c.name),
      [keys[0].key]: neutralise(a),
      [keys[1].key]: neutralise(b),
      detail: neutralise(c.detail),
    });
  }
  const all = Math.max(total ?? 0, changes.length);
  if (all > listed.length)
    ws.addRow({ change: '提示', detail: `共 ${all} 项${word}，本表列出前 ${listed.length} 项` });
}

/** The 名单变更 sheet of a 建档立卡 import: 人编号 and 户编号 name each person. */
function changesSheet(
  ws: ExcelJS.Worksheet,
  changes: readonly RegistryChangeLine[],
  total: number | undefined,
  maxRows: number,
): void {
  const keys = [
    { header: '人编号', key: 'personNo', width: 22 },
    { header: '户编号', key: 'householdNo', width: 20 },
  ] as const;
  changeSheet(ws, '变更', keys, (c) => [c.personNo, c.householdNo], changes, total, maxRows);
}

/** The 学籍变动 sheet of a roll import: the 学籍号 (masked) and the school name each pupil. */
function rollChangesSheet(
  ws: ExcelJS.Worksheet,
  changes: readonly RollChangeLine[],
  total: number | undefined,
  maxRows: number,
): void {
  const keys = [
    { header: '学籍号', key: 'studentNo', width: 22 },
    { header: '学校', key: 'school', width: 26 },
  ] as const;
  changeSheet(ws, '变动', keys, (c) => [c.studentNo, c.school], changes, total, maxRows);
}
