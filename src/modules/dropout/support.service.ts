/**
 * 送教上门 plans and visits, and 书面报告 (工作要点 5). Home teaching is for disabled children who
 * cannot attend: a placement decision, a teacher, a schedule with visits per month, a visit log —
 * the child stays on the roll. The written report goes to the government when persuasion fails
 * and is kept on the case exactly as generated.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { checkPlacement, checkVisit, type DropoutReason, sexLabel } from '../../domain/dropout/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, notFound } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';
import { caseHistory, caseInScope, findCase } from './cases.queries.ts';
import { assertCanWriteDropout } from './dropout.access.ts';
import { buildWrittenReport } from './dropout.report.ts';
import { loadDropoutSettings } from './dropout.settings.ts';

async function caseForWrite(trx: Transaction<DB>, actor: Actor, id: number) {
  assertCanWriteDropout(actor);
  const c = await findCase(trx, actor, id);
  if (!c) throw notFound('控辍保学台账');
  if (c.status === 'closed') throw badRequest('案件已结案，不能再修改');
  return c;
}

export interface HomeTeachingInput {
  decisionDate: string;
  decisionNote?: string | null;
  teacher: string;
  schoolCode?: string | null;
  schedule: string;
  visitsPerMonth?: number;
  startDate: string;
}

/** Records (or replaces) the 送教上门 placement of a disabled child. */
export async function saveHomeTeaching(
  db: Kysely<DB>,
  actor: Actor,
  caseId: number,
  p: HomeTeachingInput,
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const c = await caseForWrite(trx, actor, caseId);
    if (!c.key_groups.includes('disabled'))
      throw badRequest('送教上门仅适用于残疾儿童少年，请先在重点群体中标记“残疾”');
    const dates = checkPlacement(p, { openedAt: c.opened_at }, today);
    if (!dates.ok) throw badRequest(dates.reason);
    const settings = await loadDropoutSettings(trx);
    const values = {
      decision_date: p.decisionDate,
      decision_note: p.decisionNote?.trim() || null,
      teacher: p.teacher.trim(),
      school_code: p.schoolCode ?? c.school_code,
      schedule: p.schedule.trim(),
      visits_per_month: p.visitsPerMonth ?? settings.homeTeachingVisitsPerMonth,
      start_date: p.startDate,
    };
    const before = await trx
      .selectFrom('home_teaching')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    const row = await trx
      .insertInto('home_teaching')
      .values({ case_id: caseId, ...values, county_code: c.county_code, region_code: c.region_code })
      .onConflict((oc) => oc.column('case_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
    const strip = (r: Record<string, unknown> | undefined) => {
      if (!r) return null;
      const { created_at: _c, updated_at: _u, ...rest } = r;
      return rest;
    };
    await appendAudit(trx, actor, {
      action: before ? 'update' : 'create',
      entity: 'home_teaching',
      entityId: row.id,
      scopeCode: c.region_code,
      before: strip(before),
      after: strip(row),
    });
    return row;
  });
}

export interface VisitInput {
  date: string;
  teacher: string;
  hours?: number | null;
  content: string;
}

/** Logs one 送教上门 visit (the case must be in 送教上门 status, with a plan). */
export async function addVisit(db: Kysely<DB>, actor: Actor, caseId: number, v: VisitInput, today: string) {
  return db.transaction().execute(async (trx) => {
    const c = await caseForWrite(trx, actor, caseId);
    const plan = await trx
      .selectFrom('home_teaching')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!plan || c.status !== 'home_teaching')
      throw badRequest('只有处于“送教上门”状态的案件才能登记送教记录');
    const ok = checkVisit(v.date, plan.start_date, today);
    if (!ok.ok) throw badRequest(ok.reason);
    const row = await trx
      .insertInto('home_teaching_visit')
      .values({
        home_teaching_id: plan.id,
        case_id: caseId,
        date: v.date,
        teacher: v.teacher.trim(),
        hours: v.hours ?? null,
        content: v.content.trim(),
        county_code: c.county_code,
        region_code: c.region_code,
        created_by: actor.id || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { created_at: _c, ...after } = row;
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'home_teaching_visit',
      entityId: row.id,
      scopeCode: c.region_code,
      after,
    });
    return row;
  });
}

async function regionName(trx: Transaction<DB>, code: string): Promise<string> {
  const r = await trx.selectFrom('region').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? code;
}

/**
 * Who signs a 书面报告 (工作要点 5, the seed's 登记与书面报告制度: where persuasion fails, the
 * education side "要及时向当地政府汇报，寻求支持"). The report goes from the education side to the
 * government, never from a body of the government it is addressed to:
 * - to the township government (乡镇人民政府): from the child's school; a child with no school
 *   (found out of school) from the county education bureau;
 * - to the county government (县级人民政府): from the county education bureau.
 */
export function reportSender(
  recipient: 'township' | 'county',
  c: { schoolName: string | null; countyName: string },
): string {
  const bureau = `${c.countyName}教育局`;
  return recipient === 'township' ? (c.schoolName ?? bureau) : bureau;
}

/**
 * Generates the 书面报告 to the township or county government and keeps it on the case. Only when
 * persuasion has failed at least once. The child's ID number is masked, whoever generates it: the
 * stored document is downloaded by everyone the case is in scope for (head teachers and township
 * officials, who may not unmask, among them) without a view being logged, and the letter names
 * the child by name, sex, birth date, place and school.
 */
export async function generateReport(
  db: Kysely<DB>,
  actor: Actor,
  caseId: number,
  recipient: 'township' | 'county',
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const c = await caseForWrite(trx, actor, caseId);
    const h = await caseHistory(trx, caseId);
    if (!h.persuasions.some((p) => p.result === 'failed'))
      throw badRequest('劝返未成功时才需向政府书面报告：本案尚无“劝返未成功”的劝返记录');
    const county = await regionName(trx, c.county_code);
    const township = c.region_code.length >= 9 ? await regionName(trx, c.region_code.slice(0, 9)) : null;
    const village = c.region_code.length > 9 ? await regionName(trx, c.region_code) : null;
    const recipientName = recipient === 'township' && township ? `${township}人民政府` : `${county}人民政府`;
    if (recipient === 'township' && !township)
      throw badRequest('该案件未定位到乡镇，请改为报告县（市、区）人民政府');
    const senderName = reportSender(recipient, { schoolName: c.school_name, countyName: county });
    const doc = await buildWrittenReport({
      recipientName,
      senderName,
      date: today,
      child: {
        name: c.name,
        sex: sexLabel(c.sex),
        birthDate: c.birth_date,
        idNumber: maskId(c.id_number),
        place: [county, township, village].filter(Boolean).join(''),
        school: c.school_name,
      },
      caseId,
      leftAt: c.left_at,
      reason: c.reason as DropoutReason,
      reasonNote: c.reason_note,
      keyGroups: c.key_groups,
      responsible: {
        school: c.responsible_school,
        township: c.responsible_township,
        county: c.responsible_county,
      },
      status: c.status,
      persuasions: h.persuasions.map((p) => ({ ...p, method: p.method as never, result: p.result as never })),
      events: h.events.map((e) => ({
        date: e.date,
        from: e.from_status,
        to: e.to_status,
        note: e.note,
        actor: e.actor_name,
      })),
    });
    const filename = `书面报告-${c.name}-${today}.docx`;
    const row = await trx
      .insertInto('written_report')
      .values({
        case_id: caseId,
        recipient,
        recipient_name: recipientName,
        filename,
        document: doc,
        county_code: c.county_code,
        region_code: c.region_code,
        created_by: actor.id || null,
        created_by_name: actor.displayName,
      })
      .returning([
        'id',
        'case_id',
        'recipient',
        'recipient_name',
        'filename',
        'created_by_name',
        'created_at',
      ])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'written_report',
      entityId: row.id,
      scopeCode: c.region_code,
      after: { case_id: caseId, recipient, recipient_name: recipientName, filename, bytes: doc.length },
    });
    return row;
  });
}

/** A stored report's file, only when its case is in the actor's scope. */
export async function findReportFile(db: Kysely<DB>, actor: Actor, reportId: number) {
  const r = await db
    .selectFrom('written_report')
    .innerJoin('dropout_case', 'dropout_case.id', 'written_report.case_id')
    .select(['written_report.filename', 'written_report.document'])
    .where('written_report.id', '=', reportId)
    .where(caseInScope(actor))
    .executeTakeFirst();
  if (!r) throw notFound('书面报告');
  return { filename: r.filename, document: Buffer.from(r.document) };
}
