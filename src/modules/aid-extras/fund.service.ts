/**
 * 学校资助基金 (工作要点 2): extraction from 事业收入 by the policy ratio, spending on 减免学费 /
 * 临时生活补助 for a student of the school, adjustments. A school's writers are serialised by an
 * advisory lock, so two spendings can never together overdraw the balance.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { FundKindCol } from '../../db/types-aid-extras.ts';
import { checkMovement, computeExtraction } from '../../domain/aid-extras/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, conflict, notFound } from '../../server/errors.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { assertCanWriteFund } from './access.ts';
import { schoolBalance } from './fund.queries.ts';
import { loadFundSettings } from './settings.ts';

export interface FundEntryInput {
  schoolCode: string;
  year: number;
  kind: FundKindCol;
  entryDate: string;
  /** Extraction: the school's 事业收入 (分) and optionally the ratio (basis points; default from policy). */
  revenueFen?: number;
  ratioBp?: number | null;
  /** Spending and adjustment: the amount (分); adjustments are signed. */
  amountFen?: number;
  /** Spending: the student who receives it. */
  studentId?: number;
  note?: string | null;
}

/** Records one entry; refusals (ratio outside policy, overdraft, duplicate extraction) change nothing. */
export async function addFundEntry(db: Kysely<DB>, actor: Actor, input: FundEntryInput, today: string) {
  assertCanWriteFund(actor);
  if (input.entryDate > today) throw badRequest('登记日期不能晚于今天');
  if (Number(input.entryDate.slice(0, 4)) < input.year) throw badRequest('登记日期不能早于所属年度');
  return db.transaction().execute(async (trx) => {
    const school = await trx
      .selectFrom('school')
      .select(['code', 'name', 'stages', 'county_code', 'region_code'])
      .where('code', '=', input.schoolCode)
      .where(inSchoolScope(actor, 'school.code', 'school.region_code'))
      .executeTakeFirst();
    if (!school) throw notFound('学校');
    await sql`select pg_advisory_xact_lock(hashtext(${`school_aid_fund:${school.code}`}))`.execute(trx);
    let values: {
      amount_fen: number;
      revenue_fen?: number;
      ratio_bp?: number;
      student_id?: number;
      person_id?: number | null;
      recipient_name?: string;
    };
    if (input.kind === 'extraction') {
      if (input.revenueFen === undefined) throw badRequest('提取须填写学校事业收入');
      const x = computeExtraction(
        { revenueFen: input.revenueFen, ratioBp: input.ratioBp, stages: school.stages },
        await loadFundSettings(trx),
      );
      if (!x.ok) throw badRequest(x.reason);
      const dup = await trx
        .selectFrom('school_aid_fund_entry')
        .select('id')
        .where('county_code', '=', school.county_code)
        .where('school_code', '=', school.code)
        .where('year', '=', input.year)
        .where('kind', '=', 'extraction')
        .executeTakeFirst();
      if (dup) throw conflict(`${school.name} ${input.year} 年已登记提取，如需更正请登记调整`);
      values = { amount_fen: x.amountFen, revenue_fen: input.revenueFen, ratio_bp: x.ratioBp };
    } else {
      if (input.amountFen === undefined) throw badRequest('请填写金额');
      if (input.kind === 'adjustment' && !input.note?.trim()) throw badRequest('调整须说明原因');
      const m = checkMovement(input.kind, input.amountFen, await schoolBalance(trx, school.code));
      if (!m.ok) throw badRequest(m.reason);
      values = { amount_fen: input.amountFen };
      if (input.kind !== 'adjustment') {
        if (!input.studentId) throw badRequest('减免学费或临时生活补助须选择受助学生');
        const student = await trx
          .selectFrom('student')
          .select(['id', 'person_id', 'name'])
          .where('id', '=', input.studentId)
          .where('school_code', '=', school.code)
          .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
          .executeTakeFirst();
        if (!student) throw notFound('该校学生');
        values = {
          ...values,
          student_id: student.id,
          person_id: student.person_id,
          recipient_name: student.name,
        };
      }
    }
    const row = await trx
      .insertInto('school_aid_fund_entry')
      .values({
        ...values,
        school_code: school.code,
        year: input.year,
        kind: input.kind,
        entry_date: input.entryDate,
        note: input.note?.trim() || null,
        created_by: actor.id,
        created_by_name: actor.displayName,
        county_code: school.county_code,
        region_code: school.region_code,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'school_aid_fund_entry',
      entityId: row.id,
      scopeCode: row.region_code,
      after: row,
    });
    return { entry: row, balanceFen: await schoolBalance(trx, school.code) };
  });
}
