/** 家庭经济困难学生认定 routes: applications, review, 公示 with objections, confirmation, attachments. */
import { z } from 'zod';
import { PRIORITY_GROUPS, RECOGNITION_STATUSES } from '../../domain/aid/index.ts';
import { attachmentDisposition } from '../../server/download.ts';
import { badRequest, notFound } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { inSchoolScope } from '../../server/scope.ts';
import { todayInChina } from '../../server/today.ts';
import {
  ATTACHMENT_LIMIT,
  ATTACHMENT_TYPES,
  addAttachment,
  listAttachments,
  readAttachment,
} from './attachments.ts';
import { sendTempFile } from './http-files.ts';
import {
  addObjection,
  getNotice,
  noticeHtml,
  noticeXlsx,
  publishNotice,
  resolveObjection,
} from './notice.service.ts';
import {
  archiveRecognitions,
  confirmRecognitions,
  createRecognition,
  findRecognition,
  listRecognitions,
  prefillFor,
  rejectRecognition,
  reviewRecognition,
  semesterReview,
} from './recognition.service.ts';

const TAGS = ['aid'];
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const SchoolYear = z.number().int().min(2015).max(2100);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const Ids = z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(1000) });
const Group = z.enum(PRIORITY_GROUPS);
const Tier = z.string().trim().min(1).max(40);

/** Registers the recognition routes (with a parser for attachment uploads). */
export async function recognitionRoutes(app: App): Promise<void> {
  const db = app.database.db;
  app.addContentTypeParser(
    [...ATTACHMENT_TYPES],
    { parseAs: 'buffer', bodyLimit: ATTACHMENT_LIMIT },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/api/aid/recognitions',
    {
      schema: {
        querystring: z.strictObject({
          schoolYear: z.coerce.number().int().min(2015).max(2100).optional(),
          status: z.enum(RECOGNITION_STATUSES).optional(),
          schoolCode: z
            .string()
            .regex(/^\d{10}$/)
            .optional(),
          q: z.string().max(40).optional(),
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        tags: TAGS,
      },
    },
    async (req) => listRecognitions(db, requireActor(req), req.query),
  );
  app.get('/api/aid/recognitions/prefill/:id', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const student = await db
      .selectFrom('student')
      .select(['id', 'person_id', 'disabled'])
      .where('id', '=', req.params.id)
      .where(inSchoolScope(actor, 'student.school_code', 'student.region_code'))
      .executeTakeFirst();
    if (!student) throw notFound('学生');
    return { groups: await prefillFor(db, student) };
  });
  app.post(
    '/api/aid/recognitions',
    {
      schema: {
        body: z.strictObject({
          studentId: z.number().int().positive(),
          schoolYear: SchoolYear,
          tier: Tier.nullish(),
          priorityGroups: z.array(Group).optional(),
          reason: z.string().trim().min(1, '请填写申请理由').max(2000),
          midYear: z.boolean().optional(),
          midYearReason: z.string().max(40).optional(),
        }),
        tags: TAGS,
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'write');
      reply.status(201);
      return { recognition: await createRecognition(db, actor, req.body) };
    },
  );
  app.get('/api/aid/recognitions/:id', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const recognition = await findRecognition(db, actor, req.params.id);
    return { recognition, attachments: await listAttachments(db, actor, req.params.id) };
  });
  app.post(
    '/api/aid/recognitions/:id/review',
    {
      schema: {
        params: IdParams,
        body: z.strictObject({
          tier: Tier,
          classReview: z.string().max(2000).optional(),
          schoolReview: z.string().trim().min(1).max(2000),
          priorityGroups: z.array(Group).optional(),
        }),
        tags: TAGS,
      },
    },
    async (req) => ({
      recognition: await reviewRecognition(db, requirePermission(req, 'write'), req.params.id, req.body),
    }),
  );
  app.post(
    '/api/aid/recognitions/:id/reject',
    {
      schema: {
        params: IdParams,
        body: z.strictObject({ note: z.string().trim().min(1).max(1000) }),
        tags: TAGS,
      },
    },
    async (req) => ({
      recognition: await rejectRecognition(db, requirePermission(req, 'write'), req.params.id, req.body.note),
    }),
  );
  app.post('/api/aid/recognitions/confirm', { schema: { body: Ids, tags: TAGS } }, async (req) => ({
    items: await confirmRecognitions(db, requirePermission(req, 'write'), req.body.ids, todayInChina()),
  }));
  app.post('/api/aid/recognitions/archive', { schema: { body: Ids, tags: TAGS } }, async (req) => ({
    items: await archiveRecognitions(db, requirePermission(req, 'write'), req.body.ids),
  }));
  app.post(
    '/api/aid/recognitions/:id/semester-review',
    {
      schema: {
        params: IdParams,
        body: z.strictObject({
          semester: z.enum(['autumn', 'spring']),
          result: z.enum(['keep', 'change_tier', 'revoke']),
          tier: Tier.optional(),
          note: z.string().trim().min(1).max(1000),
        }),
        tags: TAGS,
      },
    },
    async (req) => ({
      recognition: await semesterReview(
        db,
        requirePermission(req, 'write'),
        req.params.id,
        req.body,
        todayInChina(),
      ),
    }),
  );
  app.post(
    '/api/aid/recognitions/:id/attachments',
    {
      bodyLimit: ATTACHMENT_LIMIT,
      schema: {
        params: IdParams,
        querystring: z.strictObject({ filename: z.string().max(200).optional() }),
        tags: TAGS,
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'write');
      // (A body the parser left as text came as text: no PDF or image.)
      if (!Buffer.isBuffer(req.body)) throw badRequest('证明材料须为 PDF、JPG 或 PNG 文件');
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      reply.status(201);
      return {
        attachment: await addAttachment(db, actor, req.params.id, {
          buffer: req.body,
          type,
          name: req.query.filename ?? `证明材料.${type.split('/')[1]}`,
        }),
      };
    },
  );
  app.get('/api/aid/attachments/:id', { schema: { params: IdParams, tags: TAGS } }, async (req, reply) => {
    const a = await readAttachment(db, requireActor(req), req.params.id);
    reply.header('content-type', a.content_type);
    reply.header('content-disposition', attachmentDisposition(a.filename));
    return reply.send(a.data);
  });

  // ---- 公示 and objections ----
  app.post(
    '/api/aid/notices',
    {
      schema: {
        body: z.strictObject({
          schoolCode: z.string().regex(/^\d{10}$/),
          schoolYear: SchoolYear,
          startsOn: Day,
          title: z.string().max(100).optional(),
        }),
        tags: TAGS,
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'write');
      reply.status(201);
      return { notice: await publishNotice(db, actor, req.body, todayInChina()) };
    },
  );
  app.get(
    '/api/aid/notices',
    {
      schema: {
        querystring: z.strictObject({
          schoolYear: z.coerce.number().int().min(2015).max(2100).optional(),
          schoolCode: z
            .string()
            .regex(/^\d{10}$/)
            .optional(),
        }),
        tags: TAGS,
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const items = await db
        .selectFrom('public_notice as n')
        .innerJoin('school as sc', 'sc.code', 'n.school_code')
        .selectAll('n')
        .select('sc.name as school_name')
        .where(inSchoolScope(actor, 'n.school_code', 'n.region_code'))
        .$if(req.query.schoolYear !== undefined, (q) => q.where('n.school_year', '=', req.query.schoolYear!))
        .$if(!!req.query.schoolCode, (q) => q.where('n.school_code', '=', req.query.schoolCode!))
        .orderBy('n.id', 'desc')
        .limit(500)
        .execute();
      return { items };
    },
  );
  app.get('/api/aid/notices/:id', { schema: { params: IdParams, tags: TAGS } }, async (req) =>
    getNotice(db, requireActor(req), req.params.id),
  );
  app.get('/api/aid/notices/:id/print', { schema: { params: IdParams, tags: TAGS } }, async (req, reply) => {
    const n = await getNotice(db, requireActor(req), req.params.id);
    reply.header('content-type', 'text/html; charset=utf-8');
    return reply.send(noticeHtml(n));
  });
  app.get('/api/aid/notices/:id/xlsx', { schema: { params: IdParams, tags: TAGS } }, async (req, reply) => {
    const n = await getNotice(db, requireActor(req), req.params.id);
    return sendTempFile(reply, await noticeXlsx(n), `${n.notice.title}.xlsx`);
  });
  app.post(
    '/api/aid/notices/:id/objections',
    {
      schema: {
        params: IdParams,
        body: z.strictObject({
          recognitionId: z.number().int().positive().optional(),
          receivedOn: Day.optional(),
          raisedBy: z.string().max(100).optional(),
          content: z.string().trim().min(1).max(2000),
        }),
        tags: TAGS,
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'write');
      reply.status(201);
      const today = todayInChina();
      return {
        objection: await addObjection(
          db,
          actor,
          req.params.id,
          { ...req.body, receivedOn: req.body.receivedOn ?? today },
          today,
        ),
      };
    },
  );
  app.post(
    '/api/aid/objections/:id/resolve',
    {
      schema: {
        params: IdParams,
        body: z.strictObject({
          outcome: z.enum(['upheld', 'dismissed']),
          resolution: z.string().trim().min(1).max(2000),
        }),
        tags: TAGS,
      },
    },
    async (req) => ({
      objection: await resolveObjection(db, requirePermission(req, 'write'), req.params.id, req.body),
    }),
  );
}
