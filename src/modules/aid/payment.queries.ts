/**
 * Reads of 发放名单: lists and lines inside the actor's scope (school roles: their school only),
 * and the facts the pre-approval checks need (工作要点 6).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  type ChangeAfterApproval,
  LIST_STATUS_LABELS,
  type LineToCheck,
  type ListStatus,
} from '../../domain/aid/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { notFound } from '../../server/errors.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface ListFilter {
  term?: string;
  programme?: string;
  status?: ListStatus;
  schoolCode?: string;
  page: number;
  pageSize: number;
}

/** Lists in scope with their totals, newest first. */
export async function listPaymentLists(db: Executor, actor: Actor, f: ListFilter) {
  const base = db
    .selectFrom('payment_list as l')
    .innerJoin('school as sc', 'sc.code', 'l.school_code')
    .where(inSchoolScope(actor, 'l.school_code', 'l.region_code'))
    .$if(!!f.term, (q) => q.where('l.term', '=', f.term!))
    .$if(!!f.programme, (q) => q.where('l.programme', '=', f.programme!))
    .$if(!!f.status, (q) => q.where('l.status', '=', f.status!))
    .$if(!!f.schoolCode, (q) => q.where('l.school_code', '=', f.schoolCode!));
  const [items, total] = await Promise.all([
    base
      .select([
        'l.id',
        'l.programme',
        'l.term',
        'l.school_code',
        'sc.name as school_name',
        'l.status',
        'l.county_code',
        'l.created_by',
        'l.created_at',
        'l.submitted_by',
        'l.submitted_at',
        'l.approved_by',
        'l.approved_at',
        'l.paid_at',
        'l.returned_reason',
        sql<number>`(select count(*)::int from payment_line pl where pl.list_id = l.id)`.as('lines'),
        sql<number>`(select coalesce(sum(pl.amount_fen), 0)::bigint from payment_line pl where pl.list_id = l.id)`.as(
          'total_fen',
        ),
        // What the bank actually paid: paid lines only (a failed or pending line is not money paid).
        sql<number>`(select coalesce(sum(pl.amount_fen), 0)::bigint from payment_line pl
          where pl.list_id = l.id and pl.status = 'paid')`.as('paid_fen'),
        sql<number>`(select count(*)::int from payment_line pl where pl.list_id = l.id and pl.status = 'paid')`.as(
          'paid_lines',
        ),
        sql<number>`(select count(*)::int from payment_line pl
          where pl.list_id = l.id and pl.status in ('failed', 'requeued'))`.as('failed_lines'),
      ])
      .orderBy('l.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((i) => ({
      ...i,
      total_fen: Number(i.total_fen),
      paid_fen: Number(i.paid_fen),
      paid_lines: Number(i.paid_lines),
      failed_lines: Number(i.failed_lines),
      status_label: LIST_STATUS_LABELS[i.status],
    })),
    total: Number(total.n),
  };
}

/** One list in scope (404 otherwise). */
export async function findList(db: Executor, actor: Actor, id: number) {
  const list = await db
    .selectFrom('payment_list as l')
    .innerJoin('school as sc', 'sc.code', 'l.school_code')
    .selectAll('l')
    .select('sc.name as school_name')
    .where('l.id', '=', id)
    .where(inSchoolScope(actor, 'l.school_code', 'l.region_code'))
    .executeTakeFirst();
  if (!list) throw notFound('发放名单');
  return list;
}

/** The lines of a list, ID numbers masked. */
export async function listLines(db: Executor, listId: number) {
  const rows = await db
    .selectFrom('payment_line')
    .select([
      'id',
      'student_id',
      'person_id',
      'student_no',
      'name',
      'id_number',
      'amount_fen',
      'entitled_fen',
      'status',
      'paid_at',
      'bank_status',
      'bank_message',
      'locked',
    ])
    .where('list_id', '=', listId)
    .orderBy('id')
    .execute();
  return rows.map(({ id_number, ...r }) => ({ ...r, id_masked: maskId(id_number) }));
}

/** Everything `checkLines` needs for one list: entitlement, duplicates anywhere in the city, identity. */
export async function linesToCheck(
  db: Executor,
  list: {
    id: number;
    term: string;
    programme: string;
    status?: string;
    approved_at?: Date | string | null;
  },
): Promise<LineToCheck[]> {
  const lines = await db
    .selectFrom('payment_line as l')
    .leftJoin('student as s', 's.id', 'l.student_id')
    .leftJoin('school as sc', 'sc.code', 'l.school_code')
    .leftJoin('school as now', 'now.code', 's.school_code')
    .select([
      'l.school_code',
      's.school_code as now_school_code',
      's.status as now_status',
      'now.name as now_school_name',
      'l.id',
      'l.student_id',
      'l.person_id',
      'l.name',
      'l.id_number',
      'l.amount_fen',
      's.id_problem',
      's.id_number as roll_id_number',
      's.boarding',
      'sc.name as school_name',
      'sc.boarding as school_boarding',
    ])
    .where('l.list_id', '=', list.id)
    .where('l.status', 'in', ['pending', 'paid'])
    .execute();
  if (lines.length === 0) return [];
  const studentIds = lines.map((l) => l.student_id);
  const personIds = lines.map((l) => l.person_id).filter((p): p is number => p !== null);
  const idNumbers = lines.map((l) => l.id_number).filter((p): p is string => !!p);
  const entitled = await db
    .selectFrom('entitlement')
    .select(['student_id', 'person_id', 'amount_fen'])
    .where('term', '=', list.term)
    .where('programme', '=', list.programme)
    .where((eb) =>
      eb.or([
        eb('student_id', 'in', studentIds),
        ...(personIds.length ? [eb('person_id', 'in', personIds)] : []),
      ]),
    )
    .execute();
  const others = await db
    .selectFrom('payment_line as o')
    .innerJoin('payment_list as pl', 'pl.id', 'o.list_id')
    .innerJoin('school as sc', 'sc.code', 'pl.school_code')
    .select([
      'o.id',
      'o.list_id',
      'o.student_id',
      'o.person_id',
      'o.id_number',
      'pl.status',
      'sc.name as school_name',
    ])
    .where('o.term', '=', list.term)
    .where('o.programme', '=', list.programme)
    .where('o.status', 'in', ['pending', 'paid'])
    .where((eb) =>
      eb.or([
        eb('o.list_id', '=', list.id),
        eb.and([
          eb('pl.status', 'in', ['submitted', 'approved', 'paid']),
          eb.or([
            eb('o.student_id', 'in', studentIds),
            ...(personIds.length ? [eb('o.person_id', 'in', personIds)] : []),
            ...(idNumbers.length ? [eb('o.id_number', 'in', idNumbers)] : []),
          ]),
        ]),
      ]),
    )
    .execute();
  const later = await changesAfterApproval(db, list, studentIds);
  const approvedOn = list.approved_at ? chinaDay(list.approved_at) : null;
  return lines.map((l) => {
    const same = (o: { student_id: number; person_id: number | null; id_number: string | null }) =>
      o.student_id === l.student_id ||
      (l.person_id !== null && o.person_id === l.person_id) ||
      (!!l.id_number && o.id_number === l.id_number);
    const ent =
      entitled.find((e) => e.student_id === l.student_id) ??
      entitled.find((e) => l.person_id !== null && e.person_id === l.person_id);
    return {
      lineId: l.id,
      name: l.name,
      idNumber: l.id_number,
      idProblem: l.id_problem,
      rollIdNumber: l.roll_id_number,
      // Only a list not yet approved is held by a pupil who has since left its school: an approved
      // one paid the school the pupil was at (changesAfterApproval tells what followed).
      leftSchool:
        (list.status === 'draft' || list.status === 'submitted') &&
        l.now_status !== null &&
        (l.now_status === 'left' || l.now_school_code !== l.school_code)
          ? { movedTo: l.now_status === 'left' ? null : (l.now_school_name ?? l.now_school_code) }
          : null,
      amountFen: l.amount_fen,
      entitledFen: ent ? ent.amount_fen : null,
      changedAfterApproval: later.get(Number(l.student_id)) ?? null,
      approvedOn,
      boarder: l.boarding === true,
      school:
        l.school_name !== null && l.school_boarding !== null
          ? { name: l.school_name, boarding: l.school_boarding }
          : null,
      duplicates: others
        .filter((o) => o.id !== l.id && same(o))
        .map((o) => ({ listId: o.list_id, schoolName: o.school_name, status: LIST_STATUS_LABELS[o.status] })),
    };
  });
}

/** A timestamp's day in China (UTC+8), as the bureau dates it. */
function chinaDay(t: Date | string): string {
  return todayInChina(new Date(t));
}

/**
 * For an approved or paid list: per student, the first run of the term after the approval that
 * removed or changed their entitlement of the list's programme (with why, and the run's scope),
 * so the checks tell an entitlement ended afterwards from a payment that never had one.
 */
async function changesAfterApproval(
  db: Executor,
  list: { term: string; programme: string; status?: string; approved_at?: Date | string | null },
  studentIds: number[],
): Promise<Map<number, ChangeAfterApproval>> {
  const out = new Map<number, ChangeAfterApproval>();
  if (!list.approved_at || !(list.status === 'approved' || list.status === 'paid')) return out;
  const approved = new Date(list.approved_at);
  for (const c of await laterChanges(db, list.term, studentIds, list.programme, approved))
    if (!out.has(c.studentId)) out.set(c.studentId, c.change);
  return out;
}

/**
 * The term's runs' removals and amount changes for `studentIds` (of one programme if given; of runs
 * after `after` if given), in run order.
 */
async function laterChanges(
  db: Executor,
  term: string,
  studentIds: number[],
  programme?: string,
  after?: Date,
) {
  if (studentIds.length === 0) return [];
  const rows = await db
    .selectFrom('entitlement_change as c')
    .innerJoin('entitlement_run as r', 'r.id', 'c.run_id')
    .leftJoin('region as g', 'g.code', 'r.scope_code')
    .select([
      'c.student_id',
      'c.programme',
      'c.run_id',
      'c.kind',
      'c.new_fen',
      'c.reason',
      'r.created_at',
      'r.scope_code',
      'g.name',
    ])
    .where('r.term', '=', term)
    .$if(programme !== undefined, (q) => q.where('c.programme', '=', programme!))
    .$if(after !== undefined, (q) => q.where('r.created_at', '>', after!))
    .where('c.kind', 'in', ['removed', 'changed'])
    .where('c.student_id', 'in', studentIds)
    .orderBy('c.run_id')
    .execute();
  return rows.map((r) => ({
    studentId: Number(r.student_id),
    programme: r.programme,
    at: new Date(r.created_at).getTime(),
    change: {
      runId: r.run_id,
      runOn: chinaDay(r.created_at),
      scopeName: r.name ?? (r.scope_code === '3504' ? '三明市' : r.scope_code),
      kind: r.kind as 'removed' | 'changed',
      newFen: r.new_fen,
      reason: r.reason,
    } satisfies ChangeAfterApproval,
  }));
}

/**
 * For paid student × programme × school units of a term (coverage rows): the first run after the
 * approval of the earliest approved list that paid the unit which removed or changed the
 * entitlement, with that approval's day — so coverage tells an entitlement ended after a payment
 * that was right from a payment that never had one, as the list's checks do. Keyed
 * `studentId|programme|schoolCode`; units with no such change are absent.
 */
export async function changesAfterPayment(
  db: Executor,
  term: string,
  units: readonly { student_id: number; programme: string; school_code: string }[],
): Promise<Map<string, { change: ChangeAfterApproval; approvedOn: string }>> {
  const out = new Map<string, { change: ChangeAfterApproval; approvedOn: string }>();
  const ids = [...new Set(units.map((u) => Number(u.student_id)))];
  if (ids.length === 0) return out;
  const approvals = await db
    .selectFrom('payment_line as l')
    .innerJoin('payment_list as pl', 'pl.id', 'l.list_id')
    .select([
      'l.student_id',
      'l.programme',
      'l.school_code',
      (eb) => eb.fn.min('pl.approved_at').as('approved_at'),
    ])
    .where('l.term', '=', term)
    .where('l.status', '=', 'paid')
    .where('pl.approved_at', 'is not', null)
    .where('l.student_id', 'in', ids)
    .groupBy(['l.student_id', 'l.programme', 'l.school_code'])
    .execute();
  const wanted = new Set(units.map((u) => `${Number(u.student_id)}|${u.programme}|${u.school_code}`));
  const changes = await laterChanges(db, term, ids);
  for (const a of approvals) {
    const key = `${Number(a.student_id)}|${a.programme}|${a.school_code}`;
    if (!wanted.has(key) || a.approved_at === null) continue;
    const at = new Date(a.approved_at as Date | string).getTime();
    const c = changes.find(
      (x) => x.studentId === Number(a.student_id) && x.programme === a.programme && x.at > at,
    );
    if (c) out.set(key, { change: c.change, approvedOn: chinaDay(a.approved_at as Date | string) });
  }
  return out;
}

/**
 * The approved or paid lists of a term in scope, and their pupils: what a re-run of 计算应享资助
 * would leave behind (domain rerunWarning words the warning).
 */
export async function lockedListsOfTerm(db: Executor, actor: Actor, term: string) {
  const r = await db
    .selectFrom('payment_list as pl')
    .leftJoin('payment_line as l', 'l.list_id', 'pl.id')
    .select([
      sql<number>`count(distinct pl.id)::int`.as('lists'),
      sql<number>`count(distinct l.student_id)::int`.as('pupils'),
    ])
    .where('pl.term', '=', term)
    .where('pl.status', 'in', ['approved', 'paid'])
    .where(inSchoolScope(actor, 'pl.school_code', 'pl.region_code'))
    .executeTakeFirstOrThrow();
  return { lists: Number(r.lists), pupils: Number(r.pupils) };
}
