/**
 * 家庭经济困难学生认定 (教财〔2018〕16号; 工作要点 2 精准资助, 动态跟踪): applications entered by the
 * school with priority groups pre-filled from the comparison, class/school review, county
 * confirmation, 建档备案, each semester's review, and mid-year additions with a reason.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  canConfirm,
  PRIORITY_GROUPS,
  prefillGroups,
  RECOGNITION_STATUS_LABELS,
  type RecognitionAction,
  type RecognitionStatus,
  recognitionMove,
} from '../../domain/aid/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, conflict, forbidden, notFound } from '../../server/errors.ts';
import type { Role } from '../../server/roles.ts';
import { type Actor, inSchoolScope, pupilMatches } from '../../server/scope.ts';
import { getActivePolicy } from './policy.store.ts';

type Executor = Kysely<DB> | Transaction<DB>;

const SCHOOL_ROLES: Role[] = ['school_aid_officer', 'head_teacher'];
const COUNTY_ROLES: Role[] = ['county_admin', 'county_aid_centre'];

/** The school (or the county for its schools) enters and reviews applications. */
export function assertSchoolSide(actor: Actor): void {
  if (![...SCHOOL_ROLES, ...COUNTY_ROLES].includes(actor.role))
    throw forbidden('认定申请由学校资助专干、班主任或县资助中心录入和评议');
}

/** Only the county confirms and archives (县级确认、建档备案). */
export function assertCounty(actor: Actor): void {
  if (!COUNTY_ROLES.includes(actor.role))
    throw forbidden('认定结果须由县级教育局（县级管理员或县资助中心）确认');
}

/** Policies start in 2020: the 2019 school year (its spring term is in 2020) uses the 2020 policy. */
export function policyYearOf(schoolYear: number): number {
  return Math.max(schoolYear, 2020);
}

/** One recognition in scope (404 otherwise). */
export async function findRecognition(db: Executor, actor: Actor, id: number) {
  const r = await db
    .selectFrom('recognition as r')
    .innerJoin('student as s', 's.id', 'r.student_id')
    .innerJoin('school as sc', 'sc.code', 'r.school_code')
    .selectAll('r')
    .select(['s.name', 's.student_no', 's.id_number', 'sc.name as school_name'])
    .where('r.id', '=', id)
    .where(inSchoolScope(actor, 'r.school_code', 'r.region_code'))
    .executeTakeFirst();
  if (!r) throw notFound('认定记录');
  const { id_number, ...rest } = r;
  return { ...rest, id_masked: maskId(id_number), status_label: RECOGNITION_STATUS_LABELS[r.status] };
}

export interface RecognitionFilter {
  schoolYear?: number;
  status?: RecognitionStatus;
  schoolCode?: string;
  q?: string;
  page: number;
  pageSize: number;
}

/** Recognitions in scope (staff view: reasons included, IDs masked). */
export async function listRecognitions(db: Executor, actor: Actor, f: RecognitionFilter) {
  const base = db
    .selectFrom('recognition as r')
    .innerJoin('student as s', 's.id', 'r.student_id')
    .innerJoin('school as sc', 'sc.code', 'r.school_code')
    .where(inSchoolScope(actor, 'r.school_code', 'r.region_code'))
    .$if(f.schoolYear !== undefined, (q) => q.where('r.school_year', '=', f.schoolYear!))
    .$if(!!f.status, (q) => q.where('r.status', '=', f.status!))
    .$if(!!f.schoolCode, (q) => q.where('r.school_code', '=', f.schoolCode!))
    .$if(!!f.q, (q) => q.where(pupilMatches(f.q!, 's.name', 's.student_no')));
  const [items, total] = await Promise.all([
    base
      .select([
        'r.id',
        'r.school_year',
        'r.student_id',
        'r.person_id',
        's.name',
        's.student_no',
        'r.school_code',
        'sc.name as school_name',
        'r.grade',
        'r.tier',
        'r.priority_groups',
        'r.prefilled_groups',
        'r.status',
        'r.mid_year',
        'r.mid_year_reason',
        'r.notice_id',
        'r.created_at',
        'r.updated_at',
      ])
      .orderBy('r.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((i) => ({ ...i, status_label: RECOGNITION_STATUS_LABELS[i.status] })),
    total: Number(total.n),
  };
}

/** Priority groups the registry comparison and the assistance lists show for a student. */
export async function prefillFor(
  db: Executor,
  student: { id: number; person_id: number | null; disabled: boolean },
) {
  const rp = await db
    .selectFrom('match_result')
    .select('id')
    .where('student_id', '=', student.id)
    .where('result', '=', 'confirmed')
    .executeTakeFirst();
  const lists = student.person_id
    ? await db
        .selectFrom('assistance_entry')
        .select('list_kind')
        .where('person_id', '=', student.person_id)
        .where('current', '=', true)
        .execute()
    : [];
  return prefillGroups({
    registeredPoor: !!rp,
    lists: lists.map((l) => l.list_kind),
    disabled: student.disabled,
  });
}

export interface NewRecognition {
  studentId: number;
  schoolYear: number;
  tier?: string | null;
  priorityGroups?: string[];
  reason: string;
  midYear?: boolean;
  midYearReason?: string;
}

/** 个人申请, entered by the school; mid-year additions carry their reason (COVID-19, sudden hardship). */
export async function createRecognition(db: Kysely<DB>, actor: Actor, input: NewRecognition) {
  assertSchoolSide(actor);
  const visible = await db
    .selectFrom('student as s')
    .select('s.id')
    .where('s.id', '=', input.studentId)
    .where(inSchoolScope(actor, 's.school_code', 's.region_code'))
    .executeTakeFirst();
  if (!visible) throw notFound('学生');
  const policy = await getActivePolicy(db, policyYearOf(input.schoolYear), actor);
  const cfg = policy.config.recognition;
  if (input.tier && !cfg.tiers.some((t) => t.code === input.tier))
    throw badRequest(`认定档次 ${input.tier} 不存在`);
  for (const g of input.priorityGroups ?? [])
    if (!(PRIORITY_GROUPS as readonly string[]).includes(g)) throw badRequest(`未知的优先群体 ${g}`);
  if (input.midYear && !cfg.midYearReasons.some((r) => r.code === input.midYearReason))
    throw badRequest(
      `学期中新增认定须说明原因：请选择新增原因（${cfg.midYearReasons.map((r) => r.label).join('；')}）`,
    );
  return db.transaction().execute(async (trx) => {
    const student = await trx
      .selectFrom('student as s')
      .select([
        's.id',
        's.person_id',
        's.school_code',
        's.grade',
        's.county_code',
        's.region_code',
        's.disabled',
        's.status',
      ])
      .where('s.id', '=', input.studentId)
      .where(inSchoolScope(actor, 's.school_code', 's.region_code'))
      .executeTakeFirst();
    if (!student) throw notFound('学生');
    if (student.status !== 'enrolled') throw conflict('该生已不在校，不能申请认定');
    const live = await trx
      .selectFrom('recognition')
      .select('id')
      .where('student_id', '=', student.id)
      .where('school_year', '=', input.schoolYear)
      .where('status', 'not in', ['rejected', 'revoked'])
      .executeTakeFirst();
    if (live)
      throw conflict(`该生 ${input.schoolYear} 学年已有认定记录（第 ${live.id} 号），请在原记录上复核调整`);
    const prefilled = await prefillFor(trx, student);
    const groups = [...new Set([...prefilled, ...(input.priorityGroups ?? [])])];
    const row = await trx
      .insertInto('recognition')
      .values({
        school_year: input.schoolYear,
        student_id: student.id,
        person_id: student.person_id,
        school_code: student.school_code,
        grade: student.grade,
        tier: input.tier ?? null,
        priority_groups: groups,
        prefilled_groups: prefilled,
        reason: input.reason,
        status: 'applied',
        mid_year: !!input.midYear,
        mid_year_reason: input.midYear ? input.midYearReason! : null,
        county_code: student.county_code,
        region_code: student.region_code,
        created_by: actor.id || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'recognition',
      entityId: row.id,
      scopeCode: row.region_code,
      after: { ...row, reason: '(略)' },
    });
    return row;
  });
}

async function move(
  trx: Transaction<DB>,
  actor: Actor,
  id: number,
  action: RecognitionAction,
  set: Record<string, unknown>,
) {
  const before = await findRecognition(trx, actor, id);
  const m = recognitionMove(before.status, action);
  if (!m.ok) throw conflict(m.reason);
  const after = await trx
    .updateTable('recognition')
    .set({ ...set, status: m.to, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(trx, actor, {
    action: 'update',
    entity: 'recognition',
    entityId: id,
    scopeCode: before.region_code,
    before: { status: before.status, tier: before.tier, priority_groups: before.priority_groups },
    after: { status: after.status, tier: after.tier, priority_groups: after.priority_groups, ...set },
  });
  return after;
}

/** 学校认定: the class and school review record and the tier decided. */
export async function reviewRecognition(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: { tier: string; classReview?: string; schoolReview: string; priorityGroups?: string[] },
) {
  assertSchoolSide(actor);
  return db.transaction().execute(async (trx) => {
    const r = await findRecognition(trx, actor, id);
    const policy = await getActivePolicy(trx, policyYearOf(r.school_year), actor);
    if (!policy.config.recognition.tiers.some((t) => t.code === input.tier))
      throw badRequest(`认定档次 ${input.tier} 不存在`);
    const groups = [...new Set([...r.prefilled_groups, ...(input.priorityGroups ?? r.priority_groups)])];
    return move(trx, actor, id, 'school_review', {
      tier: input.tier,
      class_review: input.classReview ?? null,
      school_review: input.schoolReview,
      reviewed_by: actor.id || null,
      priority_groups: groups,
    });
  });
}

/** 不予认定 (by the school, or after an upheld objection). */
export async function rejectRecognition(db: Kysely<DB>, actor: Actor, id: number, note: string) {
  assertSchoolSide(actor);
  return db.transaction().execute((trx) => move(trx, actor, id, 'reject', { decision_note: note }));
}

/** 县级确认: after the notice period, with every objection about it resolved. */
export async function confirmRecognitions(db: Kysely<DB>, actor: Actor, ids: number[], today: string) {
  assertCounty(actor);
  return db.transaction().execute(async (trx) => {
    const out = [];
    for (const id of ids) {
      const r = await findRecognition(trx, actor, id);
      const notice = r.notice_id
        ? await trx
            .selectFrom('public_notice')
            .select(['ends_on'])
            .where('id', '=', r.notice_id)
            .executeTakeFirst()
        : undefined;
      const open = r.notice_id
        ? await trx
            .selectFrom('objection')
            .select(sql<number>`count(*)::int`.as('n'))
            .where('notice_id', '=', r.notice_id)
            .where('status', '=', 'open')
            .where((eb) => eb.or([eb('recognition_id', '=', id), eb('recognition_id', 'is', null)]))
            .executeTakeFirstOrThrow()
        : { n: 0 };
      const ok = canConfirm(notice?.ends_on ?? null, today, Number(open.n));
      if (!ok.ok) throw conflict(`${r.name}：${ok.reason}`);
      out.push(
        await move(trx, actor, id, 'confirm', { confirmed_by: actor.id || null, confirmed_at: new Date() }),
      );
    }
    return out;
  });
}

/** 建档备案. */
export async function archiveRecognitions(db: Kysely<DB>, actor: Actor, ids: number[]) {
  assertCounty(actor);
  return db.transaction().execute(async (trx) => {
    const out = [];
    for (const id of ids) out.push(await move(trx, actor, id, 'archive', { archived_at: new Date() }));
    return out;
  });
}

/** 每学期复核 (动态调整): keep, change the tier, or revoke; every review is kept on the record. */
export async function semesterReview(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: {
    semester: 'autumn' | 'spring';
    result: 'keep' | 'change_tier' | 'revoke';
    tier?: string;
    note: string;
  },
  today: string,
) {
  assertSchoolSide(actor);
  return db.transaction().execute(async (trx) => {
    const r = await findRecognition(trx, actor, id);
    if (!['confirmed', 'archived'].includes(r.status)) throw conflict('只有已确认的认定才能进行学期复核');
    const entry = {
      semester: input.semester,
      result: input.result,
      tier: input.tier ?? null,
      note: input.note,
      on: today,
      by: actor.username,
    };
    const reviews = JSON.stringify([...((r.semester_reviews as unknown[]) ?? []), entry]);
    if (input.result === 'revoke')
      return move(trx, actor, id, 'revoke', { semester_reviews: reviews, decision_note: input.note });
    if (input.result === 'change_tier') {
      const policy = await getActivePolicy(trx, policyYearOf(r.school_year), actor);
      if (!input.tier || !policy.config.recognition.tiers.some((t) => t.code === input.tier))
        throw badRequest('调整档次须指定有效的认定档次');
    }
    const set = {
      semester_reviews: reviews,
      ...(input.result === 'change_tier' ? { tier: input.tier! } : {}),
      updated_at: new Date(),
    };
    const after = await trx
      .updateTable('recognition')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'recognition',
      entityId: id,
      scopeCode: r.region_code,
      before: { tier: r.tier },
      after: { tier: after.tier, review: entry },
    });
    return after;
  });
}
