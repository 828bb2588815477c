/**
 * The bank's return file (回盘文件) for an approved list: 姓名, 身份证号, 金额, 状态/结果, 失败原因
 * (and optionally 发放日期), csv or xlsx. All or nothing: one unknown person, duplicated row,
 * wrong amount or unreadable result and nothing is recorded; the answer lists every bad row.
 * Paid lines are settled; failed ones wait to be re-queued onto a supplementary list.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import { type BankRow, checkBankPaidOn, matchBankReturn } from '../../domain/aid/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { AppError, conflict } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';
import type { FieldSpec } from '../matching/headers.ts';
import { MatchInputError, pick, readTable } from '../matching/table-reader.ts';
import { findList } from './payment.queries.ts';
import { assertMaker } from './payment.service.ts';

type BankField = 'name' | 'idNumber' | 'amount' | 'status' | 'message' | 'paidOn';
const BANK_FIELDS: readonly FieldSpec<BankField>[] = [
  {
    key: 'name',
    header: '姓名',
    aliases: ['姓名', '户名', '收款人', '收款人姓名', '学生姓名'],
    required: true,
  },
  {
    key: 'idNumber',
    header: '身份证号',
    aliases: ['身份证号', '身份证件号', '身份证号码', '证件号码', '证件号', '公民身份号码'],
    required: true,
  },
  {
    key: 'amount',
    header: '金额',
    aliases: ['金额', '发放金额', '实发金额', '交易金额', '金额(元)', '金额（元）'],
    required: true,
  },
  {
    key: 'status',
    header: '状态',
    aliases: ['状态', '结果', '发放结果', '发放状态', '处理结果', '交易状态'],
    required: true,
  },
  {
    key: 'message',
    header: '失败原因',
    aliases: ['失败原因', '备注', '说明', '原因', '错误信息'],
    required: false,
  },
  {
    key: 'paidOn',
    header: '发放日期',
    aliases: ['发放日期', '入账日期', '交易日期', '日期'],
    required: false,
  },
];

/**
 * Imports a return file for a list in scope; `today` is the default payment date, and no 发放日期
 * may be later than it.
 */
export async function importBankReturn(
  db: Kysely<DB>,
  actor: Actor,
  listId: number,
  file: { path: string; filename: string },
  today: string,
) {
  assertMaker(actor);
  const list = await findList(db, actor, listId);
  if (list.status !== 'approved') {
    throw conflict(
      list.status === 'paid' ? '该发放名单的银行回盘已全部登记' : '只有已审批的发放名单才能导入银行回盘文件',
    );
  }
  const rows: (BankRow & { paidOn: string })[] = [];
  // Rows whose cells an unquoted comma shifted: their amount or status may be another column's.
  const shifted: { row: number; message: string }[] = [];
  try {
    let cols: Parameters<typeof pick<BankField>>[1] | null = null;
    await readTable(
      file.path,
      BANK_FIELDS,
      '银行回盘文件',
      (cells, rowNo) => {
        const r = pick(cells, cols!, ['name', 'idNumber', 'amount', 'status', 'message', 'paidOn']);
        rows.push({ rowNo, ...r });
      },
      {
        onColumns: (c) => {
          cols = c;
        },
        onShape: (shape, row) => {
          if (shape.severity === 'error') shifted.push({ row, message: shape.reason });
        },
      },
    );
  } catch (e) {
    if (e instanceof MatchInputError) throw new AppError('import_invalid', e.message);
    throw e;
  }
  const lines = await db
    .selectFrom('payment_line')
    .select(['id', 'name', 'id_number as idNumber', 'amount_fen as amountFen', 'status'])
    .where('list_id', '=', listId)
    .execute();
  const matched = matchBankReturn(rows, lines);
  const errors = matched.ok ? [...shifted] : [...shifted, ...matched.errors];
  const days = new Map<number, string>();
  for (const r of rows) {
    const d = checkBankPaidOn(r.paidOn, today);
    if (!d.ok) errors.push({ row: r.rowNo, message: d.message });
    else if (d.day) days.set(r.rowNo, d.day);
  }
  if (!matched.ok || errors.length) {
    errors.sort((a, b) => a.row - b.row);
    throw new AppError(
      'import_invalid',
      `银行回盘文件有 ${errors.length} 处错误，未登记任何结果：${errors
        .slice(0, 3)
        .map((e) => `第${e.row}行 ${e.message}`)
        .join('；')}`,
      { errors },
    );
  }
  const rowOfLine = new Map<number, BankRow & { paidOn: string }>();
  for (const r of rows) {
    const l = lines.find((x) => x.idNumber?.toUpperCase() === r.idNumber.trim().toUpperCase());
    if (l) rowOfLine.set(l.id, r);
  }
  return db.transaction().execute(async (trx) => {
    const paid = matched.results.filter((r) => r.status === 'paid').length;
    const ret = await trx
      .insertInto('bank_return')
      .values({
        list_id: listId,
        filename: file.filename,
        rows: rows.length,
        paid,
        failed: matched.results.length - paid,
        imported_by: actor.id || null,
        county_code: list.county_code,
        region_code: list.region_code,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const r of matched.results) {
      const row = rowOfLine.get(r.lineId)!;
      await trx
        .updateTable('payment_line')
        .set({
          status: r.status,
          paid_at: r.status === 'paid' ? (days.get(row.rowNo) ?? today) : null,
          bank_status: row.status.trim(),
          bank_message: r.message,
          bank_return_id: ret.id,
        })
        .where('id', '=', r.lineId)
        .execute();
    }
    const pending = await trx
      .selectFrom('payment_line')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('list_id', '=', listId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(pending.n) === 0)
      await trx
        .updateTable('payment_list')
        .set({ status: 'paid', paid_at: new Date(), updated_at: new Date() })
        .where('id', '=', listId)
        .execute();
    await appendAudit(trx, actor, {
      action: 'import',
      entity: 'bank_return',
      entityId: ret.id,
      scopeCode: list.region_code,
      after: {
        listId,
        filename: file.filename,
        paid,
        failed: matched.results.length - paid,
        pendingLeft: Number(pending.n),
      },
    });
    return {
      bankReturnId: ret.id,
      paid,
      failed: matched.results.length - paid,
      pendingLeft: Number(pending.n),
    };
  });
}
