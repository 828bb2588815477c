/**
 * What a re-run of 计算应享资助 says about an entitlement it removed, and what the checks of a payment
 * list approved before that run make of it (工作要点 6: the checks look for identity errors, late
 * payment, wrong amount and duplicate payment — not for the roll or the registry moving on after a
 * payment that was right when approved).
 */
import { fenToYuan } from './money.ts';
import { GROUP_LABELS, type PriorityGroup } from './policy.ts';

/** The facts of a removed entitlement's pupil as the run saw them. */
export interface RemovedEntitlementFacts {
  /** Still on the roll (学籍 在读). */
  enrolled: boolean;
  /** Among the pupils the run computed (its scope); false when moved to a school outside it. */
  inRunScope: boolean;
  /** The pupil's school today (for a move out of the run's scope). */
  schoolName: string | null;
  /** The removed line's rule (`项目：依据；标准（政策）`), whose 依据 says what entitled the pupil. */
  formerRule: string;
  /** The pupil's priority groups as the run saw them. */
  groupsNow: readonly string[];
}

/** Why the run removed the entitlement, in Chinese, from the pupil's facts at the run. */
export function entitlementEndReason(f: RemovedEntitlementFacts): string {
  if (!f.enrolled) return '学生已不在学籍名册中（离校）';
  if (!f.inRunScope) return `学生已转至${f.schoolName ?? '其他学校'}，不在本次计算范围内`;
  const basis = /：([^；]+)；/.exec(f.formerRule)?.[1] ?? null;
  const now = f.groupsNow
    .map((g) => GROUP_LABELS[g as PriorityGroup])
    .filter((x): x is string => !!x)
    .join('、');
  return `原应享依据${basis ? `“${basis}”` : ''}已不成立（如建档立卡名单、认定或学籍信息变动）；现有资助条件：${now || '无'}`;
}

/** A later run that removed or changed the entitlement a locked line was approved against. */
export interface ChangeAfterApproval {
  runId: number;
  /** The run's day (YYYY-MM-DD) and its scope's name. */
  runOn: string;
  scopeName: string;
  kind: 'removed' | 'changed';
  newFen: number | null;
  reason: string | null;
}

/** The notice for a paid or approved line whose entitlement a later run removed or changed. */
export function changeAfterApprovalMessage(
  c: ChangeAfterApproval,
  approvedOn: string | null,
  list = '本名单',
): string {
  // The run as 计算记录 lists it (its # column): a run id, not a count of runs since the approval.
  const run = `计算记录 #${c.runId}（${c.runOn}，${c.scopeName}）`;
  const what =
    c.kind === 'removed'
      ? `${run}取消了该应享${c.reason ? `：${c.reason}` : ''}`
      : `${run}将应享金额改为 ${fenToYuan(c.newFen ?? 0)}元`;
  return `${list}${approvedOn ? `于 ${approvedOn} ` : ''}审批时应享，审批后${what}。审批时的发放不算错发，请跟进核实后续学期`;
}

/**
 * The warning before 计算应享资助 for a term that already has approved or paid lists in scope (null
 * when none): recomputing is allowed; it changes the entitlements, never the approved payments.
 */
export function rerunWarning(locked: { lists: number; pupils: number }): string | null {
  if (locked.lists === 0) return null;
  return `本学期已有 ${locked.lists} 份已审批或已发放的发放名单（共 ${locked.pupils} 名学生）。重新计算只更新应享名单，不改变已审批的发放；审批后不再应享或金额变动的学生，将在这些名单的检查中作为“审批后应享变动”提示跟进，不计为错发。`;
}
