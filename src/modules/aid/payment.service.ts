/**
 * 发放名单 use cases: generate drafts from the current entitlements, edit drafts, submit, return,
 * approve (maker–checker at county level, after the checks of 工作要点 6), lock. The lock itself
 * is enforced by the database (trigger payment_line_guard); the service refuses first, in Chinese.
 */
import { type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  blockingIssues,
  boardersOnly,
  canApprove,
  canEditList,
  canRequeueLine,
  canResendLine,
  canReturn,
  canSubmit,
  checkLines,
  type ListStatus,
  maxRateFen,
  PROGRAMME_CODES,
  programmeName,
} from '../../domain/aid/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { appendAudit } from '../../server/audit.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../server/errors.ts';
import type { Role } from '../../server/roles.ts';
import { type Actor, assertInScope, inSchoolScope } from '../../server/scope.ts';
import { requireTerm } from './entitlement.run.ts';
import { findList, linesToCheck } from './payment.queries.ts';
import { getActivePolicy } from './policy.store.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Roles that prepare lists (制单). */
const MAKERS: Role[] = [
  'school_aid_officer',
  'county_aid_centre',
  'county_admin',
  'city_aid_centre',
  'city_admin',
];
/** Roles that approve lists (审批) — county level only. */
const APPROVERS: Role[] = ['county_admin', 'county_aid_centre'];

export function assertMaker(actor: Actor): void {
  if (!MAKERS.includes(actor.role)) throw forbidden('只有学校资助专干或县、市资助中心可以制作发放名单');
}

function requireProgramme(code: string): void {
  if (!(PROGRAMME_CODES as readonly string[]).includes(code)) throw badRequest(`未知的资助项目 ${code}`);
}

/** A school `generateLists` left out: its open list, and how many entitled pupils wait for it to be finished. */
export interface WaitingSchool {
  schoolCode: string;
  schoolName: string;
  listId: number;
  listStatus: 'draft' | 'submitted';
  students: number;
}

/**
 * Creates one draft list per school in scope (or the one school named) holding every current
 * entitlement of the programme and term that is not already on a pending or paid line anywhere.
 * A failed payment (bank return) is re-queued this way: its line becomes `requeued`.
 */
export async function generateLists(
  db: Kysely<DB>,
  actor: Actor,
  input: { programme: string; term: string; schoolCode?: string },
) {
  assertMaker(actor);
  requireProgramme(input.programme);
  const term = requireTerm(input.term);
  // A school account lists only its own school; naming another one is answered like a missing school.
  if (actor.schoolCode && input.schoolCode && input.schoolCode !== actor.schoolCode) throw notFound('学校');
  const schoolCode = actor.schoolCode ?? input.schoolCode;
  if (schoolCode) {
    const school = await db
      .selectFrom('school')
      .select(['code', 'region_code'])
      .where('code', '=', schoolCode)
      .executeTakeFirst();
    if (!school || (actor.schoolCode && actor.schoolCode !== school.code)) throw notFound('学校');
    assertInScope(actor, school.region_code, '学校');
  }
  const policy = await getActivePolicy(db, term.year, actor);
  return db.transaction().execute(async (trx) => {
    await lockPayments(trx);
    const live = sql`exists (select 1 from payment_line o where o.term = e.term and o.programme = e.programme
      and o.status in ('pending', 'paid') and (o.student_id = e.student_id or o.person_id = e.person_id))`;
    const schools = await trx
      .selectFrom('entitlement as e')
      .innerJoin('school as sc', 'sc.code', 'e.school_code')
      .select(['sc.code', 'sc.name', 'sc.county_code', 'sc.region_code'])
      .distinct()
      .where('e.term', '=', term.code)
      .where('e.programme', '=', input.programme)
      .where(inSchoolScope(actor, 'e.school_code', 'e.region_code'))
      .$if(!!schoolCode, (q) => q.where('e.school_code', '=', schoolCode!))
      .where(sql<boolean>`not ${live}`)
      .execute();
    const created = [];
    /** Schools with entitlements left out because their open list must be finished first. */
    const waiting: WaitingSchool[] = [];
    for (const s of schools) {
      const draft = await trx
        .selectFrom('payment_list')
        .select(['id', 'status'])
        .where('programme', '=', input.programme)
        .where('term', '=', term.code)
        .where('school_code', '=', s.code)
        .where('status', 'in', ['draft', 'submitted'])
        .executeTakeFirst();
      if (draft) {
        // An open list already exists: it is finished first (one open list per school, programme and
        // term), and the user is told what waits for it — e.g. a pupil moved to 补发 from a failed line.
        const n = await sql<{ n: number }>`select count(*)::int as n from entitlement e
          where e.term = ${term.code} and e.programme = ${input.programme} and e.school_code = ${s.code}
            and not ${live}`.execute(trx);
        waiting.push({
          schoolCode: s.code,
          schoolName: s.name,
          listId: draft.id,
          listStatus: draft.status as 'draft' | 'submitted',
          students: Number(n.rows[0]?.n ?? 0),
        });
        continue;
      }
      const list = await trx
        .insertInto('payment_list')
        .values({
          programme: input.programme,
          term: term.code,
          school_code: s.code,
          policy_version_id: policy.id,
          created_by: actor.id,
          county_code: s.county_code,
          region_code: s.region_code,
        })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      await sql`update payment_line o set status = 'requeued'
        from entitlement e
        where e.term = ${term.code} and e.programme = ${input.programme} and e.school_code = ${s.code}
          and o.term = e.term and o.programme = e.programme and o.status = 'failed'
          and (o.student_id = e.student_id or o.person_id = e.person_id) and not ${live}`.execute(trx);
      const inserted = await sql<{ n: number; fen: number }>`with ins as (
          insert into payment_line (list_id, student_id, person_id, student_no, name, id_number, programme, term,
            amount_fen, entitled_fen, school_code, county_code, region_code)
          select ${list.id}, e.student_id, e.person_id, st.student_no, st.name, coalesce(p.id_number, st.id_number),
            e.programme, e.term, e.amount_fen, e.amount_fen, e.school_code, e.county_code, e.region_code
          from entitlement e
          join student st on st.id = e.student_id
          left join person p on p.id = e.person_id
          where e.term = ${term.code} and e.programme = ${input.programme} and e.school_code = ${s.code} and not ${live}
          returning amount_fen)
        select count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as fen from ins`.execute(trx);
      const r = inserted.rows[0]!;
      created.push({
        id: list.id,
        schoolCode: s.code,
        schoolName: s.name,
        lines: Number(r.n),
        totalFen: Number(r.fen),
      });
      await appendAudit(trx, actor, {
        action: 'create',
        entity: 'payment_list',
        entityId: list.id,
        scopeCode: s.region_code,
        after: {
          programme: input.programme,
          term: term.code,
          school: s.code,
          lines: Number(r.n),
          totalFen: Number(r.fen),
        },
      });
    }
    return { created, waiting, programmeName: programmeName(policy.config, input.programme) };
  });
}

async function editableList(trx: Executor, actor: Actor, listId: number) {
  assertMaker(actor);
  const list = await findList(trx, actor, listId);
  const ok = canEditList(list.status);
  if (!ok.ok) throw conflict(ok.reason);
  return list;
}

/** A payment line as the API answers it: the ID number masked, like every list (listLines). */
function presentLine<L extends { id_number: string | null }>({ id_number, ...rest }: L) {
  return { ...rest, id_masked: maskId(id_number) };
}

/** Adds a student to a draft by hand (e.g. a late recognition); the checks judge it before approval. */
export async function addLine(
  db: Kysely<DB>,
  actor: Actor,
  listId: number,
  input: { studentId: number; amountFen: number },
) {
  return db.transaction().execute(async (trx) => {
    const list = await editableList(trx, actor, listId);
    await assertAmount(trx, list, input.amountFen);
    const st = await trx
      .selectFrom('student as s')
      .leftJoin('person as p', 'p.id', 's.person_id')
      .select([
        's.id',
        's.person_id',
        's.student_no',
        's.name',
        's.id_number',
        'p.id_number as pid',
        's.school_code',
        's.county_code',
        's.region_code',
      ])
      .where('s.id', '=', input.studentId)
      .executeTakeFirst();
    if (!st || st.school_code !== list.school_code) throw notFound('该校学生');
    const ent = await trx
      .selectFrom('entitlement')
      .select('amount_fen')
      .where('term', '=', list.term)
      .where('programme', '=', list.programme)
      .where('student_id', '=', st.id)
      .executeTakeFirst();
    const line = await trx
      .insertInto('payment_line')
      .values({
        list_id: list.id,
        student_id: st.id,
        person_id: st.person_id,
        student_no: st.student_no,
        name: st.name,
        id_number: st.pid ?? st.id_number,
        programme: list.programme,
        term: list.term,
        amount_fen: input.amountFen,
        entitled_fen: ent?.amount_fen ?? null,
        school_code: st.school_code,
        county_code: st.county_code,
        region_code: st.region_code,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'payment_line',
      entityId: line.id,
      scopeCode: list.region_code,
      after: { listId, studentId: st.id, amountFen: input.amountFen },
    });
    return presentLine(line);
  });
}

/** A negative, zero or absurd amount is refused outright (Chinese message), whatever the list. */
async function assertAmount(db: Executor, list: { term: string }, amountFen: number) {
  if (!Number.isInteger(amountFen) || amountFen <= 0)
    throw badRequest('发放金额必须是大于 0 的整数（单位：分）');
  const policy = await getActivePolicy(db, requireTerm(list.term).year);
  if (amountFen > policy.config.maxAmountPerTerm * 100)
    throw badRequest(
      `发放金额 ${(amountFen / 100).toFixed(2)} 元超出每学期单项上限 ${policy.config.maxAmountPerTerm} 元`,
    );
}

/** Changes a draft line's amount; `reason` (why it differs from the computed one) goes to the audit trail. */
export async function updateLine(
  db: Kysely<DB>,
  actor: Actor,
  listId: number,
  lineId: number,
  amountFen: number,
  reason?: string,
) {
  return db.transaction().execute(async (trx) => {
    const list = await editableList(trx, actor, listId);
    await assertAmount(trx, list, amountFen);
    const before = await trx
      .selectFrom('payment_line')
      .selectAll()
      .where('id', '=', lineId)
      .where('list_id', '=', listId)
      .executeTakeFirst();
    if (!before) throw notFound('名单人员');
    const after = await trx
      .updateTable('payment_line')
      .set({ amount_fen: amountFen })
      .where('id', '=', lineId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'payment_line',
      entityId: lineId,
      scopeCode: list.region_code,
      before: { amountFen: before.amount_fen },
      after: { amountFen, ...(reason && { reason }) },
    });
    return presentLine(after);
  });
}

/** Removes a line from a draft; `reason` goes to the audit trail. */
export async function removeLine(
  db: Kysely<DB>,
  actor: Actor,
  listId: number,
  lineId: number,
  reason?: string,
) {
  return db.transaction().execute(async (trx) => {
    const list = await editableList(trx, actor, listId);
    const before = await trx
      .deleteFrom('payment_line')
      .where('id', '=', lineId)
      .where('list_id', '=', listId)
      .returningAll()
      .executeTakeFirst();
    if (!before) throw notFound('名单人员');
    await appendAudit(trx, actor, {
      action: 'delete',
      entity: 'payment_line',
      entityId: lineId,
      scopeCode: list.region_code,
      before,
      ...(reason && { after: { reason } }),
    });
  });
}

/** The pre-approval checks of a list in scope. */
export async function checkList(db: Executor, actor: Actor, listId: number) {
  return linesChecked(db, await findList(db, actor, listId));
}

/** Runs checkLines on a list's lines under its term's active policy (rate ceiling, boarders only). */
async function linesChecked(db: Executor, list: Parameters<typeof linesToCheck>[1]) {
  const term = requireTerm(list.term);
  const cfg = (await getActivePolicy(db, term.year)).config;
  return checkLines(
    await linesToCheck(db, list),
    maxRateFen(cfg, term, list.programme),
    boardersOnly(cfg, list.programme),
  );
}

async function setStatus(
  trx: Transaction<DB>,
  actor: Actor,
  list: { id: number; status: ListStatus; region_code: string },
  set: Record<string, unknown>,
) {
  const after = await trx
    .updateTable('payment_list')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', list.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(trx, actor, {
    action: 'update',
    entity: 'payment_list',
    entityId: list.id,
    scopeCode: list.region_code,
    before: { status: list.status },
    after: set,
  });
  return after;
}

/** draft → submitted, only while the checks before approval pass (canSubmit). */
export async function submitList(db: Kysely<DB>, actor: Actor, listId: number) {
  assertMaker(actor);
  return db.transaction().execute(async (trx) => {
    await lockPayments(trx);
    const list = await findList(trx, actor, listId);
    const n = await trx
      .selectFrom('payment_line')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('list_id', '=', listId)
      .executeTakeFirstOrThrow();
    const issues = list.status === 'draft' && Number(n.n) > 0 ? await linesChecked(trx, list) : [];
    const ok = canSubmit(list.status, Number(n.n), issues);
    if (!ok.ok)
      throw blockingIssues(issues).length
        ? new AppError('conflict', ok.reason, { issues })
        : conflict(ok.reason);
    return setStatus(trx, actor, list, {
      status: 'submitted',
      submitted_by: actor.id,
      submitted_at: new Date(),
      returned_reason: null,
    });
  });
}

function approverLevel(actor: Actor): 'city' | 'county' | 'other' {
  if (APPROVERS.includes(actor.role)) return 'county';
  return actor.role.startsWith('city_') ? 'city' : 'other';
}

/** submitted → draft, by the county with a reason. */
export async function returnList(db: Kysely<DB>, actor: Actor, listId: number, reason: string) {
  if (approverLevel(actor) !== 'county') throw forbidden('只有县级教育局可以退回发放名单');
  return db.transaction().execute(async (trx) => {
    const list = await findList(trx, actor, listId);
    const ok = canReturn(list.status);
    if (!ok.ok) throw conflict(ok.reason);
    return setStatus(trx, actor, list, {
      status: 'draft',
      returned_reason: reason,
      submitted_by: null,
      submitted_at: null,
    });
  });
}

/**
 * submitted → approved: maker–checker, then every check must pass (duplicates, amounts,
 * entitlement, identity); then the lines are locked and the list with them.
 */
export async function approveList(db: Kysely<DB>, actor: Actor, listId: number) {
  return db.transaction().execute(async (trx) => {
    await lockPayments(trx);
    const list = await findList(trx, actor, listId);
    const ok = canApprove(
      { status: list.status, createdBy: list.created_by, submittedBy: list.submitted_by },
      { id: actor.id, level: approverLevel(actor) },
    );
    if (!ok.ok) throw list.status === 'submitted' ? forbidden(ok.reason) : conflict(ok.reason);
    const issues = blockingIssues(await linesChecked(trx, list));
    if (issues.length)
      throw new AppError(
        'conflict',
        `发放名单未通过审批前检查（${issues.length} 个问题），请退回修改：${issues
          .slice(0, 3)
          .map((i) => i.message)
          .join('；')}`,
        { issues },
      );
    await trx.updateTable('payment_line').set({ locked: true }).where('list_id', '=', listId).execute();
    return setStatus(trx, actor, list, {
      status: 'approved',
      approved_by: actor.id,
      approved_at: new Date(),
    });
  });
}

/**
 * Serialises the writers that decide whether a payment is already pending or paid somewhere
 * (generating, submitting, approving, re-sending), so two of them never both add it.
 */
async function lockPayments(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(732007)`.execute(trx);
}

/**
 * Sets a failed line's new status (and whatever else `set` clears), audited with the bank's failure
 * it leaves behind and the user's reason; returns the line as the page shows it.
 */
async function settleFailedLine(
  trx: Transaction<DB>,
  actor: Actor,
  list: { region_code: string },
  line: { id: number; status: string; bank_status: string | null; bank_message: string | null },
  set: Updateable<DB['payment_line']> & { status: 'pending' | 'requeued' },
  after: Record<string, unknown>,
) {
  const row = await trx
    .updateTable('payment_line')
    .set(set)
    .where('id', '=', line.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(trx, actor, {
    action: 'update',
    entity: 'payment_line',
    entityId: line.id,
    scopeCode: list.region_code,
    before: { status: line.status, bankStatus: line.bank_status, bankMessage: line.bank_message },
    after: { status: set.status, ...after },
  });
  return presentLine(row);
}

/** A failed line of an approved or settled list in scope, for update (the list row locked too). */
async function failedLineOf(trx: Transaction<DB>, actor: Actor, listId: number, lineId: number) {
  assertMaker(actor);
  const list = await findList(trx, actor, listId);
  await sql`select 1 from payment_list where id = ${listId} for update`.execute(trx);
  const line = await trx
    .selectFrom('payment_line')
    .selectAll()
    .where('id', '=', lineId)
    .where('list_id', '=', listId)
    .forUpdate()
    .executeTakeFirst();
  if (!line) throw notFound('名单人员');
  return { list, line };
}

/**
 * 重新发放 (domain canResendLine): a line the bank could not pay goes back to `pending` on its own
 * list, for the next bank file — same person, same amount, as approved — and a settled list with
 * it back to 已审批. The bank's failure is kept in the audit entry with the reason given.
 */
export async function resendLine(
  db: Kysely<DB>,
  actor: Actor,
  listId: number,
  lineId: number,
  reason: string,
) {
  return db.transaction().execute(async (trx) => {
    await lockPayments(trx);
    const { list, line } = await failedLineOf(trx, actor, listId, lineId);
    const now = await trx
      .selectFrom('student as s')
      .leftJoin('person as p', 'p.id', 's.person_id')
      .select(['s.name', sql<string | null>`coalesce(p.id_number, s.id_number)`.as('id_number')])
      .where('s.id', '=', line.student_id)
      .executeTakeFirst();
    const identityChanged =
      !!now && (now.name !== line.name || (now.id_number ?? null) !== (line.id_number ?? null));
    const live = await trx
      .selectFrom('payment_line')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '!=', line.id)
      .where('term', '=', line.term)
      .where('programme', '=', line.programme)
      .where('status', 'in', ['pending', 'paid'])
      .where((eb) =>
        eb.or([
          eb('student_id', '=', line.student_id),
          ...(line.person_id !== null ? [eb('person_id', '=', line.person_id)] : []),
        ]),
      )
      .executeTakeFirstOrThrow();
    const ok = canResendLine(list.status, line.status, {
      identityChanged,
      livePayments: Number(live.n),
    });
    if (!ok.ok) throw conflict(ok.reason);
    const shown = await settleFailedLine(
      trx,
      actor,
      list,
      line,
      { status: 'pending', paid_at: null, bank_status: null, bank_message: null, bank_return_id: null },
      { resend: true, reason },
    );
    if (list.status === 'paid') await setStatus(trx, actor, list, { status: 'approved', paid_at: null });
    return shown;
  });
}

/**
 * 转入补发 (domain canRequeueLine): a failed line is closed on its list; the next 生成名单 lists the
 * entitlement again on a 补发名单 (checked and approved like any list), with the identity as it
 * stands then.
 */
export async function requeueLine(
  db: Kysely<DB>,
  actor: Actor,
  listId: number,
  lineId: number,
  reason: string,
) {
  return db.transaction().execute(async (trx) => {
    const { list, line } = await failedLineOf(trx, actor, listId, lineId);
    const ok = canRequeueLine(list.status, line.status);
    if (!ok.ok) throw conflict(ok.reason);
    return settleFailedLine(trx, actor, list, line, { status: 'requeued' }, { reason });
  });
}
