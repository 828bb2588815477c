/**
 * Who may write the 控辍保学 ledger (工作要点 5): township officials for their township, school
 * aid officers and head teachers for their school, county and city bureaus for their area. The
 * 教师科 holds the 'write' permission for teacher data only, and the 审计 role writes nothing.
 * The out-of-school list (registry children on no roll) is the township's and the county's to act
 * on: a school's staff see their area's list masked (劝返 in the school's catchment, beside the
 * township), but neither unmask it nor open a case for it — the children are not the school's
 * pupils, and their person file is refused to the school likewise (persons.queries personInScope).
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

/**
 * Throws 403 with the Chinese reason unless the actor may have the out-of-school list's full ID
 * numbers: a role allowed to unmask (personal.unmask), and not a school's staff.
 */
export function assertCanUnmaskOutOfSchool(actor: Actor): void {
  if (!can(actor.role, 'personal.unmask')) throw forbidden('您没有查看完整证件号码的权限');
  if (actor.schoolCode)
    throw forbidden(
      '失学儿童名单中的儿童不在本校在读，学校账号只能查看和导出脱敏名单；需要完整证件号码时，请由县（市、区）教育局导出',
    );
}

/** Responsibility letters are issued by the city or a county bureau, not by schools or townships. */
export function assertCanIssueLetters(actor: Actor): void {
  assertCanWriteDropout(actor);
  if (actor.schoolCode || actor.scopeCode.length > 6)
    throw forbidden('责任书由市、县（市、区）教育局下发，学校和乡镇只能签订和上传');
}
