/**
 * Who may read 学生资助 records at all (roles.ts 'aid.read'): every role but 乡镇干部. The
 * township official works on 控辍保学; families' hardship data — 困难认定 reasons and reviews,
 * 应急救助 applications, entitlements, payments, coverage and their exports, the person file's
 * aid, relief and care tabs — is not needed for it. Scope (which records) stays with the queries.
 */
import { forbidden } from '../../server/errors.ts';
import type { App } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';

export const AID_READ_REFUSED =
  '您的角色不能查看学生资助信息（家庭经济困难认定、应急救助、资助发放等），控辍保学工作不需要这些信息';

/**
 * Routes of the aid modules that hold no aid record: the enrolled-pupil picker (names, school,
 * masked 学籍号), which the 控辍保学 新建个案 form uses (web OpenCaseModal → StudentSelect).
 */
const NOT_AID_RECORDS = new Set(['/api/aid/students']);

/** True when the actor may read 学生资助 records (scope is checked by each query). */
export function canReadAid(actor: Actor): boolean {
  return can(actor.role, 'aid.read');
}

/**
 * Refuses (403, in Chinese) every route of the calling plugin, other than NOT_AID_RECORDS, to a
 * signed-in role without 'aid.read'; before the query is validated, so such a role is told why, not
 * which parameter it left out. Call it first in the plugin: it covers the routes registered after.
 */
export function guardAidRecords(app: App): void {
  app.addHook('preValidation', async (req) => {
    if (NOT_AID_RECORDS.has(req.routeOptions.url ?? '')) return;
    if (!req.actor) return; // the route's own requireActor answers 401
    if (!canReadAid(req.actor)) throw forbidden(AID_READ_REFUSED);
  });
}
