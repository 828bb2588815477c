/**
 * 家庭经济困难学生认定 (教财〔2018〕16号; POLICY.md "Recognition"): 个人申请 → 学校认定 (班级/学校
 * 评议) → 结果公示 (with objections) → 县级确认 → 建档备案; reviewed each semester (动态调整) and
 * open to mid-year additions (COVID-19, sudden hardship — 工作要点 2 动态跟踪).
 */
import type { PriorityGroup } from './policy.ts';

export const RECOGNITION_STATUSES = [
  'applied',
  'school_reviewed',
  'in_notice',
  'confirmed',
  'archived',
  'rejected',
  'revoked',
] as const;
export type RecognitionStatus = (typeof RECOGNITION_STATUSES)[number];
export const RECOGNITION_STATUS_LABELS: Record<RecognitionStatus, string> = {
  applied: '已申请',
  school_reviewed: '学校已评议',
  in_notice: '公示中',
  confirmed: '县级已确认',
  archived: '已建档备案',
  rejected: '未通过',
  revoked: '已取消认定',
};

export type RecognitionAction = 'school_review' | 'reject' | 'publish' | 'confirm' | 'archive' | 'revoke';

const MOVES: Record<RecognitionAction, { from: RecognitionStatus[]; to: RecognitionStatus }> = {
  school_review: { from: ['applied', 'school_reviewed'], to: 'school_reviewed' },
  reject: { from: ['applied', 'school_reviewed', 'in_notice'], to: 'rejected' },
  publish: { from: ['school_reviewed'], to: 'in_notice' },
  confirm: { from: ['in_notice'], to: 'confirmed' },
  archive: { from: ['confirmed'], to: 'archived' },
  revoke: { from: ['confirmed', 'archived'], to: 'revoked' },
};
const ACTION_LABELS: Record<RecognitionAction, string> = {
  school_review: '学校评议',
  reject: '不予认定',
  publish: '公示',
  confirm: '县级确认',
  archive: '建档备案',
  revoke: '取消认定',
};

/** The status an action leads to, or why it is not allowed now. */
export function recognitionMove(
  from: RecognitionStatus,
  action: RecognitionAction,
): { ok: true; to: RecognitionStatus } | { ok: false; reason: string } {
  const m = MOVES[action];
  if (!m.from.includes(from))
    return {
      ok: false,
      reason: `认定状态为“${RECOGNITION_STATUS_LABELS[from]}”，不能${ACTION_LABELS[action]}`,
    };
  return { ok: true, to: m.to };
}

/** Recognitions that count for entitlements. */
export const RECOGNISED: RecognitionStatus[] = ['confirmed', 'archived'];

/**
 * County confirmation needs the notice period over and every objection resolved
 * (公示无异议或异议已处理).
 */
export function canConfirm(
  noticeEndsOn: string | null,
  today: string,
  openObjections: number,
): { ok: true } | { ok: false; reason: string } {
  if (!noticeEndsOn) return { ok: false, reason: '该认定尚未公示，不能确认' };
  if (today <= noticeEndsOn)
    return { ok: false, reason: `公示期至 ${noticeEndsOn} 结束，公示期满后才能确认` };
  if (openObjections > 0)
    return { ok: false, reason: `还有 ${openObjections} 条异议未处理，处理完毕后才能确认` };
  return { ok: true };
}

/**
 * A notice starts on the day it is posted or later, never earlier: a backdated notice would have
 * run (part of) its working days before anyone could see it, and the county could confirm the
 * recognitions at once (公示期 bypassed).
 */
export function canStartNotice(
  startsOn: string,
  today: string,
): { ok: true } | { ok: false; reason: string } {
  if (startsOn < today)
    return {
      ok: false,
      reason: `公示开始日期 ${startsOn} 早于今天（${today}）：公示不能倒签，开始日期须为今天或以后`,
    };
  return { ok: true };
}

/**
 * An objection must be received within the notice period (公示期内提出), and not on a day still to
 * come (`today`: the bureau's day).
 */
export function canObject(
  receivedOn: string,
  notice: { startsOn: string; endsOn: string },
  today?: string,
): { ok: true } | { ok: false; reason: string } {
  if (today !== undefined && receivedOn > today)
    return { ok: false, reason: `异议收到日期 ${receivedOn} 晚于今天（${today}），不能登记将来的日期` };
  if (receivedOn > notice.endsOn)
    return {
      ok: false,
      reason: `公示期已于 ${notice.endsOn} 结束，不能再提出异议（收到日期 ${receivedOn}）`,
    };
  if (receivedOn < notice.startsOn)
    return { ok: false, reason: `公示自 ${notice.startsOn} 开始，收到日期不能早于公示开始日` };
  return { ok: true };
}

/**
 * Priority groups pre-filled from the registry comparison and the assistance lists (工作要点 2
 * 信息识别比对); the school may add groups it has evidence for (孤儿, 烈士子女 …), never silently drop
 * the registry's.
 */
export function prefillGroups(f: {
  registeredPoor: boolean;
  lists: readonly string[];
  disabled: boolean;
}): PriorityGroup[] {
  const out: PriorityGroup[] = [];
  if (f.registeredPoor) out.push('registered_poor');
  if (f.lists.includes('minimum_living')) out.push('minimum_living');
  if (f.lists.includes('extreme_poverty')) out.push('extreme_poverty');
  if (f.disabled || f.lists.includes('disability')) out.push('disability');
  if (f.lists.includes('hardship')) out.push('covid_affected');
  return out;
}
