/**
 * The configurable figures of 控辍保学 (POLICY.md: every threshold and deadline lives in
 * configuration, never in code). Stored in `setting` key `dropout`; missing keys fall back to
 * these defaults, so an administrator may override only what the county decided.
 */
import { type AgeRange, DEFAULT_COMPULSORY_AGES, isValidCutoff } from './age.ts';
import type { CaseStatus } from './case-status.ts';

export interface DropoutSettings {
  /**
   * Days a case may stay in each open status before it is overdue (null: no deadline). Counted
   * from the day the case entered the status.
   */
  deadlines: Record<Exclude<CaseStatus, 'closed'>, number | null>;
  /** 流转学生: flag a student not enrolled anywhere this many days after leaving (default 15). */
  transferDays: number;
  /** 送教上门: planned visits per month (default 4, about one a week). */
  homeTeachingVisitsPerMonth: number;
  /** Compulsory schooling ages, inclusive (default 6–15), counted on the entry cut-off (default 31 August). */
  compulsoryAge: AgeRange;
}

/**
 * Defaults: 15 days for lost transfers is the policy's (工作要点 5); the deadlines and visit count
 * are our defaults, to be confirmed by the bureau.
 */
export const DEFAULT_DROPOUT_SETTINGS: DropoutSettings = {
  deadlines: {
    suspected: 7,
    persuading: 30,
    reported: 30,
    returned: 30,
    home_teaching: null,
    special_education: 30,
  },
  transferDays: 15,
  homeTeachingVisitsPerMonth: 4,
  compulsoryAge: DEFAULT_COMPULSORY_AGES,
};

/** Stored (possibly partial or old) settings merged over the defaults. */
export function resolveSettings(stored: unknown): DropoutSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<DropoutSettings>;
  return {
    deadlines: { ...DEFAULT_DROPOUT_SETTINGS.deadlines, ...(s.deadlines ?? {}) },
    transferDays: s.transferDays ?? DEFAULT_DROPOUT_SETTINGS.transferDays,
    homeTeachingVisitsPerMonth:
      s.homeTeachingVisitsPerMonth ?? DEFAULT_DROPOUT_SETTINGS.homeTeachingVisitsPerMonth,
    compulsoryAge: { ...DEFAULT_DROPOUT_SETTINGS.compulsoryAge, ...(s.compulsoryAge ?? {}) },
  };
}

/** Checks settings an administrator entered; a Chinese reason when they make no sense. */
export function validateSettings(s: DropoutSettings): { ok: true } | { ok: false; reason: string } {
  if (s.compulsoryAge.min < 0 || s.compulsoryAge.max < s.compulsoryAge.min)
    return { ok: false, reason: '义务教育年龄范围无效：最小年龄不能大于最大年龄' };
  if (s.compulsoryAge.cutoff !== undefined && !isValidCutoff(s.compulsoryAge.cutoff))
    return {
      ok: false,
      reason: `入学年龄截止日“${s.compulsoryAge.cutoff.slice(0, 10)}”无效，应为每年都有的月-日（如 08-31）`,
    };
  if (s.transferDays < 1) return { ok: false, reason: '流转学生监测天数至少为 1 天' };
  if (s.homeTeachingVisitsPerMonth < 1) return { ok: false, reason: '送教上门每月次数至少为 1 次' };
  for (const [k, v] of Object.entries(s.deadlines))
    if (v !== null && v < 1) return { ok: false, reason: `办理时限至少为 1 天（${k}）` };
  return { ok: true };
}
