/**
 * The bank's payment file (代发文件) of an approved list: one row per line still to be paid, with
 * the full ID number the bank pays against (惠民惠农一卡通 accounts are bound to it), so the
 * download needs `personal.unmask` and is audited as a view of personal data. Its last columns
 * (状态, 失败原因, 发放日期) are left for the bank: the same file, filled in, is accepted back as the
 * 回盘文件 (bank-return.ts reads it by these headers and ignores the others).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { fenToYuan, programmeName, termLabel } from '../../domain/aid/index.ts';
import { auditPersonalView } from '../../server/audit.ts';
import { conflict, forbidden } from '../../server/errors.ts';
import { can } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';
import { openTableWriter } from '../matching/table-writer.ts';
import { requireTerm } from './entitlement.run.ts';
import { findList } from './payment.queries.ts';
import { getActivePolicy } from './policy.store.ts';

export const BANK_FILE_HEADERS = [
  '序号',
  '姓名',
  '身份证号',
  '金额',
  '资助项目',
  '学期',
  '学校',
  '学籍号',
  '状态',
  '失败原因',
  '发放日期',
] as const;

/**
 * The answer when a list has no line left to send; with `failed` lines the bank could not pay, what
 * to do with them (重新发放 or 转入补发, domain canResendLine).
 */
function nothingToSend(failed: number): string {
  return failed > 0
    ? `该发放名单没有待发放的人员，有 ${failed} 人银行发放失败：核实账户后可对其“重新发放”，再生成代发文件；或“转入补发”，在补发名单中发放`
    : '该发放名单没有待发放的人员';
}

/** Writes the payment file of list `listId` to `file` (.xlsx or .csv); returns the list and row count. */
export async function writeBankFile(db: Kysely<DB>, actor: Actor, listId: number, file: string) {
  if (!can(actor.role, 'personal.unmask'))
    throw forbidden('您没有导出完整身份证号的权限，不能生成银行代发文件');
  const list = await findList(db, actor, listId);
  // A line the bank could not pay waits for 重新发放 or 转入补发 (domain canResendLine): say so
  // rather than "all paid" when it is what keeps the list from having anything to send.
  const failed = Number(
    (
      await db
        .selectFrom('payment_line')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('list_id', '=', listId)
        .where('status', '=', 'failed')
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (list.status !== 'approved')
    throw conflict(
      list.status !== 'paid'
        ? '只有已审批的发放名单才能生成银行代发文件'
        : failed > 0
          ? nothingToSend(failed)
          : '该发放名单已全部发放，无需再生成银行代发文件',
    );
  const lines = await db
    .selectFrom('payment_line')
    .select(['name', 'id_number', 'amount_fen', 'programme', 'term', 'student_no'])
    .where('list_id', '=', listId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  if (lines.length === 0) throw conflict(nothingToSend(failed));
  const term = requireTerm(list.term);
  const cfg = (await getActivePolicy(db, term.year, actor)).config;
  // 序号 and 金额 are numbers in the xlsx (Excel sums and sorts them); the term in words.
  const w = openTableWriter(file, '代发名单', BANK_FILE_HEADERS, ['序号', '金额']);
  const termText = termLabel(term);
  let n = 0;
  for (const l of lines) {
    n++;
    await w.write([
      String(n),
      l.name,
      l.id_number ?? '',
      fenToYuan(l.amount_fen),
      programmeName(cfg, l.programme),
      termText,
      list.school_name,
      l.student_no,
      '',
      '',
      '',
    ]);
  }
  await w.close();
  await auditPersonalView(db, actor, 'bank_payment_file', String(listId), list.region_code, ['id_number']);
  return { list, rows: n, termLabel: termText };
}
