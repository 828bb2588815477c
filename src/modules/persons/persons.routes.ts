import { z } from 'zod';
import { appendAudit, auditPersonalView } from '../../server/audit.ts';
import { notFound } from '../../server/errors.ts';
import { type App, requireActor, requirePermission } from '../../server/http.ts';
import { getPersonFile, personInScope, searchPersonsPage } from './persons.queries.ts';

const SearchQuery = z.strictObject({ q: z.string().trim().min(1, '请输入姓名、身份证号或学籍号').max(40) });
const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });

/** 一生一档: search and the lifelong person file (each opening logged); unmasking an ID is permitted and logged. */
export async function personRoutes(app: App): Promise<void> {
  const db = app.database.db;

  app.get('/api/persons', { schema: { querystring: SearchQuery, tags: ['persons'] } }, async (req) => {
    const actor = requireActor(req);
    // `more`: hits beyond the first 100 (PERSON_SEARCH_LIMIT) — the page asks for a fuller condition.
    return searchPersonsPage(db, actor, req.query.q);
  });

  app.get('/api/persons/:id', { schema: { params: IdParams, tags: ['persons'] } }, async (req) => {
    const actor = requireActor(req);
    const file = await getPersonFile(db, actor, req.params.id);
    if (!file) throw notFound('人员档案');
    // Read access to personal data is logged (POLICY 工作要点 6), not only unmasking (tester v24b F6).
    await appendAudit(db, actor, {
      action: 'view_file',
      entity: 'person',
      entityId: String(req.params.id),
      scopeCode: file.person.region_code,
    });
    return file;
  });

  app.post('/api/persons/:id/unmask', { schema: { params: IdParams, tags: ['persons'] } }, async (req) => {
    const actor = requirePermission(req, 'personal.unmask');
    const row = await db
      .selectFrom('person')
      .select(['person.id', 'person.id_number', 'person.region_code'])
      .where('person.id', '=', req.params.id)
      .where(personInScope(actor))
      .executeTakeFirst();
    if (!row) throw notFound('人员档案');
    await auditPersonalView(db, actor, 'person', String(row.id), row.region_code, ['id_number']);
    return { idNumber: row.id_number };
  });
}
