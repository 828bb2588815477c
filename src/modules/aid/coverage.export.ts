/**
 * The coverage file (工作要点 1 五个阶段全覆盖): one row per student and programme, columns
 * 学籍号, 姓名, 学校名称, 学段, 资助项目, 应享金额, 已发金额, 状态, 说明 (审批后应享变动, domain
 * coverageNote) — the rows of the report's money
 * figures (coverageList: 学校名称 is the paying school, else where the entitlement was computed;
 * domain coverageUnits). Written page by page (keyset) so the whole city never sits in memory;
 * formula-looking cells are neutralised by the writer.
 */

import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { COVERAGE_LABELS, fenToYuan, programmeName, STAGE_LABELS } from '../../domain/aid/index.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import type { Actor } from '../../server/scope.ts';
import { openTableWriter } from '../matching/table-writer.ts';
import { coverageList } from './coverage.queries.ts';
import { requireTerm } from './entitlement.run.ts';
import { getActivePolicy } from './policy.store.ts';

export const COVERAGE_HEADERS = [
  '学籍号',
  '姓名',
  '学校名称',
  '学段',
  '资助项目',
  '应享金额',
  '已发金额',
  '状态',
  '说明',
];

/** Writes the coverage of a term in the actor's scope to `file` (.csv or .xlsx); returns the row count. */
export async function writeCoverage(
  db: Kysely<DB>,
  actor: Actor,
  termText: string,
  file: string,
  onProgress?: (rows: number) => void,
): Promise<number> {
  const term = requireTerm(termText);
  const policy = await getActivePolicy(db, term.year, actor);
  const w = openTableWriter(file, '资助覆盖情况', COVERAGE_HEADERS, ['应享金额', '已发金额']);
  let rows = 0;
  let after: { studentId: number; programme: string; schoolCode: string } | undefined;
  for (;;) {
    const { items } = await coverageList(db, actor, term.code, {
      pageSize: 10000,
      after: after ?? { studentId: 0, programme: '', schoolCode: '' },
    });
    for (const r of items) {
      await w.write([
        maskStudentNo(r.student_no),
        r.name,
        r.school_name,
        STAGE_LABELS[r.stage] ?? r.stage,
        programmeName(policy.config, r.programme),
        fenToYuan(r.ent_fen),
        fenToYuan(r.paid_fen),
        COVERAGE_LABELS[r.status],
        r.note ?? '',
      ]);
    }
    rows += items.length;
    onProgress?.(rows);
    if (items.length < 10000) break;
    const last = items[items.length - 1]!;
    after = { studentId: last.student_id, programme: last.programme, schoolCode: last.school_code };
  }
  await w.close();
  return rows;
}
