import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/connect.ts';
import { maskStudentNos } from '../domain/identity/personal-mask.ts';
import { aidRoutes } from '../modules/aid/aid.routes.ts';
import { aidExtrasRoutes } from '../modules/aid-extras/aid-extras.routes.ts';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes, loadActor } from '../modules/auth/auth.routes.ts';
import { comparisonRoutes } from '../modules/comparison/comparison.routes.ts';
import { dropoutRoutes } from '../modules/dropout/dropout.routes.ts';
import { importRoutes } from '../modules/imports/imports.routes.ts';
import { MAX_UPLOAD_BYTES, UploadTooLarge } from '../modules/imports/upload.ts';
import { jobRoutes } from '../modules/jobs/jobs.routes.ts';
import { personRoutes } from '../modules/persons/persons.routes.ts';
import { regionRoutes } from '../modules/regions/regions.routes.ts';
import { schoolRoutes } from '../modules/schools/schools.routes.ts';
import { userRoutes } from '../modules/users/users.routes.ts';
import { clientErrorHandler } from './client-error.ts';
import { AppError } from './errors.ts';
import type { App } from './http.ts';
import { registerJobHandlers } from './job-handlers.ts';
import { JobRunner } from './jobs.ts';

export interface AppOptions {
  database: Database;
  /** Folder of the built web app; omitted in API-only tests. */
  webDist?: string | null;
  logger?: boolean;
  /** JSON body limit in bytes (uploads have their own, larger limit). */
  bodyLimit?: number;
  jobs?: JobRunner;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_WEB_DIST = path.resolve(here, '../../web/dist');

/** Assembles the HTTP API and (when built) the web app, served by one process. */
export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info' } : false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    trustProxy: true,
    // A request the HTTP parser refuses (a raw UTF-8 query…): the app's Chinese error, not Fastify's.
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorate('database', opts.database);
  const jobs = opts.jobs ?? new JobRunner(opts.database.db);
  registerJobHandlers(jobs);
  app.decorate('jobs', jobs);
  app.decorateRequest('actor', null);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design injects its CSS-in-JS as <style> elements; swagger-ui needs inline too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'jiaofu 教扶 API', version: '0.1.0', description: '三明市教育脱贫攻坚管理平台接口' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.addHook('onRequest', async (req) => {
    if (req.url.startsWith('/api/')) req.actor = await loadActor(opts.database.db, req.cookies);
  });
  // A 学籍号 of the G + ID form gives the ID away: every answer shows it masked as the ID is
  // (lists, the review, 一生一档, the audit log). A full 学籍号 typed into a search still finds the pupil.
  app.addHook('preSerialization', async (_req, _reply, payload) => maskStudentNos(payload));

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field = first?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || '';
      const params = (first?.params ?? {}) as { issue?: { code?: string; keys?: string[] } };
      const unknownKeys = params.issue?.code === 'unrecognized_keys' ? params.issue.keys : undefined;
      const message = unknownKeys
        ? `不允许的字段: ${unknownKeys.join(', ')}`
        : `${field ? `${FIELD_LABELS[field] ?? field}: ` : ''}${translateZod(first?.message ?? '格式不正确')}`;
      return reply.status(400).send({ error: { code: 'validation', message } });
    }
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      return reply.status(400).send({ error: { code: 'bad_request', message: '请求体不是合法的 JSON' } });
    }
    if (err instanceof UploadTooLarge || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // A file upload says its limit and what to do; a form's body is simply too large.
      const json = /json/.test(String(req.headers['content-type'] ?? ''));
      const limit = err instanceof UploadTooLarge ? MAX_UPLOAD_BYTES : req.routeOptions.bodyLimit;
      const message = json
        ? '请求体过大'
        : `文件超过 ${Math.round((limit ?? MAX_UPLOAD_BYTES) / 1024 / 1024)} MB 的上传上限：请按县(市、区)或学校拆分后分批导入`;
      return reply.status(413).send({ error: { code: 'payload_too_large', message } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(400).send({ error: { code: 'bad_request', message: '不支持的请求内容类型' } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(400).send({ error: { code: 'bad_request', message: `请求无效: ${err.message}` } });
    }
    req.log.error(err);
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: '服务器内部错误，请稍后重试或联系管理员' } });
  });

  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(regionRoutes);
  await app.register(schoolRoutes);
  await app.register(auditRoutes);
  await app.register(jobRoutes);
  await app.register(importRoutes);
  await app.register(comparisonRoutes);
  await app.register(personRoutes);
  await app.register(aidRoutes);
  await app.register(dropoutRoutes);
  await app.register(aidExtrasRoutes);

  const webDist = opts.webDist === undefined ? DEFAULT_WEB_DIST : opts.webDist;
  const hasWeb = webDist && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (!hasWeb && req.method === 'GET' && !req.url.startsWith('/api')) {
      return reply.status(404).send({
        error: {
          code: 'not_found',
          message:
            '网页尚未构建：请用 npm start 启动（或先运行 node scripts/ensure-web-build.mjs），接口文档见 /api/docs',
        },
      });
    }
    if (req.url.startsWith('/api/') || req.url === '/api' || !hasWeb || req.method !== 'GET') {
      return reply.status(404).send({
        error: { code: 'not_found', message: `接口不存在: ${req.method} ${req.url.split('?')[0]}` },
      });
    }
    // Client-side routes of the single-page app.
    return reply.type('text/html').sendFile('index.html');
  });
  return app;
}

/** Names of the query and path fields users meet in a refusal (an upload's file name above all). */
const FIELD_LABELS: Record<string, string> = {
  filename: '文件名',
  id: '编号',
  jobId: '任务编号',
  page: '页码',
  pageSize: '每页条数',
  q: '搜索内容',
  asOf: '日期',
  code: '代码',
};

function translateZod(msg: string): string {
  if (/Required|received undefined/i.test(msg)) return '必填';
  // (Before the types: zod says "Too big: expected string to have <=200 characters".)
  const limit = msg.match(/[<>]=\s*(\d+)/)?.[1];
  if (/too small|too short|>=/i.test(msg)) return limit ? `太短或太小（至少 ${limit}）` : '太短或太小';
  if (/too big|too long|<=/i.test(msg)) return limit ? `太长或太大（最多 ${limit}）` : '太长或太大';
  if (/expected string/i.test(msg)) return '应为文本';
  if (/expected number/i.test(msg)) return '应为数字';
  if (/expected boolean/i.test(msg)) return '应为是/否';
  if (/Invalid option|Invalid enum/i.test(msg)) return '取值无效';
  if (/Invalid (UUID|uuid|date|email|string|format)/.test(msg)) return '格式无效';
  return msg;
}
