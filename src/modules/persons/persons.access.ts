/**
 * Who reads which 一生一档 (roles.ts 'persons.read'). Every role but 教师科 reads the file of every
 * person of its scope. 教师科 (teacher data: 轮岗, 支教, 乡村教师补助, and 红烛暖心's caring teachers)
 * reads 红烛暖心 only ('aid.care.read'): it finds and opens the file of a child in a care pairing of its
 * scope (persons.queries.ts personInScope; any other person answers 404 as one out of scope), and of
 * that file the masked identity, the current enrolment (school, grade, class — no comparison result)
 * and the care tab; not the roll changes, the 建档立卡 registry and household, the 低保/特困/残疾 lists,
 * the comparison's decisions, the notes of moved records (empty in the file, tabs hidden), nor the
 * dropout cases or the aid and relief tabs (403 naming what it may read) nor the full ID (403, no
 * personal.unmask). Scope (which persons) stays with the queries.
 */
import { forbidden } from '../../server/errors.ts';
import type { App } from '../../server/http.ts';
import { can } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';

/** True when the actor reads the whole file of every person in its scope ('persons.read'). */
export function readsPersonFiles(actor: Actor): boolean {
  return can(actor.role, 'persons.read');
}

/**
 * True when the actor reads, of 一生一档, the files of children paired with caring teachers only
 * (教师科: 'aid.care.read' without 'persons.read').
 */
export function readsCareFilesOnly(actor: Actor): boolean {
  return !readsPersonFiles(actor) && can(actor.role, 'aid.care.read');
}

/** The refusal of the pupils' and families' records to a role that reads care files only. */
export const PUPIL_RECORDS_CARE_ONLY =
  '您的角色不能查看学生名册、建档立卡名单、信息比对和控辍保学信息；一生一档中只能查看红烛暖心（立德树人）结对儿童的身份、在读学籍和结对走访记录';

/**
 * Refuses (403, in Chinese) every route of the calling plugin to a signed-in role that does not read
 * whole person files (教师科): the rolls, registries and lists and their imports, 信息比对's lists and
 * reviews, 控辍保学's lists and cases — the pupils' and families' records its care-only 一生一档 leaves
 * out. Before the query is validated, as aid.access.ts guardAidRecords; call it first in the plugin.
 */
export function guardPupilRecords(app: App): void {
  app.addHook('preValidation', async (req) => {
    if (!req.actor) return; // the route's own requireActor answers 401
    if (!readsPersonFiles(req.actor)) throw forbidden(PUPIL_RECORDS_CARE_ONLY);
  });
}
