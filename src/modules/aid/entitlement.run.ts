/**
 * The entitlement run (工作要点 1 五个阶段全覆盖, 工作要点 2 精准资助): for every enrolled student in
 * scope, what each programme owes for a term, with the rule that produced each line. Set-based:
 * one temp table of facts per student (建档立卡 from the comparison, assistance lists, the
 * school year's confirmed recognition), one small temp table of rates from the active policy
 * (domain `rateTable`), then one INSERT … SELECT per programme. A later run replaces the term's
 * lines in scope and keeps what changed in entitlement_change.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { refreshPlannerStats } from '../../db/planner-stats.ts';
import type { DB } from '../../db/types.ts';
import {
  type AidPolicyConfig,
  acceptedGrades,
  entitlementEndReason,
  GROUP_LABELS,
  overriddenCountyStages,
  PRIORITY_GROUPS,
  type ProgrammeConfig,
  parseTerm,
  rateTable,
  schoolYearOf,
  type Term,
} from '../../domain/aid/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest } from '../../server/errors.ts';
import { type Actor, escapeLike } from '../../server/scope.ts';
import { getActivePolicy, versionLabel } from './policy.store.ts';

export interface EntitlementRunResult {
  runId: number;
  term: string;
  policyVersionId: number;
  students: number;
  lines: number;
  totalFen: number;
  byProgramme: Record<string, { lines: number; totalFen: number }>;
  diff: { added: number; removed: number; changed: number; firstRun: boolean };
  durationMs: number;
}

type Progress = (done: number, total?: number, message?: string) => void;

/** `array[$1,$2]::text[]` (portable across pg and PGlite, which serialise JS arrays differently). */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  if (values.length === 0) return sql<string[]>`'{}'::text[]`;
  return sql<string[]>`array[${sql.join(values.map((v) => sql`${v}`))}]::text[]`;
}

/** Parses a term or answers 400. */
export function requireTerm(text: string): Term {
  const t = parseTerm(text);
  if (!t.ok) throw badRequest(t.reason);
  return t.term;
}

function likeScope(actor: Actor): string {
  return `${escapeLike(actor.scopeCode)}%`;
}

/**
 * True for an enrolment of a pupil who has a newer one (一人多籍: the same 一生一档 on two rolls, two
 * 学籍号 — a transfer the old school never closed): the enrolment of the latest roll that lists the
 * pupil (import batch, then row) is the one that counts. A pupil is entitled, and counted as a
 * 困难学生, once — at that school — whatever the run's scope (the other enrolment's county sees why
 * in the roll import's 一人多籍 warning). `s` is the student's alias.
 */
export function laterEnrolmentOfSamePerson(s: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from student o where ${isNewerEnrolment('o', s)})`;
}

/**
 * The one order of a pupil's enrolments on two rolls: `n` is an enrolled student row of the same
 * 一生一档 as `s` from a later roll (import batch, then row). The entitlement run and the 困难无资助
 * list's reason both use it, so they cannot disagree on which enrolment counts.
 */
export function isNewerEnrolment(n: string, s: string): RawBuilder<boolean> {
  const a = (c: string) => sql.ref(`${n}.${c}`);
  const b = (c: string) => sql.ref(`${s}.${c}`);
  return sql<boolean>`${a('person_id')} = ${b('person_id')} and ${a('status')} = 'enrolled'
    and ${a('id')} <> ${b('id')}
    and (coalesce(${a('batch_id')}, 0), ${a('id')}) > (coalesce(${b('batch_id')}, 0), ${b('id')})`;
}

/** Newest enrolment first, in the order of `isNewerEnrolment` (`n` is the student alias). */
export function newestEnrolmentFirst(n: string): RawBuilder<unknown> {
  return sql`coalesce(${sql.ref(`${n}.batch_id`)}, 0) desc, ${sql.ref(`${n}.id`)} desc`;
}

/**
 * Materialises the per-student facts of the term's school year in scope. 残疾 (the roll's flag or
 * the 残联 list) is a priority group only with a confirmed 认定: 教财〔2018〕16号 names 家庭经济困难
 * 残疾学生, and a disabled pupil of a family not in difficulty is no 困难学生 (the 认定 decides it,
 * and a rejected or revoked one leaves the pupil without it). 建档立卡, 低保, 特困供养 and the
 * sudden-hardship list count by themselves. A pupil on two rolls counts at the newer enrolment only
 * (`laterEnrolmentOfSamePerson`).
 */
async function buildFacts(trx: Transaction<DB>, cfg: AidPolicyConfig, schoolYear: number, actor: Actor) {
  await sql`drop table if exists aid_fact`.execute(trx);
  await sql`create temp table aid_fact on commit drop as
    select s.id as student_id, s.person_id, s.school_code, s.county_code, s.region_code, s.stage, s.grade, s.boarding,
      rc.tier,
      array_remove(array[
        case when rp.student_id is not null then 'registered_poor' end,
        case when al.ml then 'minimum_living' end,
        case when al.ep then 'extreme_poverty' end,
        case when (s.disabled or coalesce(al.dis, false)) and rc.student_id is not null then 'disability' end,
        case when al.hd then 'covid_affected' end
      ]::text[], null) || coalesce(rc.priority_groups, '{}'::text[]) as groups
    from student s
    left join (
      select distinct m.student_id from match_result m
      join registry_person r on r.person_no = m.person_no and r.current
      where m.result = 'confirmed'
        and (r.exit_status is null or r.exit_status = any(${textArray(cfg.registeredPoorExitStatuses)}))
    ) rp on rp.student_id = s.id
    left join (
      select person_id,
        bool_or(list_kind = 'minimum_living') as ml, bool_or(list_kind = 'extreme_poverty') as ep,
        bool_or(list_kind = 'disability') as dis, bool_or(list_kind = 'hardship') as hd
      from assistance_entry where current and person_id is not null group by person_id
    ) al on al.person_id = s.person_id
    left join recognition rc on rc.student_id = s.id and rc.school_year = ${schoolYear}
      and rc.status in ('confirmed', 'archived')
    where s.status = 'enrolled' and s.region_code like ${likeScope(actor)}
      and not ${laterEnrolmentOfSamePerson('s')}`.execute(trx);
  await sql`analyze aid_fact`.execute(trx);
}

async function buildRates(trx: Transaction<DB>, cfg: AidPolicyConfig, term: Term) {
  await sql`drop table if exists aid_rate`.execute(trx);
  await sql`create temp table aid_rate (programme text, stage text, county_code text, school_code text,
    tier text, amount_fen integer, rule text) on commit drop`.execute(trx);
  const rows = rateTable(cfg, term);
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await sql`insert into aid_rate values ${sql.join(
      chunk.map(
        (r) =>
          sql`(${r.programme}, ${r.stage}, ${r.countyCode}, ${r.schoolCode}, ${r.tier}, ${r.amountFen}, ${r.rule})`,
      ),
    )}`.execute(trx);
  }
}

/** The INSERT … SELECT of one programme, mirroring domain `evaluateProgramme`. */
async function insertProgramme(
  trx: Transaction<DB>,
  cfg: AidPolicyConfig,
  p: ProgrammeConfig,
  ctx: { runId: number; term: string; versionId: number; label: string; grades: (string | null)[] },
): Promise<void> {
  const e = p.eligibility;
  const conds: RawBuilder<unknown>[] = [sql`f.stage = any(${textArray(p.stages)})`];
  if (e.counties) conds.push(sql`f.county_code = any(${textArray(e.counties)})`);
  if (e.boarding !== 'any') conds.push(e.boarding === 'boarder' ? sql`f.boarding` : sql`not f.boarding`);
  if (e.gradeYears) conds.push(sql`f.grade = any(${textArray(acceptedGrades(p, ctx.grades))})`);
  if (!e.allStudents)
    conds.push(sql`(f.groups && ${textArray(e.groups)} or f.tier = any(${textArray(e.tiers)}))`);

  const whens: RawBuilder<unknown>[] = [];
  if (e.allStudents) whens.push(sql`when true then '全体在校生'`);
  for (const g of PRIORITY_GROUPS)
    if (e.groups.includes(g)) whens.push(sql`when ${g} = any(f.groups) then ${GROUP_LABELS[g]}`);
  for (const t of cfg.recognition.tiers)
    if (e.tiers.includes(t.code)) whens.push(sql`when f.tier = ${t.code} then ${`认定为${t.label}`}`);
  const why = sql`case ${sql.join(whens, sql` `)} end`;

  const a = p.amount;
  const feeSchools = a.kind === 'fee' ? Object.keys(a.bySchool) : [];
  const schoolMatch = feeSchools.length ? sql`f.school_code = any(${textArray(feeSchools)})` : sql`false`;
  const schoolExpr = sql`case when ${schoolMatch} then f.school_code else '' end`;
  const ovr = overriddenCountyStages(cfg, p);
  const countyExpr = ovr.length
    ? sql`case when ${schoolMatch} then '' when (f.county_code || '|' || f.stage) = any(${textArray(ovr)}) then f.county_code else '' end`
    : sql`''`;
  const tierExpr =
    a.kind === 'by_tier'
      ? sql`case when f.groups && ${textArray(e.groups)} then ${a.groupTier} else coalesce(f.tier, '') end`
      : sql`''`;

  await sql`insert into entitlement (run_id, term, student_id, person_id, school_code, stage, programme,
      amount_fen, rule, policy_version_id, county_code, region_code)
    select ${ctx.runId}, ${ctx.term}, f.student_id, f.person_id, f.school_code, f.stage, ${p.code}, r.amount_fen,
      ${`${p.name}：`} || ${why} || '；' || r.rule || ${`（${ctx.label}）`}, ${ctx.versionId}, f.county_code, f.region_code
    from aid_fact f
    join aid_rate r on r.programme = ${p.code} and r.stage = f.stage
      and r.school_code = ${schoolExpr} and r.county_code = ${countyExpr} and r.tier = ${tierExpr}
    where ${sql.join(conds, sql` and `)} and r.amount_fen > 0`.execute(trx);
}

/** Runs the entitlements of a term for the actor's scope (the CLI runs the whole city). */
export async function runEntitlements(
  db: Kysely<DB>,
  actor: Actor,
  opts: { term: string; jobId?: string },
  progress: Progress = () => {},
): Promise<EntitlementRunResult> {
  const term = requireTerm(opts.term);
  const policy = await getActivePolicy(db, term.year, actor);
  const cfg = policy.config;
  const programmes = cfg.programmes.filter((p) => p.enabled);
  const total = programmes.length + 3;
  const started = Date.now();
  const done = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(732006)`.execute(trx);
    progress(0, total, '汇总学生资助条件');
    await buildFacts(trx, cfg, schoolYearOf(term), actor);
    await buildRates(trx, cfg, term);
    const grades = (
      await sql<{ grade: string | null }>`select distinct grade from aid_fact`.execute(trx)
    ).rows.map((r) => r.grade);
    const run = await trx
      .insertInto('entitlement_run')
      .values({
        term: term.code,
        policy_version_id: policy.id,
        scope_code: actor.scopeCode,
        job_id: opts.jobId ?? null,
        created_by: actor.id || null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    progress(1, total, '计算应享资助');
    const ctx = { runId: run.id, term: term.code, versionId: policy.id, label: versionLabel(policy), grades };
    for (const [i, p] of programmes.entries()) {
      await insertProgramme(trx, cfg, p, ctx);
      progress(2 + i, total, p.name);
    }
    const diff = await recordDiff(trx, run.id, term.code, actor);
    progress(total - 1, total, '汇总');
    const stats = await trx
      .selectFrom('entitlement')
      .select([
        'programme',
        sql<number>`count(*)::int`.as('lines'),
        sql<number>`coalesce(sum(amount_fen), 0)::bigint`.as('fen'),
      ])
      .where('run_id', '=', run.id)
      .groupBy('programme')
      .execute();
    // The run's figures per school, kept: its record shows each county or school its part of it the
    // same way later, whatever later runs replace (entitlement_run_part).
    await sql`insert into entitlement_run_part (run_id, school_code, programme, lines, fen, students, county_code, region_code)
      select run_id, school_code, coalesce(programme, '*'), count(*)::int, sum(amount_fen)::bigint,
        count(distinct student_id)::int, county_code, region_code
      from entitlement where run_id = ${run.id}
      group by grouping sets ((run_id, school_code, county_code, region_code, programme),
        (run_id, school_code, county_code, region_code))`.execute(trx);
    const students = await sql<{ n: number }>`select count(*)::int as n from aid_fact`.execute(trx);
    const byProgramme: EntitlementRunResult['byProgramme'] = {};
    for (const s of stats) byProgramme[s.programme] = { lines: Number(s.lines), totalFen: Number(s.fen) };
    const result: EntitlementRunResult = {
      runId: run.id,
      term: term.code,
      policyVersionId: policy.id,
      students: students.rows[0]?.n ?? 0,
      lines: stats.reduce((n, s) => n + Number(s.lines), 0),
      totalFen: stats.reduce((n, s) => n + Number(s.fen), 0),
      byProgramme,
      diff,
      durationMs: Date.now() - started,
    };
    const { runId: _r, diff: _d, ...shown } = result;
    await trx
      .updateTable('entitlement_run')
      .set({ stats: JSON.stringify(shown), diff: JSON.stringify(diff), duration_ms: result.durationMs })
      .where('id', '=', run.id)
      .execute();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'entitlement_run',
      entityId: run.id,
      after: { term: term.code, policy: ctx.label, lines: result.lines, totalFen: result.totalFen, diff },
    });
    progress(total, total, '完成');
    return result;
  });
  await refreshPlannerStats(db, ['entitlement', 'entitlement_change', 'coverage_student']);
  return done;
}

/** Differences from the lines this run replaces (same term, same scope), then drops those lines. */
async function recordDiff(trx: Transaction<DB>, runId: number, term: string, actor: Actor) {
  const like = likeScope(actor);
  const prev = await sql<{ n: number }>`select count(*)::int as n from entitlement
    where term = ${term} and run_id <> ${runId} and region_code like ${like}`.execute(trx);
  if ((prev.rows[0]?.n ?? 0) === 0) {
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from entitlement where run_id = ${runId}`.execute(trx);
    return { added: n.rows[0]?.n ?? 0, removed: 0, changed: 0, firstRun: true };
  }
  await sql`insert into entitlement_change (run_id, student_id, programme, kind, old_fen, new_fen, county_code, region_code)
    select ${runId}, coalesce(n.student_id, o.student_id), coalesce(n.programme, o.programme),
      case when o.student_id is null then 'added' when n.student_id is null then 'removed' else 'changed' end,
      o.amount_fen, n.amount_fen, coalesce(n.county_code, o.county_code), coalesce(n.region_code, o.region_code)
    from (select * from entitlement where term = ${term} and run_id <> ${runId} and region_code like ${like}) o
    full join (select * from entitlement where run_id = ${runId}) n
      on n.student_id = o.student_id and n.programme = o.programme
    where o.student_id is null or n.student_id is null or o.amount_fen <> n.amount_fen`.execute(trx);
  await recordRemovalReasons(trx, runId, term, like);
  await sql`delete from entitlement where term = ${term} and run_id <> ${runId} and region_code like ${like}`.execute(
    trx,
  );
  const counts = await trx
    .selectFrom('entitlement_change')
    .select(['kind', sql<number>`count(*)::int`.as('n')])
    .where('run_id', '=', runId)
    .groupBy('kind')
    .execute();
  const get = (k: string) => Number(counts.find((c) => c.kind === k)?.n ?? 0);
  return { added: get('added'), removed: get('removed'), changed: get('changed'), firstRun: false };
}

/**
 * Why each entitlement this run removed ended (domain entitlementEndReason), from the pupil's facts
 * as this run saw them (aid_fact) and the removed line's rule, kept on the change: a list approved
 * before the run names it beside its payment (payment checks), and the run's record keeps it.
 */
async function recordRemovalReasons(trx: Transaction<DB>, runId: number, term: string, like: string) {
  const { rows } = await sql<{
    id: number;
    enrolled: boolean | null;
    school_name: string | null;
    in_scope: boolean;
    rule: string;
    groups: string[] | null;
  }>`select distinct on (c.id) c.id, s.status = 'enrolled' as enrolled, coalesce(sc.name, s.school_code) as school_name,
      f.student_id is not null as in_scope, o.rule, f.groups
    from entitlement_change c
    join entitlement o on o.student_id = c.student_id and o.programme = c.programme and o.term = ${term}
      and o.run_id <> ${runId} and o.region_code like ${like}
    left join student s on s.id = c.student_id
    left join school sc on sc.code = s.school_code
    left join aid_fact f on f.student_id = c.student_id
    where c.run_id = ${runId} and c.kind = 'removed'
    order by c.id, o.id`.execute(trx);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((r) => ({
      id: Number(r.id),
      reason: entitlementEndReason({
        enrolled: r.enrolled === true,
        inRunScope: r.in_scope,
        schoolName: r.school_name,
        formerRule: r.rule,
        groupsNow: r.groups ?? [],
      }),
    }));
    await sql`update entitlement_change c set reason = v.reason
      from (values ${sql.join(chunk.map((r) => sql`(${r.id}::bigint, ${r.reason}::text)`))}) v(id, reason)
      where c.id = v.id`.execute(trx);
  }
}
