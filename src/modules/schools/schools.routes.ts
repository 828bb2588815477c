import { z } from 'zod';
import { STAGE_LABELS, STAGES, type Stage, schoolNameProblem } from '../../domain/schools/school-fields.ts';
import { AppError, badRequest, forbidden, notFound } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import { PUPIL_RECORDS_CARE_ONLY, readsPersonFiles } from '../persons/persons.access.ts';
import { importSchools, SCHOOLS_IMPORT_REFUSED } from './schools.import.ts';
import { findSchoolInScope, listSchoolsInScope, transfersOut } from './schools.queries.ts';
import { deleteSchool, updateSchool } from './schools.service.ts';

const KindEnum = z.enum(['regular', 'village_school', 'teaching_point']);
const UrbanRuralEnum = z.enum(['urban', 'town', 'rural']);
const ListQuery = z.strictObject({
  q: z.string().max(50).optional(),
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  township: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  stage: z.enum(STAGES).optional(),
  kind: KindEnum.optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});
const CodeParams = z.strictObject({ code: z.string().regex(/^\d{10}$/) });
const PageQuery = z.strictObject({
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});
const PatchBody = z.strictObject({
  // The school list import's rule (a leading ＝ refused as = is, control characters, length).
  name: z
    .string()
    .trim()
    .superRefine((s, ctx) => {
      const problem = schoolNameProblem(s);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  stages: z.array(z.enum(STAGES)).min(1).optional(),
  ownership: z.enum(['public', 'private']).optional(),
  boarding: z.boolean().optional(),
  kind: KindEnum.optional(),
  urban_rural: UrbanRuralEnum.nullable().optional(),
});
const ImportQuery = z.strictObject({ filename: z.string().min(1).max(1000).optional() });

/** Upload content types the import route accepts (the raw file is the body). */
const FILE_TYPES = [
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
  'text/csv',
];
const UPLOAD_LIMIT = 50 * 1024 * 1024;

function present<T extends { stages: Stage[] }>(s: T) {
  return { ...s, stage_labels: s.stages.map((x) => STAGE_LABELS[x]) };
}

/** School list, detail, edit and import, scoped to the signed-in user. */
export async function schoolRoutes(app: App): Promise<void> {
  const db = app.database.db;
  // Encapsulated in this plugin: other modules keep their own parsers and the 1 MB JSON limit.
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  app.get('/api/schools', { schema: { querystring: ListQuery, tags: ['schools'] } }, async (req) => {
    const actor = requireActor(req);
    const r = await listSchoolsInScope(db, actor, req.query);
    return { items: r.items.map(present), total: r.total, page: r.page, pageSize: r.pageSize };
  });

  app.get('/api/schools/:code', { schema: { params: CodeParams, tags: ['schools'] } }, async (req) => {
    const actor = requireActor(req);
    const school = await findSchoolInScope(db, actor, req.params.code);
    if (!school) throw notFound('学校');
    return { school: present(school) };
  });

  // Pupils a newer roll moved to another school: the trace they leave where they were (tester v21b F9).
  app.get(
    '/api/schools/:code/transfers-out',
    { schema: { params: CodeParams, querystring: PageQuery, tags: ['schools'] } },
    async (req) => {
      const actor = requireActor(req);
      if (!readsPersonFiles(actor)) throw forbidden(PUPIL_RECORDS_CARE_ONLY);
      if (!(await findSchoolInScope(db, actor, req.params.code))) throw notFound('学校');
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 20;
      return { ...(await transfersOut(db, req.params.code, page, pageSize)), page, pageSize };
    },
  );

  app.patch(
    '/api/schools/:code',
    { schema: { params: CodeParams, body: PatchBody, tags: ['schools'] } },
    async (req) => {
      const actor = requirePermission(req, 'schools.edit');
      const school = await updateSchool(db, actor, req.params.code, req.body);
      return { school: present(school) };
    },
  );

  // A school no record names (a wrong import or entry): the roll, accounts, cases and aid keep theirs.
  app.delete('/api/schools/:code', { schema: { params: CodeParams, tags: ['schools'] } }, async (req) => {
    const actor = requirePermission(req, 'schools.edit');
    await deleteSchool(db, actor, req.params.code);
    return { deleted: req.params.code };
  });

  app.post(
    '/api/schools/import',
    { bodyLimit: UPLOAD_LIMIT, schema: { querystring: ImportQuery, tags: ['schools'] } },
    async (req) => {
      const actor = requireActor(req);
      if (!can(actor.role, 'schools.import')) throw forbidden(SCHOOLS_IMPORT_REFUSED);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw badRequest('请上传学校名单文件（.xlsx 或 .csv），请求体为文件内容');
      }
      // Without ?filename the bytes decide: an .xlsx is a zip archive ("PK"), anything else is csv.
      const zip = req.body[0] === 0x50 && req.body[1] === 0x4b;
      const filename = req.query.filename ?? (zip ? 'upload.xlsx' : 'upload.csv');
      const report = await importSchools(db, actor, { buffer: req.body, filename });
      if (!report.ok) {
        throw new AppError(
          'import_invalid',
          `导入失败：发现 ${report.errors.length} 处错误，未写入任何数据`,
          report,
        );
      }
      return report;
    },
  );
}
