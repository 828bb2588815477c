import { z } from 'zod';
import { maskPersonalData, maskStudentNo } from '../../domain/identity/personal-mask.ts';
import { verifyAudit } from '../../server/audit.ts';
import { type App, requirePermission } from '../../server/http.ts';
import { escapeLike, inScope } from '../../server/scope.ts';

const ListQuery = z.strictObject({
  entity: z.string().max(50).optional(),
  action: z.string().max(50).optional(),
  actor: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  from: z
    .string()
    .datetime({ offset: true })
    .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .optional(),
  to: z
    .string()
    .datetime({ offset: true })
    .or(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The audit log for the 审计 role: browse, filter, and verify the chain. */
export async function auditRoutes(app: App): Promise<void> {
  const db = app.database.db;

  app.get('/api/audit', { schema: { querystring: ListQuery, tags: ['audit'] } }, async (req) => {
    const actor = requirePermission(req, 'audit.read');
    const q = req.query;
    const base = db
      .selectFrom('audit_log')
      .where(inScope(actor, 'audit_log.scope_code'))
      .$if(!!q.entity, (b) => b.where('entity', '=', q.entity!))
      .$if(!!q.action, (b) => b.where('action', '=', q.action!))
      .$if(!!q.actor, (b) => b.where('actor_name', '=', q.actor!))
      // A 学籍号 as this list shows it (G350421***********8, masked like an ID) finds the entries
      // filed under every 学籍号 it can stand for (tester v25b F9); any other value, itself.
      .$if(!!q.entityId && !q.entityId.includes('*'), (b) => b.where('entity_id', '=', q.entityId!))
      .$if(!!q.entityId?.includes('*'), (b) =>
        b.where('entity_id', 'like', escapeLike(q.entityId!).replaceAll('*', '_')),
      )
      .$if(!!q.from, (b) => b.where('at', '>=', new Date(q.from!)))
      .$if(!!q.to, (b) => b.where('at', '<', endOf(q.to!)));
    const [items, total] = await Promise.all([
      base
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    // Personal numbers in before → after are masked like everywhere else (DESIGN.md); the chain is
    // verified on the stored entries, not on this view.
    const shown = items.map((e) => ({
      ...e,
      // (A student's entry is filed under its 学籍号; a G + ID one is masked like the ID.)
      entity_id: e.entity_id === null ? null : maskStudentNo(e.entity_id),
      before: maskPersonalData(e.before),
      after: maskPersonalData(e.after),
    }));
    return { items: shown, total: Number(total.n), page: q.page, pageSize: q.pageSize };
  });

  app.post('/api/audit/verify', { schema: { tags: ['audit'] } }, async (req) => {
    requirePermission(req, 'audit.read');
    return verifyAudit(db);
  });
}

function endOf(d: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(d)) return new Date(new Date(`${d}T00:00:00+08:00`).getTime() + 86400_000);
  return new Date(d);
}
