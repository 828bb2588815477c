/**
 * Who may do what in the 学生资助 extras (工作要点 1, 2, 4). Scope (which records) is enforced by
 * the queries; this file answers "may this role act at all", and maps a role to the level of the
 * 应急救助 approval chain (school → county → city).
 */
import type { ReliefActor } from '../../domain/aid-extras/index.ts';
import { forbidden } from '../../server/errors.ts';
import type { Role } from '../../server/roles.ts';
import type { Actor } from '../../server/scope.ts';

const SCHOOL: Role[] = ['school_aid_officer', 'head_teacher'];
const COUNTY: Role[] = ['county_admin', 'county_aid_centre'];
const CITY: Role[] = ['city_admin', 'city_aid_centre'];

/** The actor as the relief chain sees them: only the school's aid officer reviews for the school. */
export function reliefActor(actor: Actor): ReliefActor {
  const level =
    actor.role === 'school_aid_officer'
      ? 'school'
      : COUNTY.includes(actor.role)
        ? 'county'
        : CITY.includes(actor.role)
          ? 'city'
          : 'none';
  return { userId: actor.id, level, schoolCode: actor.schoolCode };
}

/** School staff (a head teacher on the family's behalf), county and city aid staff file relief. */
export function assertCanApplyRelief(actor: Actor): void {
  if (![...SCHOOL, ...COUNTY, ...CITY].includes(actor.role))
    throw forbidden('您的角色不能提出应急救助申请（只读）');
}

/** The school's aid officer, county and city aid staff keep the school aid fund's books. */
export function assertCanWriteFund(actor: Actor): void {
  if (!['school_aid_officer', ...COUNTY, ...CITY].includes(actor.role))
    throw forbidden('您的角色不能登记学校资助基金（只读）');
}

/** True when the actor may pair children with teachers and log visits. */
export function canWriteCare(actor: Actor): boolean {
  return [...SCHOOL, ...COUNTY, ...CITY].includes(actor.role);
}

/** Throws 403 unless the actor may write care records. */
export function assertCanWriteCare(actor: Actor): void {
  if (!canWriteCare(actor)) throw forbidden('您的角色不能登记红烛暖心结对或走访（只读）');
}

/** Thresholds and ratios are city-wide configuration: only the city bureau's aid staff edit them. */
export function assertCanEditAidSettings(actor: Actor): void {
  if (!CITY.includes(actor.role)) throw forbidden('只有市教育局（市级管理员、市资助中心）可以修改资助参数');
}

/** Whether the actor may edit the settings (for the page to show the form read-only). */
export function canEditAidSettings(actor: Actor): boolean {
  return CITY.includes(actor.role);
}
