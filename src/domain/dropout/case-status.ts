/**
 * 工作要点 5 statuses of a 控辍保学 case (台账, 一人一案):
 *   疑似辍学 → 劝返中 → 已复学 / 送教上门 / 转特殊教育 / 报告政府 → 结案.
 * A case moves only along these arrows; each arrow may require facts (a return date, a failed
 * persuasion, …). Outcomes are plain results, never exceptions, so the service can show the
 * Chinese reason to the user as it comes.
 */
import { caseBegan, checkDay, type Verdict } from './dates.ts';

/** Case statuses in the order of the policy text. */
export const CASE_STATUSES = [
  'suspected',
  'persuading',
  'returned',
  'home_teaching',
  'special_education',
  'reported',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The bureau's words for each status. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  suspected: '疑似辍学',
  persuading: '劝返中',
  returned: '已复学',
  home_teaching: '送教上门',
  special_education: '转特殊教育',
  reported: '报告政府',
  closed: '结案',
};

/** Outcomes of 劝返: the four ways out of 劝返中. */
const OUTCOMES: CaseStatus[] = ['returned', 'home_teaching', 'special_education', 'reported'];

/**
 * Allowed transitions. From 报告政府 the government-led persuasion may still bring the child back
 * (已复学), place them (送教上门 / 转特殊教育), or the case closes; everything else follows the arrows.
 */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  suspected: ['persuading'],
  persuading: OUTCOMES,
  returned: ['closed'],
  home_teaching: ['closed'],
  special_education: ['closed'],
  reported: ['returned', 'home_teaching', 'special_education', 'closed'],
  closed: [],
};

/** What the rules need to know about a case to judge a status change. */
export interface CaseFacts {
  status: CaseStatus;
  /** The day the case was opened (建档日期). */
  openedAt: string;
  /** The day the case entered its current status. */
  statusSince: string;
  /** The date the child left school (or was found out of school), if known. */
  leftAt: string | null;
  /** Key groups, e.g. `disabled` (残疾) decides whether 送教上门 is possible. */
  keyGroups: readonly string[];
  /** Persuasion attempts recorded so far, with their results. */
  persuasionResults: readonly string[];
  /** True when a 送教上门 placement decision (teacher, schedule) has been recorded. */
  hasHomeTeachingPlan: boolean;
  /** Written reports (书面报告) generated for this case. */
  writtenReports: number;
}

/** The change a user asks for. */
export interface StatusChange {
  to: CaseStatus;
  /** The day of the change (defaults to today in the service). */
  date: string;
  /** 已复学: the day the child was back in class. */
  returnDate?: string | null;
  /** 已复学: the school the child returned to (学校标识码; the service checks it is in scope). */
  returnSchoolCode?: string | null;
  /** 结案: what was done and measured; required to close. */
  note?: string | null;
}

export type TransitionResult = Verdict;

/** What the change-date field is called on the form. */
const CHANGE_DATE = '状态变更日期';

/** Judges a status change against the arrows and each arrow's requirements (工作要点 5). */
export function checkTransition(c: CaseFacts, change: StatusChange, today: string): TransitionResult {
  const from = c.status;
  const to = change.to;
  if (from === to) return { ok: false, reason: `案件已是“${STATUS_LABELS[to]}”状态` };
  if (from === 'closed') return { ok: false, reason: '案件已结案，不能再变更状态' };
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from].map((s) => `“${STATUS_LABELS[s]}”`).join('、');
    return {
      ok: false,
      reason: `不能从“${STATUS_LABELS[from]}”直接变更为“${STATUS_LABELS[to]}”，当前只能变更为${allowed}`,
    };
  }
  // The history runs forward: a change is dated on a real day, not in the future, not before the
  // current status began (nor before the child left).
  const date = checkDay(CHANGE_DATE, change.date, {
    today,
    notBefore: [
      [c.leftAt, '辍学日期'],
      [c.statusSince, `当前状态“${STATUS_LABELS[from]}”的开始日期`],
    ],
  });
  if (!date.ok) return date;
  switch (to) {
    case 'returned': {
      // 已复学 needs the day the child was back — not in the future, not before leaving (before the
      // case was opened when the 辍学日期 is unknown: caseBegan), not after the change that records
      // it — and the school returned to.
      if (!change.returnDate) return { ok: false, reason: '标记“已复学”须填写复学日期' };
      const back = checkDay('复学日期', change.returnDate, {
        today,
        notBefore: [caseBegan(c)],
        notAfter: [[change.date, CHANGE_DATE]],
      });
      if (!back.ok) return back;
      if (!change.returnSchoolCode?.trim()) return { ok: false, reason: '标记“已复学”须选择复学学校' };
      return { ok: true };
    }
    case 'home_teaching': {
      // 送教上门 is for disabled children who cannot attend (工作要点 5), with a placement decided.
      if (!c.keyGroups.includes('disabled'))
        return { ok: false, reason: '送教上门仅适用于残疾儿童少年，请先在重点群体中标记“残疾”' };
      if (!c.hasHomeTeachingPlan)
        return { ok: false, reason: '请先登记送教上门安置决定（送教教师、送教计划）' };
      return { ok: true };
    }
    case 'reported': {
      // A written report goes to the government "when persuasion fails" (工作要点 5).
      if (!c.persuasionResults.includes('failed'))
        return { ok: false, reason: '报告政府前须至少有一次劝返未成功的记录' };
      if (c.writtenReports === 0) return { ok: false, reason: '报告政府前须先生成书面报告' };
      return { ok: true };
    }
    case 'closed': {
      if (!change.note?.trim()) return { ok: false, reason: '结案须填写结案说明' };
      return { ok: true };
    }
    default:
      return { ok: true };
  }
}

/**
 * A persuasion attempt on a 疑似辍学 case starts the persuasion: the case moves to 劝返中 with it.
 * Other statuses are unchanged.
 */
export function statusAfterPersuasion(status: CaseStatus): CaseStatus {
  return status === 'suspected' ? 'persuading' : status;
}

/** Statuses in which persuasion attempts may be recorded (the child is not yet back or placed). */
export const PERSUASION_STATUSES: readonly CaseStatus[] = ['suspected', 'persuading', 'reported'];

/** True when the case is still open (not 结案). */
export function isOpen(status: CaseStatus): boolean {
  return status !== 'closed';
}

/** A case whose child came back (已复学, or closed after it). */
export function isReturned(status: CaseStatus, returnDate: string | null): boolean {
  return status === 'returned' || (status === 'closed' && returnDate !== null);
}

/**
 * Where a child's return stands, judged on the child's latest case and the roll:
 * - `none`: the latest case records no return (or there is no case);
 * - `confirmed`: a return is recorded and the child is on a roll now (enrolled at any school);
 * - `unconfirmed`: a return is recorded but the child is on no roll — 待学籍核实. The child stays on
 *   the out-of-school (or transfer) list marked so, and does not count in 复学率 until the roll
 *   shows them: a return the roll does not show is a claim, not a fact.
 */
export function returnState(
  latest: { status: CaseStatus; returnDate: string | null } | null,
  enrolled: boolean,
): 'none' | 'confirmed' | 'unconfirmed' {
  if (!latest || !isReturned(latest.status, latest.returnDate)) return 'none';
  return enrolled ? 'confirmed' : 'unconfirmed';
}
