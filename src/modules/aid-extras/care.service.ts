/**
 * 红烛暖心 (工作要点 2) and 立德树人 care (工作要点 4): pairing a child with a caring teacher, ending
 * a pairing, logging visits (家访, 谈心, 学业辅导, 心理支持, 就业指导). 红烛暖心 is only for poor
 * left-behind children; 立德树人 care is for any student in scope.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { VisitKindCol } from '../../db/types-aid-extras.ts';
import {
  type CareProgramme,
  checkPairingDates,
  checkVisitDate,
  normalisePhone,
  redCandleEligibility,
} from '../../domain/aid-extras/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, conflict, notFound } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';
import { assertCanWriteCare } from './access.ts';
import { careInScope, studentCareFacts } from './care.queries.ts';

export interface PairingInput {
  programme: CareProgramme;
  studentId: number;
  teacherName: string;
  teacherPhone?: string | null;
  startDate: string;
}

function phoneOrThrow(text: string | null | undefined): string | null {
  if (!text?.trim()) return null;
  const p = normalisePhone(text);
  if (!p) throw badRequest('联系电话格式不正确');
  return p;
}

/** Pairs a child with a teacher (refused: not eligible, already paired, bad dates, out of scope). */
export async function createPairing(db: Kysely<DB>, actor: Actor, input: PairingInput, today: string) {
  assertCanWriteCare(actor);
  const dates = checkPairingDates(input.startDate, null, today);
  if (!dates.ok) throw badRequest(dates.reason);
  const phone = phoneOrThrow(input.teacherPhone);
  return db.transaction().execute(async (trx) => {
    const s = await studentCareFacts(trx, actor, input.studentId);
    if (!s) throw notFound('学生');
    if (input.programme === 'red_candle') {
      const e = redCandleEligibility({
        enrolled: s.status === 'enrolled',
        leftBehind: s.left_behind,
        registeredPoor: !!s.registered_poor,
        recognised: !!s.recognised,
      });
      if (!e.ok) throw badRequest(e.reason);
    } else if (s.status !== 'enrolled') throw badRequest('该学生已不在校，不能结对');
    const active = await trx
      .selectFrom('care_pairing')
      .select(['id', 'teacher_name'])
      .where('county_code', '=', s.county_code)
      .where('student_id', '=', s.id)
      .where('programme', '=', input.programme)
      .where('end_date', 'is', null)
      .executeTakeFirst();
    if (active) throw conflict(`该学生已与 ${active.teacher_name} 老师结对，请先结束原结对`);
    const row = await trx
      .insertInto('care_pairing')
      .values({
        programme: input.programme,
        student_id: s.id,
        person_id: s.person_id,
        name: s.name,
        school_code: s.school_code,
        teacher_name: input.teacherName.trim(),
        teacher_phone: phone,
        start_date: input.startDate,
        created_by: actor.id,
        county_code: s.county_code,
        region_code: s.region_code,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'care_pairing',
      entityId: row.id,
      scopeCode: row.region_code,
      after: { ...row, teacher_phone: row.teacher_phone ? '(已登记)' : null },
    });
    return row;
  });
}

export interface PairingPatch {
  teacherName?: string;
  teacherPhone?: string | null;
  endDate?: string | null;
  endReason?: string | null;
}

/** Changes the teacher's details or ends the pairing (an ended pairing is read-only). */
export async function updatePairing(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  patch: PairingPatch,
  today: string,
) {
  assertCanWriteCare(actor);
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('care_pairing')
      .selectAll()
      .where('id', '=', id)
      .where(careInScope(actor))
      .executeTakeFirst();
    if (!before) throw notFound('结对记录');
    if (before.end_date) throw badRequest('该结对已结束，不能再修改');
    const set: Record<string, unknown> = { updated_at: new Date() };
    if (patch.teacherName !== undefined) set.teacher_name = patch.teacherName.trim();
    if (patch.teacherPhone !== undefined) set.teacher_phone = phoneOrThrow(patch.teacherPhone);
    if (patch.endDate) {
      const d = checkPairingDates(before.start_date, patch.endDate, today);
      if (!d.ok) throw badRequest(d.reason);
      if (!patch.endReason?.trim()) throw badRequest('结束结对须说明原因（如毕业、转学、不再留守）');
      set.end_date = patch.endDate;
      set.end_reason = patch.endReason.trim();
    }
    const after = await trx
      .updateTable('care_pairing')
      .set(set)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const hide = <T extends { teacher_phone: string | null }>(r: T) => ({
      ...r,
      teacher_phone: r.teacher_phone ? '(已登记)' : null,
    });
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'care_pairing',
      entityId: id,
      scopeCode: after.region_code,
      before: hide(before),
      after: hide(after),
    });
    return after;
  });
}

export interface VisitInput {
  date: string;
  kind: VisitKindCol;
  notes: string;
}

/** Logs a visit within the pairing's dates. */
export async function addVisit(
  db: Kysely<DB>,
  actor: Actor,
  pairingId: number,
  input: VisitInput,
  today: string,
) {
  assertCanWriteCare(actor);
  return db.transaction().execute(async (trx) => {
    const p = await trx
      .selectFrom('care_pairing')
      .selectAll()
      .where('id', '=', pairingId)
      .where(careInScope(actor))
      .executeTakeFirst();
    if (!p) throw notFound('结对记录');
    const d = checkVisitDate(input.date, { start: p.start_date, end: p.end_date }, today);
    if (!d.ok) throw badRequest(d.reason);
    const row = await trx
      .insertInto('care_visit')
      .values({
        pairing_id: p.id,
        date: input.date,
        kind: input.kind,
        notes: input.notes.trim(),
        school_code: p.school_code,
        county_code: p.county_code,
        region_code: p.region_code,
        created_by: actor.id,
        created_by_name: actor.displayName,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'care_visit',
      entityId: row.id,
      scopeCode: row.region_code,
      after: row,
    });
    return row;
  });
}
