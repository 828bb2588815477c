/**
 * 应急救助 (工作要点 1 "一个应急救助"; 工作要点 2 families hit by COVID-19 or other sudden events):
 * filing, the approval chain by amount, payment. Every change runs in one transaction with its
 * step record and an audit entry; a refused change leaves nothing behind.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  approvalLevelFor,
  checkStep,
  initialStatus,
  pendingStep,
  type ReliefReason,
  type ReliefStatus,
  type ReliefStep,
} from '../../domain/aid-extras/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, conflict, forbidden, notFound } from '../../server/errors.ts';
import { type Actor, assertInScope } from '../../server/scope.ts';
import { assertCanApplyRelief, reliefActor } from './access.ts';
import { findBeneficiary, findRelief, stepsOf } from './relief.queries.ts';
import { loadReliefThresholds } from './settings.ts';

export interface ApplyInput {
  personId: number;
  studentId?: number | null;
  amountFen: number;
  reason: ReliefReason;
  description: string;
}

type Row = NonNullable<Awaited<ReturnType<typeof findRelief>>>;
type StepRow = Awaited<ReturnType<typeof stepsOf>>[number];
type ActStep = Exclude<ReliefStep, 'apply'>;

/** An application as the browser sees it: the pending step and what this actor may do now. */
export function presentRelief(row: Row, steps: StepRow[], actor: Actor) {
  const facts = {
    status: row.status as ReliefStatus,
    level: row.approval_level,
    schoolCode: row.school_code,
    history: steps.map((s) => ({ step: s.step, userId: s.actor_id })),
  };
  const pending = pendingStep(facts.status, facts.level);
  const me = reliefActor(actor);
  const actions: ActStep[] = [];
  if (pending && checkStep(facts, pending, me).ok) actions.push(pending);
  if (pending && checkStep(facts, 'reject', me).ok) actions.push('reject');
  return { ...row, pending_step: pending, actions };
}

/** Files an application (refused: bad amount, duplicate open application, out of scope). */
export async function applyRelief(db: Kysely<DB>, actor: Actor, input: ApplyInput, today: string) {
  assertCanApplyRelief(actor);
  return db.transaction().execute(async (trx) => {
    const who = await findBeneficiary(trx, actor, input.personId, input.studentId);
    if (!who) throw notFound('人员档案');
    if ('missingStudent' in who) throw notFound('该人员的学籍');
    assertInScope(actor, who.place.region, '人员档案');
    const level = approvalLevelFor(input.amountFen, await loadReliefThresholds(trx));
    if (!level.ok) throw badRequest(level.reason);
    const open = await trx
      .selectFrom('emergency_relief')
      .select('id')
      .where('person_id', '=', input.personId)
      .where('county_code', '=', who.place.county)
      .where('status', 'not in', ['paid', 'rejected'])
      .executeTakeFirst();
    if (open) throw conflict(`该学生已有一笔正在办理的应急救助申请（编号 ${open.id}），请勿重复申请`);
    const schoolCode = who.student?.school_code ?? null;
    const me = reliefActor(actor);
    const status = initialStatus(schoolCode, me, me.level !== 'none');
    const row = await trx
      .insertInto('emergency_relief')
      .values({
        person_id: who.person.id,
        student_id: who.student?.id ?? null,
        school_code: schoolCode,
        name: who.student?.name ?? who.person.name,
        amount_fen: input.amountFen,
        reason: input.reason,
        description: input.description,
        approval_level: level.level,
        status,
        applied_by: actor.id,
        applied_at: today,
        county_code: who.place.county,
        region_code: who.place.region,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const steps: { step: ReliefStep; to: ReliefStatus; from: ReliefStatus | null; comment: string | null }[] =
      [{ step: 'apply', from: null, to: 'applied', comment: input.description }];
    if (status === 'school_reviewed')
      steps.push({
        step: 'review',
        from: 'applied',
        to: status,
        comment: '申请人为学校资助专干（或县级经办），提交即审核',
      });
    await trx
      .insertInto('emergency_relief_step')
      .values(
        steps.map((s) => ({
          relief_id: row.id,
          step: s.step,
          from_status: s.from,
          to_status: s.to,
          actor_id: actor.id,
          actor_name: actor.displayName,
          actor_role: actor.role,
          comment: s.comment,
          county_code: row.county_code,
          region_code: row.region_code,
        })),
      )
      .execute();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'emergency_relief',
      entityId: row.id,
      scopeCode: row.region_code,
      after: row,
    });
    return row;
  });
}

export interface StepInput {
  comment?: string | null;
  paidAt?: string;
  voucherNo?: string | null;
}

/**
 * Performs the pending step (`approve`: review, county or city approval, whichever is due), the
 * payment, or a rejection. Refusals (wrong level, maker–checker, out of turn) change nothing.
 */
export async function actOnRelief(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  action: 'approve' | 'pay' | 'reject',
  input: StepInput,
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const row = await findRelief(trx, actor, id);
    if (!row) throw notFound('应急救助申请');
    const steps = await stepsOf(trx, [row.id]);
    const status = row.status as ReliefStatus;
    const pending = pendingStep(status, row.approval_level);
    let step: ActStep;
    if (action === 'reject') step = 'reject';
    else if (action === 'pay') step = 'pay';
    else step = pending && pending !== 'pay' ? pending : 'county_approve';
    const check = checkStep(
      {
        status,
        level: row.approval_level,
        schoolCode: row.school_code,
        history: steps.map((s) => ({ step: s.step, userId: s.actor_id })),
      },
      step,
      reliefActor(actor),
    );
    if (!check.ok) {
      // Out-of-turn or finished is a bad request; everything else is about who may act.
      throw pending && (step === pending || step === 'reject')
        ? forbidden(check.reason)
        : badRequest(check.reason);
    }
    if (step === 'reject' && !input.comment?.trim()) throw badRequest('不予救助必须填写理由');
    if (step === 'pay') {
      if (!input.paidAt) throw badRequest('请填写发放日期');
      if (input.paidAt > today) throw badRequest('发放日期不能晚于今天');
      if (input.paidAt < row.applied_at) throw badRequest('发放日期不能早于申请日期');
    }
    const after = await trx
      .updateTable('emergency_relief')
      .set({
        status: check.to,
        updated_at: new Date(),
        ...(step === 'pay' ? { paid_at: input.paidAt!, voucher_no: input.voucherNo ?? null } : {}),
      })
      .where('id', '=', row.id)
      .where('status', '=', status) // a concurrent step wins once
      .returningAll()
      .executeTakeFirst();
    if (!after) throw conflict('该申请刚被他人办理，请刷新后重试');
    await trx
      .insertInto('emergency_relief_step')
      .values({
        relief_id: row.id,
        step,
        from_status: status,
        to_status: check.to,
        actor_id: actor.id,
        actor_name: actor.displayName,
        actor_role: actor.role,
        comment: input.comment?.trim() || null,
        county_code: row.county_code,
        region_code: row.region_code,
      })
      .execute();
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'emergency_relief',
      entityId: row.id,
      scopeCode: row.region_code,
      before: { status, paid_at: row.paid_at, voucher_no: row.voucher_no },
      after: {
        status: after.status,
        step,
        comment: input.comment ?? null,
        paid_at: after.paid_at,
        voucher_no: after.voucher_no,
      },
    });
    return after;
  });
}
