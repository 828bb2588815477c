import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { appendAudit, auditPersonalView } from '../../server/audit.ts';
import { forbidden } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import { plainText } from '../../server/text-field.ts';
import { guardPupilRecords } from '../persons/persons.access.ts';
import { exportComparisonList } from './comparison.export.ts';
import { comparisonSummary, LIST_LABELS, LISTS, listComparison } from './comparison.queries.ts';
import { decideReview, getReview, linkPerson, previewLink } from './review.service.ts';

const ListQuery = z.strictObject({
  list: z.enum(LISTS),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
const ExportQuery = z.strictObject({ list: z.enum(LISTS), format: z.enum(['xlsx', 'csv']).default('xlsx') });
const RunBody = z.strictObject({
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
});
const StudentParams = z.strictObject({ studentId: z.coerce.number().int().positive() });
const DecisionBody = z.strictObject({
  personNo: z.string().min(1).max(64),
  decision: z.enum(['confirm', 'reject']),
  // (Free text kept in the audit log and shown again: never a spreadsheet formula — tester v25b F8.)
  note: plainText(500).optional(),
  /** The result the reviewer saw (the review's `result`): a decision on a result changed since is refused. */
  seen: z
    .strictObject({
      result: z.enum(['confirmed', 'review', 'unmatched']),
      personNo: z.string().max(64).nullable(),
    })
    .optional(),
});

const LinkQuery = z.strictObject({ query: z.string().trim().min(1, '请输入人编号或证件号码').max(64) });
const LinkBody = z.strictObject({
  query: z.string().trim().min(1, '请输入人编号或证件号码').max(64),
  note: plainText(500, 2, '请填写核实说明（谁、如何核实的）'),
  /** The reviewer checked that records unlike in two of name, sex and birth date are one child. */
  confirmUnlike: z.boolean().optional(),
});

/** What a role without 学生资助 records (乡镇干部) is told of 信息比对 beyond its dropout list. */
export const UNENROLLED_ONLY =
  '您的角色负责控辍保学：信息比对中只能查看“未入学适龄儿童”名单，不能查看学生的建档立卡身份和核实';

/** 信息识别比对 in the app: run, result lists, review queue, exports. */
export async function comparisonRoutes(app: App): Promise<void> {
  const db = app.database.db;
  // Who is 建档立卡 among the pupils: not for 教师科 (persons.access.ts).
  guardPupilRecords(app);
  // Nor for a role without 学生资助 records (乡镇干部: 控辍保学 only): of 信息比对 it reads the counts and
  // the registry children of school age in no roll, its dropout work — not which pupils are 建档立卡,
  // their poverty attributes or the reviews (tester v21b F8).
  app.addHook('preValidation', async (req) => {
    if (!req.actor || can(req.actor.role, 'aid.read')) return;
    const url = req.routeOptions.url ?? '';
    const list = (req.query as { list?: unknown } | undefined)?.list;
    const dropoutWork =
      req.method === 'GET' &&
      (url === '/api/comparison/summary' ||
        ((url === '/api/comparison/results' || url === '/api/comparison/export') && list === 'unenrolled'));
    if (!dropoutWork) throw forbidden(UNENROLLED_ONLY);
  });

  app.post('/api/comparison/run', { schema: { body: RunBody, tags: ['comparison'] } }, async (req, reply) => {
    const actor = requirePermission(req, 'jobs.run');
    const jobId = await app.jobs.start('comparison', { asOf: req.body.asOf }, actor);
    reply.status(202);
    return { jobId };
  });

  app.get('/api/comparison/summary', { schema: { tags: ['comparison'] } }, async (req) => {
    const actor = requireActor(req);
    return { ...(await comparisonSummary(db, actor)), labels: LIST_LABELS };
  });

  app.get(
    '/api/comparison/results',
    { schema: { querystring: ListQuery, tags: ['comparison'] } },
    async (req) => {
      const actor = requireActor(req);
      const { list, ...f } = req.query;
      return { ...(await listComparison(db, actor, list, f)), page: f.page, pageSize: f.pageSize };
    },
  );

  app.get(
    '/api/comparison/export',
    { schema: { querystring: ExportQuery, tags: ['comparison'] } },
    async (req, reply) => {
      const actor = requireActor(req);
      const out = await exportComparisonList(db, actor, req.query.list, req.query.format);
      await appendAudit(db, actor, {
        action: 'create',
        entity: 'export',
        entityId: req.query.list,
        after: { rows: out.rows, masked: true },
      });
      reply.header(
        'content-type',
        req.query.format === 'csv'
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(out.name)}`);
      const stream = createReadStream(out.file);
      stream.on('close', () => void rm(out.file, { force: true }));
      return reply.send(stream);
    },
  );

  app.get(
    '/api/comparison/review/:studentId',
    { schema: { params: StudentParams, tags: ['comparison'] } },
    async (req) => {
      const actor = requireActor(req);
      return getReview(db, actor, req.params.studentId);
    },
  );

  app.post(
    '/api/comparison/review/:studentId',
    { schema: { params: StudentParams, body: DecisionBody, tags: ['comparison'] } },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return { result: await decideReview(db, actor, req.params.studentId, req.body) };
    },
  );

  // 人工关联: a pupil the comparison did not pair with a registry person (未匹配, or a candidate
  // rejected by mistake), linked by the person's whole 人编号 or 证件号码.
  app.get(
    '/api/comparison/link/:studentId',
    { schema: { params: StudentParams, querystring: LinkQuery, tags: ['comparison'] } },
    async (req) => {
      const actor = requirePermission(req, 'write');
      const preview = await previewLink(db, actor, req.params.studentId, req.query.query);
      // Whether a number is a 建档立卡 person's is personal data: who looked is logged.
      await auditPersonalView(db, actor, 'registry_person', preview.person.personNo, actor.scopeCode, [
        '建档立卡身份',
      ]);
      return preview;
    },
  );

  app.post(
    '/api/comparison/link/:studentId',
    { schema: { params: StudentParams, body: LinkBody, tags: ['comparison'] } },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return { result: await linkPerson(db, actor, req.params.studentId, req.body) };
    },
  );
}
