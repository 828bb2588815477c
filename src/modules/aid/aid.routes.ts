/**
 * 学生资助 HTTP API (工作要点 1, 2, 4, 6): policy versions, entitlement runs, coverage, the
 * supervision export and the person's aid file; payment lists and recognition have their own
 * route files, registered from here. Every read is scoped by the queries (inScope / inSchoolScope).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import {
  AID_STAGES,
  COVERAGE_LABELS,
  defaultAidPolicy,
  GROUP_LABELS,
  LIST_STATUS_LABELS,
  PROGRAMME_CODES,
  RECOGNITION_STATUS_LABELS,
  RELIEF_PROGRAMME,
  rerunWarning,
  STAGE_LABELS,
  SUPERVISION_COLUMNS,
} from '../../domain/aid/index.ts';
import { termLabel, termOn, termsToOffer } from '../../domain/aid/terms.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import { STAGES } from '../../domain/schools/school-fields.ts';
import { appendAudit, auditPersonalView } from '../../server/audit.ts';
import { forbidden } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import { type Actor, inOrOverScope, inSchoolScope, pupilMatches } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';
import { comparisonStaleness } from '../comparison/comparison.queries.ts';
import { guardAidRecords } from './aid.access.ts';
import { writeCoverage } from './coverage.export.ts';
import {
  COVERAGE_GROUPS,
  COVERAGE_STATUSES,
  coverageGaps,
  coverageList,
  coverageReport,
  POOR_LIST_KINDS,
} from './coverage.queries.ts';
import { requireTerm } from './entitlement.run.ts';
import { sendTempFile, tempExportFile } from './http-files.ts';
import { lockedListsOfTerm } from './payment.queries.ts';
import { paymentRoutes } from './payment.routes.ts';
import { personAidFile } from './person-aid.queries.ts';
import {
  activatePolicyVersion,
  createPolicyDraft,
  getActivePolicy,
  getPolicyVersion,
  listPolicyVersions,
  programmeCatalogue,
  updatePolicyDraft,
} from './policy.store.ts';
import { recognitionRoutes } from './recognition.routes.ts';
import { writeSupervisionExport } from './supervision.export.ts';

const TAGS = ['aid'];
const Term = z.string().regex(/^\d{4}-(spring|autumn)$/, '学期格式应为 2020-spring 或 2020-autumn');
const Year = z.coerce.number().int().min(2015).max(2100);
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const Page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};
const CountyCode = z.string().regex(/^3504\d{2}$/);
const SchoolCode = z.string().regex(/^\d{10}$/);
const PolicyBody = z.strictObject({
  year: Year,
  config: z.unknown(),
  note: z.string().max(500).optional(),
  activate: z.boolean().optional(),
});
const PolicyPut = z.strictObject({ config: z.unknown(), note: z.string().max(500).optional() });
const CoverageQuery = z.strictObject({
  term: Term,
  level: z.enum(['county', 'school', 'stage']).default('county'),
  countyCode: CountyCode.optional(),
  schoolCode: SchoolCode.optional(),
  stage: z.enum(AID_STAGES).optional(),
});
const CoverageListQuery = z.strictObject({
  term: Term,
  status: z.enum(COVERAGE_STATUSES).optional(),
  group: z.enum(COVERAGE_GROUPS).optional(),
  programme: z.enum(PROGRAMME_CODES).optional(),
  countyCode: CountyCode.optional(),
  schoolCode: SchoolCode.optional(),
  stage: z.enum(AID_STAGES).optional(),
  ...Page,
});
const CoverageGapQuery = z.strictObject({
  term: Term,
  kind: z.enum(POOR_LIST_KINDS),
  countyCode: CountyCode.optional(),
  schoolCode: SchoolCode.optional(),
  // Any stage the report can group by (a roll may hold 高等教育 pupils too).
  stage: z.enum(STAGES).optional(),
  ...Page,
});
const ExportQuery = z.strictObject({ term: Term, format: z.enum(['xlsx', 'csv']).default('xlsx') });
const SupervisionQuery = z.strictObject({
  term: Term,
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  columns: z.string().max(500).optional(),
  programme: z.enum([...PROGRAMME_CODES, RELIEF_PROGRAMME.code]).optional(),
  unmask: z.enum(['true', 'false']).optional(),
});
const EntitlementQuery = z.strictObject({
  term: Term,
  programme: z.enum(PROGRAMME_CODES).optional(),
  schoolCode: SchoolCode.optional(),
  q: z.string().max(40).optional(),
  ...Page,
});

/** Registers every 学生资助 route. */
export async function aidRoutes(app: App): Promise<void> {
  const db = app.database.db;
  // 学生资助 records are not for 乡镇干部 nor 教师科 (roles.ts aid.read; 教师科 reads 红烛暖心 only,
  // aid.care.read): every route here and in the two route files below.
  guardAidRecords(app);
  await app.register(paymentRoutes);
  await app.register(recognitionRoutes);

  app.get('/api/aid/meta', { schema: { tags: TAGS } }, async (req) => {
    requireActor(req);
    return {
      stages: AID_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] })),
      groups: Object.entries(GROUP_LABELS).map(([value, label]) => ({ value, label })),
      coverageStatuses: Object.entries(COVERAGE_LABELS).map(([value, label]) => ({ value, label })),
      listStatuses: Object.entries(LIST_STATUS_LABELS).map(([value, label]) => ({ value, label })),
      recognitionStatuses: Object.entries(RECOGNITION_STATUS_LABELS).map(([value, label]) => ({
        value,
        label,
      })),
      supervisionColumns: SUPERVISION_COLUMNS,
    };
  });

  // ---- terms: from 2020 to the server's today (JIAOFU_TODAY), and later years with a policy ----
  app.get('/api/aid/terms', { schema: { tags: TAGS } }, async (req) => {
    requireActor(req);
    const active = await db
      .selectFrom('policy_version')
      .select('year')
      .where('status', '=', 'active')
      .distinct()
      .execute();
    const years = active.map((r) => r.year);
    const today = todayInChina();
    return {
      items: termsToOffer(today, years).map((t) => ({
        code: t.code,
        label: termLabel(t),
        hasPolicy: years.includes(t.year),
      })),
      current: termOn(today).code,
      // The bureau's day (JIAOFU_TODAY when pinned): the web forms' date defaults and limits.
      today,
    };
  });

  // ---- policy (city aid centre edits; everyone reads: no personal data) ----
  app.get(
    '/api/aid/policies',
    { schema: { querystring: z.strictObject({ year: Year.optional() }), tags: TAGS } },
    async (req) => {
      requireActor(req);
      return { items: await listPolicyVersions(db, req.query.year) };
    },
  );
  app.get(
    '/api/aid/policies/active',
    { schema: { querystring: z.strictObject({ year: Year.default(2020) }), tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const policy = await getActivePolicy(db, req.query.year, actor);
      return { policy, programmes: programmeCatalogue(policy.config) };
    },
  );
  app.get(
    '/api/aid/policies/defaults',
    { schema: { querystring: z.strictObject({ year: Year.default(2020) }), tags: TAGS } },
    async (req) => {
      requireActor(req);
      return { config: defaultAidPolicy(req.query.year) };
    },
  );
  app.get('/api/aid/policies/:id', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    requireActor(req);
    return { policy: await getPolicyVersion(db, req.params.id) };
  });
  app.post('/api/aid/policies', { schema: { body: PolicyBody, tags: TAGS } }, async (req, reply) => {
    const actor = requirePermission(req, 'write');
    let policy = await createPolicyDraft(db, actor, req.body.year, req.body);
    if (req.body.activate) policy = await activatePolicyVersion(db, actor, policy.id);
    reply.status(201);
    return { policy };
  });
  app.put(
    '/api/aid/policies/:id',
    { schema: { params: IdParams, body: PolicyPut, tags: TAGS } },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return { policy: await updatePolicyDraft(db, actor, req.params.id, req.body) };
    },
  );
  app.post('/api/aid/policies/:id/activate', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requirePermission(req, 'write');
    return { policy: await activatePolicyVersion(db, actor, req.params.id) };
  });

  // ---- entitlements ----
  app.post(
    '/api/aid/entitlements/run',
    { schema: { body: z.strictObject({ term: Term }), tags: TAGS } },
    async (req, reply) => {
      const actor = requirePermission(req, 'jobs.run');
      requireTerm(req.body.term);
      const jobId = await app.jobs.start('aid.entitle', { term: req.body.term }, actor);
      reply.status(202);
      return { jobId };
    },
  );
  // Before a re-run: the term's approved or paid lists in scope, and the warning to show (null: none).
  app.get(
    '/api/aid/entitlements/locked-lists',
    { schema: { querystring: z.strictObject({ term: Term }), tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      requireTerm(req.query.term);
      const locked = await lockedListsOfTerm(db, actor, req.query.term);
      return { ...locked, warning: rerunWarning(locked) };
    },
  );
  app.get(
    '/api/aid/entitlements/runs',
    { schema: { querystring: z.strictObject({ term: Term.optional() }), tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const items = await db
        .selectFrom('entitlement_run')
        .selectAll()
        .where(inOrOverScope(actor, 'entitlement_run.scope_code'))
        .$if(!!req.query.term, (q) => q.where('term', '=', req.query.term!))
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      // A run over a wider scope (the city's) is shown with this user's part of it only: a county
      // or a school sees its own lines, amounts and changes, not the whole city's.
      const shown = [];
      for (const run of items) {
        const own = run.scope_code.length >= actor.scopeCode.length && !actor.schoolCode;
        shown.push(
          own
            ? { ...run, scoped: false }
            : { ...run, ...(await scopedRunFigures(run.id, run.diff, actor)), scoped: true },
        );
      }
      return { items: shown, comparison: await comparisonStaleness(db, actor) };
    },
  );
  /**
   * A run's lines, amounts and changes within `actor`'s scope (region, and school for a school's
   * staff), from the figures the run kept per school when it ended (entitlement_run_part): a later
   * run replacing the lines (a county's own after the city's) leaves a past run's record as it was.
   */
  async function scopedRunFigures(runId: number, runDiff: unknown, actor: Actor) {
    const parts = await db
      .selectFrom('entitlement_run_part')
      .select(['programme', 'lines', 'fen', 'students'])
      .where('run_id', '=', runId)
      .where(inSchoolScope(actor, 'entitlement_run_part.school_code', 'entitlement_run_part.region_code'))
      .execute();
    const byProgrammeRows = new Map<string, { lines: number; fen: number }>();
    let studentsInScope = 0;
    for (const p of parts) {
      if (p.programme === '*') {
        studentsInScope += Number(p.students);
        continue;
      }
      const t = byProgrammeRows.get(p.programme) ?? { lines: 0, fen: 0 };
      t.lines += Number(p.lines);
      t.fen += Number(p.fen);
      byProgrammeRows.set(p.programme, t);
    }
    const changes = await db
      .selectFrom('entitlement_change as c')
      .innerJoin('student as s', 's.id', 'c.student_id')
      .select(['c.kind', sql<number>`count(*)::int`.as('n')])
      .where('c.run_id', '=', runId)
      .where(inSchoolScope(actor, 's.school_code', 'c.region_code'))
      .groupBy('c.kind')
      .execute();
    const byProgramme: Record<string, { lines: number; totalFen: number }> = {};
    for (const [programme, r] of byProgrammeRows)
      byProgramme[programme] = { lines: r.lines, totalFen: r.fen };
    const lines = [...byProgrammeRows.values()].reduce((n, r) => n + r.lines, 0);
    const diff: Record<string, number | boolean> = { added: 0, removed: 0, changed: 0 };
    for (const c of changes) diff[c.kind] = Number(c.n);
    // A term's first run records no changes: all its lines are new (entitlement.run.ts recordDiff).
    const firstRun = (runDiff as { firstRun?: boolean } | null)?.firstRun === true;
    if (firstRun) Object.assign(diff, { added: lines, firstRun });
    return {
      stats: {
        lines,
        totalFen: [...byProgrammeRows.values()].reduce((n, r) => n + r.fen, 0),
        byProgramme,
        entitledStudents: studentsInScope,
      },
      diff,
    };
  }

  app.get(
    '/api/aid/entitlements/runs/:id/changes',
    { schema: { params: IdParams, querystring: z.strictObject(Page), tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const base = db
        .selectFrom('entitlement_change as c')
        .innerJoin('student as s', 's.id', 'c.student_id')
        .leftJoin('school as sc', 'sc.code', 's.school_code')
        .where('c.run_id', '=', req.params.id)
        .where(inSchoolScope(actor, 's.school_code', 'c.region_code'));
      const [items, total] = await Promise.all([
        base
          .select([
            'c.student_id',
            's.person_id',
            's.name',
            's.student_no',
            's.school_code',
            'sc.name as school_name',
            'c.programme',
            'c.kind',
            'c.old_fen',
            'c.new_fen',
            // Why a line went or changed (entitlement-change.ts), as the checks of a list say it.
            'c.reason',
          ])
          .orderBy('c.id')
          .limit(req.query.pageSize)
          .offset((req.query.page - 1) * req.query.pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      // (A 学籍号 of G + ID is masked like every list's.)
      return {
        items: items.map((i) => ({ ...i, student_no: maskStudentNo(i.student_no) })),
        total: Number(total.n),
      };
    },
  );
  app.get('/api/aid/entitlements', { schema: { querystring: EntitlementQuery, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const q = req.query;
    const base = db
      .selectFrom('entitlement as e')
      .innerJoin('student as s', 's.id', 'e.student_id')
      .innerJoin('school as sc', 'sc.code', 'e.school_code')
      .where('e.term', '=', q.term)
      .where(inSchoolScope(actor, 'e.school_code', 'e.region_code'))
      .$if(!!q.programme, (b) => b.where('e.programme', '=', q.programme!))
      .$if(!!q.schoolCode, (b) => b.where('e.school_code', '=', q.schoolCode!))
      .$if(!!q.q, (b) => b.where(pupilMatches(q.q!, 's.name', 's.student_no')));
    const [items, total] = await Promise.all([
      base
        .select([
          'e.id',
          'e.student_id',
          'e.person_id',
          's.name',
          's.student_no',
          'e.school_code',
          'sc.name as school_name',
          'e.stage',
          'e.programme',
          'e.amount_fen',
          'e.rule',
          'e.run_id',
        ])
        .orderBy('e.id')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.n) };
  });

  // ---- coverage (五个阶段全覆盖) ----
  app.get('/api/aid/coverage', { schema: { querystring: CoverageQuery, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const { term, level, ...f } = req.query;
    return coverageReport(db, actor, term, level, f);
  });
  app.get(
    '/api/aid/coverage/students',
    { schema: { querystring: CoverageListQuery, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const { term, ...f } = req.query;
      return { ...(await coverageList(db, actor, term, f)), page: f.page, pageSize: f.pageSize };
    },
  );
  // The students behind 在校生, 困难学生, 困难无资助 and 已脱贫不享受 (the last two with why they get nothing).
  app.get(
    '/api/aid/coverage/gaps',
    { schema: { querystring: CoverageGapQuery, tags: TAGS } },
    async (req) => {
      const actor = requireActor(req);
      const { term, ...f } = req.query;
      return { ...(await coverageGaps(db, actor, term, f)), page: f.page, pageSize: f.pageSize };
    },
  );
  app.get(
    '/api/aid/coverage/export',
    { schema: { querystring: ExportQuery, tags: TAGS } },
    async (req, reply) => {
      const actor = requireActor(req);
      const file = tempExportFile('aid', req.query.format);
      const rows = await writeCoverage(db, actor, req.query.term, file);
      await appendAudit(db, actor, {
        action: 'create',
        entity: 'export',
        entityId: 'aid_coverage',
        after: { term: req.query.term, rows },
      });
      return sendTempFile(
        reply,
        file,
        `资助覆盖情况-${termLabel(requireTerm(req.query.term))}.${req.query.format}`,
      );
    },
  );

  // ---- 资金在线监管系统 export ----
  // IDs are masked unless asked for (DESIGN.md: masked in exports by default). The provincial
  // system matches each payment by the full 身份证号: `unmask=true` asks for it, only a user allowed
  // to see full IDs (personal.unmask) gets it (anyone else 403), and the download is logged as a
  // view of personal data. Only roles with business in aid funds (aid.funds.export: not 教师科,
  // not 乡镇干部 — both refused first by guardAidRecords, having no aid.read) may download it at all.
  app.get(
    '/api/aid/supervision-export',
    {
      schema: { querystring: SupervisionQuery, tags: TAGS },
      // The role is checked before the query is validated: a role without the export is refused
      // as such, not told which parameter it left out.
      preValidation: async (req) => {
        if (!can(requireActor(req).role, 'aid.funds.export'))
          throw forbidden('资金监管系统导出仅供资助工作人员和审计使用，您的角色不能导出资助发放数据');
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const unmask = req.query.unmask === 'true';
      if (unmask && !can(actor.role, 'personal.unmask')) throw forbidden('您没有导出完整身份证号的权限');
      const file = tempExportFile('aid', req.query.format);
      const columns = req.query.columns
        ?.split(/[,，]/)
        .map((c) => c.trim())
        .filter(Boolean);
      const out = await writeSupervisionExport(db, actor, file, {
        term: req.query.term,
        columns,
        unmask,
        programme: req.query.programme,
      });
      const shown = [
        ...(out.columns.includes('身份证号') ? ['id_number'] : []),
        ...(out.columns.includes('学籍号') ? ['student_no'] : []),
      ];
      if (unmask && shown.length)
        await auditPersonalView(db, actor, 'supervision_export', req.query.term, actor.scopeCode, shown);
      await appendAudit(db, actor, {
        action: 'create',
        entity: 'export',
        entityId: 'aid_supervision',
        after: { term: req.query.term, rows: out.rows, flagged: out.flagged, unmask },
      });
      reply.header('x-flagged-rows', String(out.flagged));
      reply.header('x-full-ids', String(unmask && shown.length > 0));
      return sendTempFile(
        reply,
        file,
        `资金监管系统导出-${termLabel(requireTerm(req.query.term))}.${req.query.format}`,
      );
    },
  );

  // ---- 一生一档 ----
  app.get('/api/persons/:id/aid', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    return personAidFile(db, actor, req.params.id);
  });
}
