/** 发放名单 routes (工作要点 6): generate, edit drafts, submit, return, approve, bank file, bank return. */
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PROGRAMME_CODES } from '../../domain/aid/index.ts';
import { badRequest } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { todayInChina } from '../../server/today.ts';
import { isUploadedFile, registerFileUpload } from '../imports/upload.ts';
import { writeBankFile } from './bank-file.ts';
import { importBankReturn } from './bank-return.ts';
import { sendTempFile, tempExportFile } from './http-files.ts';
import { findList, listLines, listPaymentLists } from './payment.queries.ts';
import {
  addLine,
  approveList,
  checkList,
  generateLists,
  removeLine,
  requeueLine,
  resendLine,
  returnList,
  submitList,
  updateLine,
} from './payment.service.ts';

const TAGS = ['aid'];
const Term = z.string().regex(/^\d{4}-(spring|autumn)$/, '学期格式应为 2020-spring 或 2020-autumn');
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });
const LineParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  lineId: z.coerce.number().int().positive(),
});
// Fen (分), integers; the service refuses ≤ 0 and amounts above the policy's per-term ceiling.
const AmountFen = z.number().int('金额单位为分，须为整数');
const ListQuery = z.strictObject({
  term: Term.optional(),
  programme: z.enum(PROGRAMME_CODES).optional(),
  status: z.enum(['draft', 'submitted', 'approved', 'paid']).optional(),
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** What a body of any other content type (a PDF, an image) becomes: its type, the bytes dropped. */
interface OtherUpload {
  otherType: string;
}
const isOtherUpload = (x: unknown): x is OtherUpload =>
  typeof x === 'object' && x !== null && typeof (x as OtherUpload).otherType === 'string';

/** The spreadsheet types a bank return may be (table-reader reads these by their extension). */
const BANK_RETURN_EXTENSIONS = ['.xlsx', '.xls', '.csv'];

/**
 * Why an upload cannot be a bank return file, in Chinese naming the file: a PDF, a scan or a
 * Word file instead of the bank's table (the same mistake the roll import explains).
 */
function bankReturnTypeProblem(filename: string, body: unknown): string | null {
  const ext = path.extname(filename).toLowerCase();
  const wanted = '银行回盘文件须为 .xlsx、.xls 或 .csv 表格（银行返回的代发结果明细）';
  if (!BANK_RETURN_EXTENSIONS.includes(ext)) {
    const what = ext === '.pdf' ? ' PDF 文件' : ext ? ` ${ext} 文件` : '没有扩展名的文件';
    return `${wanted}：“${filename}”是${what}，请上传银行返回的 Excel 或 CSV 文件，而不是扫描件或 PDF`;
  }
  if (isOtherUpload(body))
    return `${wanted}：“${filename}”的内容类型为 ${body.otherType || '未知'}，不是表格文件，请重新选择文件`;
  return null;
}

/** Registers the payment-list routes (with an upload parser for bank return files). */
export async function paymentRoutes(app: App): Promise<void> {
  const db = app.database.db;
  registerFileUpload(app);
  // Any other type (a PDF chosen by mistake) reaches the route, which says what is wrong in
  // Chinese instead of Fastify's generic 不支持的请求内容类型. The bytes are not kept.
  app.addContentTypeParser('*', (req, payload, done) => {
    payload.on('error', (e) => done(e, undefined));
    payload.on('end', () => done(null, { otherType: String(req.headers['content-type'] ?? '') }));
    payload.resume();
  });

  app.post(
    '/api/aid/payment-lists/generate',
    {
      schema: {
        body: z.strictObject({
          programme: z.enum(PROGRAMME_CODES),
          term: Term,
          schoolCode: z
            .string()
            .regex(/^\d{10}$/)
            .optional(),
        }),
        tags: TAGS,
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return generateLists(db, actor, req.body);
    },
  );
  app.get('/api/aid/payment-lists', { schema: { querystring: ListQuery, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    return listPaymentLists(db, actor, req.query);
  });
  app.get('/api/aid/payment-lists/:id', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    const list = await findList(db, actor, req.params.id);
    return { list, lines: await listLines(db, list.id) };
  });
  app.get('/api/aid/payment-lists/:id/checks', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requireActor(req);
    return { issues: await checkList(db, actor, req.params.id) };
  });
  app.post(
    '/api/aid/payment-lists/:id/lines',
    {
      schema: {
        params: IdParams,
        body: z.strictObject({ studentId: z.number().int().positive(), amountFen: AmountFen }),
        tags: TAGS,
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'write');
      reply.status(201);
      return { line: await addLine(db, actor, req.params.id, req.body) };
    },
  );
  app.patch(
    '/api/aid/payment-lists/:id/lines/:lineId',
    {
      schema: {
        params: LineParams,
        // Why the amount differs from the computed one, kept in the audit trail (the page asks for it).
        body: z.strictObject({ amountFen: AmountFen, reason: z.string().trim().max(500).optional() }),
        tags: TAGS,
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return {
        line: await updateLine(
          db,
          actor,
          req.params.id,
          req.params.lineId,
          req.body.amountFen,
          req.body.reason || undefined,
        ),
      };
    },
  );
  app.delete(
    '/api/aid/payment-lists/:id/lines/:lineId',
    {
      schema: {
        params: LineParams,
        querystring: z.strictObject({ reason: z.string().trim().max(500).optional() }),
        tags: TAGS,
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'write');
      await removeLine(db, actor, req.params.id, req.params.lineId, req.query.reason || undefined);
      return reply.status(204).send();
    },
  );
  // A line the bank could not pay: 重新发放 on the same list, or 转入补发 (domain canResendLine).
  const Reason = z.strictObject({ reason: z.string().trim().min(1, '请填写原因').max(500) });
  app.post(
    '/api/aid/payment-lists/:id/lines/:lineId/resend',
    { schema: { params: LineParams, body: Reason, tags: TAGS } },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return { line: await resendLine(db, actor, req.params.id, req.params.lineId, req.body.reason) };
    },
  );
  app.post(
    '/api/aid/payment-lists/:id/lines/:lineId/requeue',
    { schema: { params: LineParams, body: Reason, tags: TAGS } },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return { line: await requeueLine(db, actor, req.params.id, req.params.lineId, req.body.reason) };
    },
  );
  app.post('/api/aid/payment-lists/:id/submit', { schema: { params: IdParams, tags: TAGS } }, async (req) => {
    const actor = requirePermission(req, 'write');
    return { list: await submitList(db, actor, req.params.id) };
  });
  app.post(
    '/api/aid/payment-lists/:id/return',
    {
      schema: {
        params: IdParams,
        body: z.strictObject({ reason: z.string().trim().min(1).max(500) }),
        tags: TAGS,
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return { list: await returnList(db, actor, req.params.id, req.body.reason) };
    },
  );
  app.post(
    '/api/aid/payment-lists/:id/approve',
    { schema: { params: IdParams, tags: TAGS } },
    async (req) => {
      const actor = requirePermission(req, 'write');
      return { list: await approveList(db, actor, req.params.id) };
    },
  );
  app.get(
    '/api/aid/payment-lists/:id/bank-file',
    {
      schema: {
        params: IdParams,
        querystring: z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
        tags: TAGS,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const file = tempExportFile('bank', req.query.format);
      try {
        const { list, termLabel } = await writeBankFile(db, actor, req.params.id, file);
        return sendTempFile(
          reply,
          file,
          `银行代发-${list.school_name}-${termLabel}-${list.id}.${req.query.format}`,
        );
      } catch (e) {
        await rm(file, { force: true });
        throw e;
      }
    },
  );
  app.post(
    '/api/aid/payment-lists/:id/bank-return',
    {
      schema: {
        params: IdParams,
        querystring: z.strictObject({ filename: z.string().max(200).optional() }),
        tags: TAGS,
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'write');
      const filename = req.query.filename ?? '银行回盘.xlsx';
      const problem = bankReturnTypeProblem(filename, req.body);
      if (problem) {
        if (isUploadedFile(req.body)) await rm(req.body.path, { force: true });
        throw badRequest(problem);
      }
      if (!isUploadedFile(req.body))
        throw badRequest('请上传银行回盘文件（.xlsx、.xls 或 .csv），请求体为文件内容');
      // readTable picks the format by extension: give the temp file the uploaded name's extension.
      const file = `${req.body.path}${path.extname(filename).toLowerCase()}`;
      await rename(req.body.path, file);
      try {
        return await importBankReturn(db, actor, req.params.id, { path: file, filename }, todayInChina());
      } finally {
        await rm(file, { force: true });
      }
    },
  );
}
