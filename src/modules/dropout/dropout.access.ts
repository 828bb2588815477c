/**
 * Who may write the 控辍保学 ledger (工作要点 5): township officials for their township, school
 * aid officers and head teachers for their school, county and city bureaus for their area. The
 * 教师科 holds the 'write' permission for teacher data only, and the 审计 role writes nothing.
 */
import { forbidden } from '../../server/errors.ts';
import { can } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';

/** True when the actor may change dropout records (scope is checked separately, per record). */
export function canWriteDropout(actor: Actor): boolean {
  return can(actor.role, 'write') && actor.role !== 'teacher_section';
}

/** Throws 403 with the Chinese reason unless the actor may change dropout records. */
export function assertCanWriteDropout(actor: Actor): void {
  if (!canWriteDropout(actor)) throw forbidden('您的角色不能登记或修改控辍保学台账（只读）');
}

/** Responsibility letters are issued by the city or a county bureau, not by schools or townships. */
export function assertCanIssueLetters(actor: Actor): void {
  assertCanWriteDropout(actor);
  if (actor.schoolCode || actor.scopeCode.length > 6)
    throw forbidden('责任书由市、县（市、区）教育局下发，学校和乡镇只能签订和上传');
}
