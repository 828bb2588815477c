/**
 * Use cases of the 控辍保学 ledger (工作要点 5): open a case from one of the three sources (a
 * school's report, 流转学生 monitoring, out-of-school detection), edit it, move its status along
 * the allowed arrows, and record persuasion attempts. Rules come from src/domain/dropout; this
 * file looks up the facts, writes the rows and the audit trail, and turns refusals into Chinese
 * messages.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, DropoutCaseStatus } from '../../db/types.ts';
import {
  type CaseSource,
  type CaseStatus,
  checkLeftDate,
  checkPersuasion,
  checkTransition,
  type DropoutReason,
  deadlineFor,
  type KeyGroup,
  type PersuasionMethod,
  type PersuasionResult,
  STATUS_LABELS,
  type StatusChange,
  statusAfterPersuasion,
} from '../../domain/dropout/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, conflict, notFound } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';
import { type Child, childFromRegistry, childFromStudent, childKey } from './case-child.ts';
import {
  findCase,
  findLastClosedCaseForChild,
  findOpenCaseForChild,
  findReturnSchool,
  returnSchoolNote,
} from './cases.queries.ts';
import { assertCanWriteDropout } from './dropout.access.ts';
import { loadDropoutSettings } from './dropout.settings.ts';

export interface NewCaseInput {
  source: CaseSource;
  studentId?: number;
  registryPersonId?: number;
  leftAt?: string | null;
  reason: DropoutReason;
  reasonNote?: string | null;
  /**
   * 重点群体 as the user left them on the form (pre-filled from the records, still editable).
   * Without it, the groups the records show (建档立卡 from the registry, 残疾 / 留守 from the roll).
   */
  keyGroups?: KeyGroup[];
  responsibleSchool?: string | null;
  responsibleTownship?: string | null;
  responsibleCounty?: string | null;
}

/** The audited snapshot of a case row (timestamps left out). */
export function caseSnapshot(c: Record<string, unknown>) {
  const { updated_at: _u, created_at: _c, county_name: _cn, region_name: _rn, school_name: _sn, ...rest } = c;
  return rest;
}

/** The child a case from `source` is about, found in scope and checked by the source's own rule. */
function childOfCase(
  trx: Transaction<DB>,
  actor: Actor,
  input: Pick<NewCaseInput, 'source' | 'studentId' | 'registryPersonId'>,
  today: string,
): Promise<Child> {
  if (input.source === 'out_of_school') {
    if (input.registryPersonId == null) throw badRequest('失学儿童台账须指定建档立卡人员');
    return childFromRegistry(trx, actor, input.registryPersonId, today);
  }
  if (input.studentId == null) throw badRequest('学校报送或流转学生台账须指定学生');
  return childFromStudent(trx, actor, input.studentId, input.source, today);
}

/**
 * What a new case would record about its child, shown on the form before it is opened (nothing is
 * written): the 重点群体 the records show — kept when the form leaves that field empty —, the
 * 辍学日期 the roll gives — kept when the form gives none —, and the birth date a 辍学日期 may not
 * precede, with the bureau's today it may not pass. Found and refused as createCase does.
 */
export async function previewCaseChild(
  db: Kysely<DB>,
  actor: Actor,
  input: Pick<NewCaseInput, 'source' | 'studentId' | 'registryPersonId'>,
  today: string,
) {
  assertCanWriteDropout(actor);
  const child = await db.transaction().execute((trx) => childOfCase(trx, actor, input, today));
  return {
    name: child.name,
    birthDate: child.birthDate,
    leftAt: child.leftAt,
    keyGroups: child.keyGroups,
    today,
  };
}

/**
 * The note of a case's first history entry: 建立台账, naming the child's earlier case when there is one.
 * Fixed Chinese: the web reads it in English (web/src/pages/dropout/event-note.ts; test/web-dropout-event-note.test.ts).
 */
export function openingNote(
  previous: { id: number; closed_at: string | null; return_date: string | null } | null | undefined,
  onNoRoll: boolean,
): string {
  return previous
    ? `建立台账（此前台账编号 ${previous.id} 已于 ${previous.closed_at ?? '—'} 结案${
        previous.return_date
          ? `，曾记录复学日期 ${previous.return_date}${onNoRoll ? '，但该儿童仍未在学籍中' : ''}`
          : ''
      }）`
    : '建立台账';
}

/** The note of the history entry of a first 劝返 (a case entering 劝返中); read in English likewise. */
export const PERSUASION_NOTE = '登记劝返，进入劝返程序';

/**
 * Opens a case (疑似辍学) for a child in the actor's scope; one open case per child, anywhere in the
 * city (refused naming the open case). A child whose earlier case was closed may get a new one — the
 * return may not have held — and the new case's first entry names the earlier case.
 */
export async function createCase(db: Kysely<DB>, actor: Actor, input: NewCaseInput, today: string) {
  assertCanWriteDropout(actor);
  return db.transaction().execute(async (trx) => {
    const child = await childOfCase(trx, actor, input, today);
    // A blank 辍学日期 (an optional field left empty, or only spaces) is "unknown", not a date to check.
    const leftAt = input.leftAt?.trim() || child.leftAt;
    const left = checkLeftDate(leftAt, today, { birthDate: child.birthDate });
    if (!left.ok) throw badRequest(left.reason);
    const existing = await findOpenCaseForChild(trx, child);
    if (existing)
      throw conflict(
        `${child.name} 已有未结案的控辍保学台账（案件编号 ${existing.id}，${STATUS_LABELS[existing.status as CaseStatus]}），不能重复建立`,
      );
    const previous = await findLastClosedCaseForChild(trx, child);
    const settings = await loadDropoutSettings(trx);
    const keyGroups = input.keyGroups !== undefined ? [...new Set(input.keyGroups)] : child.keyGroups;
    const row = await trx
      .insertInto('dropout_case')
      .values({
        person_id: child.personId,
        student_id: child.studentId,
        registry_person_id: child.registryPersonId,
        child_key: childKey(child),
        name: child.name,
        sex: child.sex,
        birth_date: child.birthDate,
        id_number: child.idNumber,
        school_code: child.schoolCode,
        county_code: child.countyCode,
        region_code: child.regionCode,
        source: input.source,
        left_at: leftAt ?? null,
        reason: input.reason,
        // (A text of only spaces, trimmed to '', is no text: null, as an absent one — tester v25b F8.)
        reason_note: input.reasonNote || null,
        key_groups: keyGroups,
        responsible_school: input.responsibleSchool || null,
        responsible_township: input.responsibleTownship || null,
        responsible_county: input.responsibleCounty || null,
        status: 'suspected',
        status_since: today,
        deadline: deadlineFor('suspected', today, settings),
        opened_at: today,
        opened_by: actor.id || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
      .catch((e: unknown) => {
        // The partial unique index is the backstop when two users open the same child at once.
        if (String((e as Error).message).includes('dropout_case_open_uq'))
          throw conflict(`${child.name} 已有未结案的控辍保学台账，不能重复建立`);
        throw e;
      });
    // A child from the out-of-school or transfer list is on no roll: a return recorded earlier did
    // not hold (or was never registered), and the new case says so.
    const onNoRoll = input.source !== 'school';
    await addEvent(trx, actor, row, null, 'suspected', today, openingNote(previous, onNoRoll));
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'dropout_case',
      entityId: row.id,
      scopeCode: row.region_code,
      after: caseSnapshot(row),
    });
    return row;
  });
}

async function addEvent(
  trx: Transaction<DB>,
  actor: Actor,
  c: { id: number; county_code: string; region_code: string },
  from: DropoutCaseStatus | null,
  to: DropoutCaseStatus,
  date: string,
  note: string | null,
) {
  await trx
    .insertInto('dropout_case_event')
    .values({
      case_id: c.id,
      from_status: from,
      to_status: to,
      date,
      note,
      actor_id: actor.id || null,
      actor_name: actor.displayName,
      county_code: c.county_code,
      region_code: c.region_code,
    })
    .execute();
}

async function openCaseForWrite(trx: Transaction<DB>, actor: Actor, id: number) {
  assertCanWriteDropout(actor);
  const c = await findCase(trx, actor, id);
  if (!c) throw notFound('控辍保学台账');
  return c;
}

export interface CasePatch {
  reason?: DropoutReason;
  reasonNote?: string | null;
  keyGroups?: KeyGroup[];
  leftAt?: string | null;
  responsibleSchool?: string | null;
  responsibleTownship?: string | null;
  responsibleCounty?: string | null;
}

/** Edits the ledger fields of an open case, audited with before and after. */
export async function updateCase(db: Kysely<DB>, actor: Actor, id: number, patch: CasePatch, today: string) {
  return db.transaction().execute(async (trx) => {
    const before = await openCaseForWrite(trx, actor, id);
    if (before.status === 'closed') throw badRequest('案件已结案，不能再修改');
    // A blank 辍学日期 clears it ("unknown"); it is not a date to check (tester v24b F9).
    const leftAt = patch.leftAt === undefined ? undefined : patch.leftAt?.trim() || null;
    if (leftAt !== undefined) {
      const first = await trx
        .selectFrom('persuasion')
        .select((eb) => eb.fn.min('date').as('date'))
        .where('case_id', '=', id)
        .executeTakeFirst();
      const left = checkLeftDate(leftAt, today, {
        birthDate: before.birth_date,
        openedAt: before.opened_at,
        firstPersuasion: (first?.date as string | null | undefined) ?? null,
        returnDate: before.return_date,
      });
      if (!left.ok) throw badRequest(left.reason);
    }
    const after = await trx
      .updateTable('dropout_case')
      .set({
        ...(patch.reason !== undefined && { reason: patch.reason }),
        ...(patch.reasonNote !== undefined && { reason_note: patch.reasonNote || null }),
        ...(patch.keyGroups !== undefined && { key_groups: [...new Set(patch.keyGroups)] }),
        ...(leftAt !== undefined && { left_at: leftAt }),
        ...(patch.responsibleSchool !== undefined && { responsible_school: patch.responsibleSchool || null }),
        ...(patch.responsibleTownship !== undefined && {
          responsible_township: patch.responsibleTownship || null,
        }),
        ...(patch.responsibleCounty !== undefined && { responsible_county: patch.responsibleCounty || null }),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'dropout_case',
      entityId: id,
      scopeCode: before.region_code,
      before: caseSnapshot(before),
      after: caseSnapshot(after),
    });
    return after;
  });
}

/** Moves a case along an allowed arrow (工作要点 5), with the requirements of that arrow. */
export async function changeStatus(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  change: StatusChange,
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const before = await openCaseForWrite(trx, actor, id);
    const [persuasions, plan, reports] = await Promise.all([
      trx.selectFrom('persuasion').select('result').where('case_id', '=', id).execute(),
      trx.selectFrom('home_teaching').select('id').where('case_id', '=', id).executeTakeFirst(),
      trx.selectFrom('written_report').select('id').where('case_id', '=', id).execute(),
    ]);
    const verdict = checkTransition(
      {
        status: before.status,
        openedAt: before.opened_at,
        statusSince: before.status_since,
        leftAt: before.left_at,
        keyGroups: before.key_groups,
        persuasionResults: persuasions.map((p) => p.result),
        hasHomeTeachingPlan: !!plan,
        writtenReports: reports.length,
      },
      change,
      today,
    );
    if (!verdict.ok) throw badRequest(verdict.reason);
    let note = change.note?.trim() || null;
    let returnSchool: string | null = null;
    if (change.to === 'returned') {
      // The school returned to is any school of the city (a child often returns to the county town's
      // school, or another county's): naming it is a reference, no access to its pupils, and the case
      // stays in the actor's scope. It is stored on the case and named on the history entry of the
      // change (复学学校：名称（学校标识码）).
      const code = change.returnSchoolCode!.trim();
      const school = await findReturnSchool(trx, code);
      if (!school) throw badRequest(`复学学校（学校标识码 ${code}）不在本市学校名单中，请从学校列表中选择`);
      note = returnSchoolNote(school, note);
      returnSchool = school.code;
    }
    const settings = await loadDropoutSettings(trx);
    const after = await trx
      .updateTable('dropout_case')
      .set({
        status: change.to,
        status_since: change.date,
        deadline: deadlineFor(change.to, change.date, settings),
        ...(change.to === 'returned' && {
          return_date: change.returnDate!,
          return_school_code: returnSchool,
        }),
        ...(change.to === 'closed' && { closed_at: change.date, closing_note: change.note!.trim() }),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await addEvent(trx, actor, after, before.status, change.to, change.date, note);
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'dropout_case',
      entityId: id,
      scopeCode: before.region_code,
      before: caseSnapshot(before),
      after: caseSnapshot(after),
    });
    return after;
  });
}

export interface PersuasionInput {
  date: string;
  persuader: string;
  method: PersuasionMethod;
  result: PersuasionResult;
  note?: string | null;
}

/** Records a 劝返 attempt; the first one on a 疑似辍学 case moves it to 劝返中. */
export async function addPersuasion(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  p: PersuasionInput,
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const c = await openCaseForWrite(trx, actor, id);
    const verdict = checkPersuasion(p, { status: c.status, leftAt: c.left_at, openedAt: c.opened_at }, today);
    if (!verdict.ok) throw badRequest(verdict.reason);
    const row = await trx
      .insertInto('persuasion')
      .values({
        case_id: id,
        date: p.date,
        persuader: p.persuader.trim(),
        method: p.method,
        result: p.result,
        note: p.note?.trim() || null,
        county_code: c.county_code,
        region_code: c.region_code,
        created_by: actor.id || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const next = statusAfterPersuasion(c.status);
    if (next !== c.status) {
      const settings = await loadDropoutSettings(trx);
      // A visit made before the case was entered (after the child left) is recorded on its day, but
      // the case is 劝返中 from the day its current status began: its 劝返 deadline counts from
      // there, and its history stays in order (tester v25b F7).
      const since = [p.date, c.status_since].sort()[1]!; // the later of two YYYY-MM-DD days
      await trx
        .updateTable('dropout_case')
        .set({
          status: next,
          status_since: since,
          deadline: deadlineFor(next, since, settings),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await addEvent(trx, actor, c, c.status, next, since, PERSUASION_NOTE);
    }
    const { created_at: _c, ...after } = row;
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'persuasion',
      entityId: row.id,
      scopeCode: c.region_code,
      after: { ...after, case_status: next },
    });
    return row;
  });
}
