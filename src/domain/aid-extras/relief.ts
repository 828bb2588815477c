/**
 * 应急救助 (工作要点 1 "一个应急救助"; 工作要点 2: families hit by COVID-19 or any sudden event):
 * application → 学校审核 → 县级审批 → 市级审批 (only above the city threshold) → 发放, or 不予救助.
 * The thresholds are configuration (setting `emergency_relief`), never code; the defaults below
 * are ours, to be confirmed by the 市资助中心. Maker–checker (DESIGN.md "Access and trust"): whoever
 * applied for or reviewed an application can never approve or pay it.
 */

export const RELIEF_REASONS = ['illness', 'disaster', 'accident', 'covid', 'other'] as const;
export type ReliefReason = (typeof RELIEF_REASONS)[number];
export const RELIEF_REASON_LABELS: Record<ReliefReason, string> = {
  illness: '疾病',
  disaster: '灾害',
  accident: '意外',
  covid: '新冠疫情',
  other: '其他',
};

export const RELIEF_STATUSES = [
  'applied',
  'school_reviewed',
  'county_approved',
  'city_approved',
  'paid',
  'rejected',
] as const;
export type ReliefStatus = (typeof RELIEF_STATUSES)[number];
export const RELIEF_STATUS_LABELS: Record<ReliefStatus, string> = {
  applied: '已申请',
  school_reviewed: '学校已审核',
  county_approved: '县级已审批',
  city_approved: '市级已审批',
  paid: '已发放',
  rejected: '已不予救助',
};

/** A step someone performs on an application. */
export type ReliefStep = 'apply' | 'review' | 'county_approve' | 'city_approve' | 'pay' | 'reject';
export const RELIEF_STEP_LABELS: Record<ReliefStep, string> = {
  apply: '提出申请',
  review: '学校审核',
  county_approve: '县级审批',
  city_approve: '市级审批',
  pay: '发放',
  reject: '不予救助',
};

/** The highest level that must approve an application. */
export type ApprovalLevel = 'county' | 'city';

export interface ReliefThresholds {
  /** Up to and including this amount the county's approval is final (default 2000 元). */
  countyLimitFen: number;
  /** The most one application may ask for (default 20000 元). */
  maxFen: number;
}

/** Defaults (ours): ≤ 2000 元 the county approves; above, the city approves too; at most 20000 元. */
export const DEFAULT_RELIEF_THRESHOLDS: ReliefThresholds = { countyLimitFen: 200_000, maxFen: 2_000_000 };

/** Stored (possibly partial) thresholds over the defaults. */
export function resolveReliefThresholds(stored: unknown): ReliefThresholds {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<ReliefThresholds>;
  return {
    countyLimitFen: Number.isSafeInteger(s.countyLimitFen)
      ? s.countyLimitFen!
      : DEFAULT_RELIEF_THRESHOLDS.countyLimitFen,
    maxFen: Number.isSafeInteger(s.maxFen) ? s.maxFen! : DEFAULT_RELIEF_THRESHOLDS.maxFen,
  };
}

/** Checks thresholds a city administrator entered. */
export function validateReliefThresholds(t: ReliefThresholds): { ok: true } | { ok: false; reason: string } {
  if (!Number.isSafeInteger(t.countyLimitFen) || t.countyLimitFen <= 0)
    return { ok: false, reason: '县级审批限额必须大于 0 元' };
  if (!Number.isSafeInteger(t.maxFen) || t.maxFen <= 0)
    return { ok: false, reason: '单次救助上限必须大于 0 元' };
  if (t.countyLimitFen > t.maxFen) return { ok: false, reason: '县级审批限额不能高于单次救助上限' };
  if (t.maxFen > 100_000_000) return { ok: false, reason: '单次救助上限不能超过 100 万元' };
  return { ok: true };
}

/** Whether an amount may be applied for, and who must approve it. */
export function approvalLevelFor(
  amountFen: number,
  t: ReliefThresholds,
): { ok: true; level: ApprovalLevel } | { ok: false; reason: string } {
  if (!Number.isSafeInteger(amountFen)) return { ok: false, reason: '救助金额应精确到分' };
  if (amountFen <= 0) return { ok: false, reason: '救助金额必须大于 0 元' };
  if (amountFen > t.maxFen)
    return { ok: false, reason: `救助金额超过单次上限 ${t.maxFen / 100} 元，请核实金额` };
  return { ok: true, level: amountFen > t.countyLimitFen ? 'city' : 'county' };
}

/** The step an application waits for, or null when it is finished (paid or rejected). */
export function pendingStep(
  status: ReliefStatus,
  level: ApprovalLevel,
): Exclude<ReliefStep, 'apply' | 'reject'> | null {
  switch (status) {
    case 'applied':
      return 'review';
    case 'school_reviewed':
      return 'county_approve';
    case 'county_approved':
      return level === 'city' ? 'city_approve' : 'pay';
    case 'city_approved':
      return 'pay';
    default:
      return null;
  }
}

/** The status an application reaches when a step is done. */
export const STEP_RESULT: Record<Exclude<ReliefStep, 'apply'>, ReliefStatus> = {
  review: 'school_reviewed',
  county_approve: 'county_approved',
  city_approve: 'city_approved',
  pay: 'paid',
  reject: 'rejected',
};

/** The acting user, as far as the rule needs to know them. */
export interface ReliefActor {
  userId: number;
  /** Where the user works: a school, a county bureau, the city bureau; `none` cannot act. */
  level: 'school' | 'county' | 'city' | 'none';
  /** The school a school-level user acts for. */
  schoolCode: string | null;
}

/** What the rule needs to know about an application. */
export interface ReliefFacts {
  status: ReliefStatus;
  level: ApprovalLevel;
  schoolCode: string | null;
  /** Who performed which step so far (apply included). */
  history: readonly { step: ReliefStep; userId: number }[];
}

/** The level that performs a step: the school reviews its own students (the county when there is no school). */
export function levelOfStep(step: Exclude<ReliefStep, 'apply' | 'reject'>, schoolCode: string | null) {
  if (step === 'review') return schoolCode ? 'school' : 'county';
  if (step === 'county_approve' || step === 'pay') return 'county';
  return 'city';
}

const LEVEL_LABEL = { school: '学校', county: '县（市、区）教育局', city: '市教育局' } as const;

/**
 * May `actor` perform `step` now? Pending step, level and school must fit; and maker–checker:
 * the applicant and the school reviewer never approve, an approver never approves twice, the
 * applicant never records the payment.
 */
export function checkStep(
  facts: ReliefFacts,
  step: Exclude<ReliefStep, 'apply'>,
  actor: ReliefActor,
): { ok: true; to: ReliefStatus } | { ok: false; reason: string } {
  const pending = pendingStep(facts.status, facts.level);
  if (!pending) return { ok: false, reason: `该申请${RELIEF_STATUS_LABELS[facts.status]}，不能再办理` };
  const doing = step === 'reject' ? pending : step;
  if (step !== 'reject' && step !== pending)
    return {
      ok: false,
      reason: `该申请当前待${RELIEF_STEP_LABELS[pending]}，不能${RELIEF_STEP_LABELS[step]}`,
    };
  const need = levelOfStep(doing, facts.schoolCode);
  // A city account may also do the county's payment (the city fund pays the city-approved ones).
  const levelFits = actor.level === need || (doing === 'pay' && actor.level === 'city');
  if (!levelFits) return { ok: false, reason: `${RELIEF_STEP_LABELS[doing]}须由${LEVEL_LABEL[need]}办理` };
  if (need === 'school' && actor.schoolCode !== facts.schoolCode)
    return { ok: false, reason: '只能审核本校学生的申请' };
  const applicant = facts.history.find((h) => h.step === 'apply')?.userId;
  const reviewer = facts.history.find((h) => h.step === 'review')?.userId;
  if (doing === 'county_approve' || doing === 'city_approve') {
    if (actor.userId === applicant) return { ok: false, reason: '申请人不能审批自己提出的救助申请' };
    if (actor.userId === reviewer) return { ok: false, reason: '学校审核人不能再审批同一申请' };
    if (facts.history.some((h) => h.userId === actor.userId && h.step.endsWith('_approve')))
      return { ok: false, reason: '同一人不能重复审批同一申请' };
  }
  if (doing === 'pay' && actor.userId === applicant)
    return { ok: false, reason: '申请人不能办理自己提出的救助申请的发放' };
  if (doing === 'review' && actor.userId === applicant && step === 'reject')
    return { ok: false, reason: '申请人不能驳回自己的申请，如需撤回请联系学校资助专干' };
  return { ok: true, to: STEP_RESULT[step] };
}

/**
 * The status a new application starts in: an applicant who is entitled to the school review
 * (the school's own aid officer, or a county user for a child without a school) files it as
 * reviewed — the filing is the review; the county then checks it.
 */
export function initialStatus(schoolCode: string | null, applicant: ReliefActor, mayReview: boolean) {
  const need = levelOfStep('review', schoolCode);
  const reviews =
    mayReview && applicant.level === need && (need !== 'school' || applicant.schoolCode === schoolCode);
  return reviews ? ('school_reviewed' as const) : ('applied' as const);
}
