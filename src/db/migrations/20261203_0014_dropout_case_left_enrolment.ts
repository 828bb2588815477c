import { type Kysely, sql, type Transaction } from 'kysely';
import { leftEnrolment } from '../../domain/dropout/transfer.ts';
import { appendAudit } from '../../server/audit.ts';
import { SYSTEM_ACTOR } from '../../server/scope.ts';
import type { DB } from '../types.ts';

/**
 * Cases opened from the out-of-school list before such a case carried the enrolment the child left
 * (modules/dropout/case-child.ts): linked now, as they would be opened today, so that the school
 * sees its case and 流转学生 monitoring marks the child's open case instead of inviting a second one.
 * A case is linked to the roll record the child had left last when the case was opened (its 离校日期
 * on or before the opening day; domain/dropout leftEnrolment: a compulsory-stage record, no 九年级
 * graduation), when that record's school lies in the scope of the user who opened the case; the
 * case's 辍学日期 is filled from it only when the case has none. Each link is audited (系统, before →
 * after). A data change, not a query-time link: the case is the ledger — its written report, exports
 * and the school's own list read the stored row. Frozen once landed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const cases = await sql<{
    id: number;
    region_code: string;
    left_at: string | null;
    opened_at: string;
    person_id: number | null;
    id_number: string | null;
    scope_code: string;
  }>`select c.id, c.region_code, c.left_at::text as left_at, c.opened_at::text as opened_at,
      c.person_id, c.id_number, u.scope_code
    from dropout_case c join app_user u on u.id = c.opened_by
    where c.source = 'out_of_school' and c.student_id is null and c.school_code is null
      and u.school_code is null and (c.person_id is not null or c.id_number is not null)
    order by c.id`.execute(db);
  for (const c of cases.rows) {
    const records = await sql<{
      id: number;
      status: string;
      stage: string;
      grade: string | null;
      left_at: string;
      school_code: string;
      region_code: string;
    }>`select s.id, s.status, s.stage, s.grade, s.left_at::text as left_at, s.school_code, s.region_code
      from student s
      where ${c.person_id != null ? sql`s.person_id = ${c.person_id}` : sql`s.id_number = ${c.id_number}`}
        and s.status = 'left' and s.left_at <= ${c.opened_at}::date`.execute(db);
    const left = leftEnrolment(records.rows.map((r) => ({ ...r, id: Number(r.id), leftAt: r.left_at })));
    if (!left?.region_code.startsWith(c.scope_code)) continue;
    const leftAt = c.left_at ?? left.left_at;
    await sql`update dropout_case set student_id = ${left.id}, school_code = ${left.school_code},
      left_at = ${leftAt}::date, updated_at = now() where id = ${c.id}`.execute(db);
    await appendAudit(db as unknown as Transaction<DB>, SYSTEM_ACTOR, {
      action: 'update',
      entity: 'dropout_case',
      entityId: c.id,
      scopeCode: c.region_code,
      before: { student_id: null, school_code: null, left_at: c.left_at },
      after: { student_id: left.id, school_code: left.school_code, left_at: leftAt },
    });
  }
}
