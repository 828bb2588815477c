/**
 * Who may read 学生资助 records at all (roles.ts 'aid.read'): the aid staff, the schools' roles and
 * 审计. The township official works on 控辍保学; families' hardship data — 困难认定 reasons and
 * reviews, 应急救助 applications, entitlements, payments, coverage and their exports, the person
 * file's aid, relief and care tabs — is not needed for it. 教师科 (teacher data) reads 红烛暖心 only
 * ('aid.care.read': the pairings with caring teachers and their visits, the person file's care tab).
 * Scope (which records) stays with the queries.
 */
import { forbidden } from '../../server/errors.ts';
import type { App } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';
import { readsPersonFiles } from '../persons/persons.access.ts';

export const AID_READ_REFUSED =
  '您的角色不能查看学生资助信息（家庭经济困难认定、应急救助、资助发放等），控辍保学工作不需要这些信息';

/** The refusal of every other aid route to a role that reads 红烛暖心 only (教师科). */
export const AID_CARE_ONLY =
  '您的角色只能查看红烛暖心结对和走访记录，不能查看其他学生资助信息（家庭经济困难认定、应急救助、资助发放等）';

/**
 * Routes of the aid modules that hold no aid record: the enrolled-pupil picker (names, school,
 * masked 学籍号, 留守儿童), which the 控辍保学 新建个案 form uses (web OpenCaseModal → StudentSelect):
 * open to the roles that read pupils' records (persons.read: 乡镇干部 too), not to 教师科.
 */
const NOT_AID_RECORDS = new Set(['/api/aid/students']);

/**
 * The 红烛暖心 / 立德树人 reads open to 'aid.care.read': the pairings (teacher phones masked), one
 * pairing with its visits, and the person file's care tab. Not the 待结对儿童 list
 * (GET /api/aid/care/eligible: which pupils are 建档立卡 or 认定 and still unpaired, for those who
 * pair them), nor any write or the phone's unmasking.
 */
const CARE_READS = new Set([
  'GET /api/aid/care/pairings',
  'GET /api/aid/care/pairings/:id',
  'GET /api/persons/:id/care',
]);

/** True when the actor may read 学生资助 records (scope is checked by each query). */
export function canReadAid(actor: Actor): boolean {
  return can(actor.role, 'aid.read');
}

/** True when the actor may read 红烛暖心 pairings and visits (every aid reader, and 教师科). */
export function canReadCare(actor: Actor): boolean {
  return can(actor.role, 'aid.care.read');
}

/**
 * Refuses (403, in Chinese) every route of the calling plugin, other than NOT_AID_RECORDS, to a
 * signed-in role without 'aid.read' — but CARE_READS to a role with 'aid.care.read'; before the query
 * is validated, so such a role is told why, not which parameter it left out. Call it first in the
 * plugin: it covers the routes registered after.
 */
export function guardAidRecords(app: App): void {
  app.addHook('preValidation', async (req) => {
    const url = req.routeOptions.url ?? '';
    if (!req.actor) return; // the route's own requireActor answers 401
    // The pupil picker is for the roles that read pupils' records (控辍保学's 新建个案): not 教师科.
    if (NOT_AID_RECORDS.has(url) && readsPersonFiles(req.actor)) return;
    if (canReadAid(req.actor)) return;
    if (!canReadCare(req.actor)) throw forbidden(AID_READ_REFUSED);
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (!CARE_READS.has(`${method} ${url}`)) throw forbidden(AID_CARE_ONLY);
  });
}
