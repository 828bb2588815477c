/**
 * 工作要点 5 流转学生 monitoring: "a student who left a school and is not enrolled elsewhere after
 * N days (default 15) is flagged".
 */
import { addDays } from './dates.ts';

export interface LeftStudent {
  /** The day the student left the school's roll. */
  leftAt: string | null;
  /** True when the same person is enrolled at any school in the city now. */
  reEnrolled: boolean;
}

/** Flagged when left date + N days < as-of and the student is not enrolled anywhere. */
export function isLostTransfer(s: LeftStudent, asOf: string, days: number): boolean {
  if (s.reEnrolled || !s.leftAt) return false;
  return addDays(s.leftAt, days) < asOf;
}

/** The latest leaving date flagged on `asOf`, for SQL: `left_at <= cutoff` ⇔ `isLostTransfer`. */
export function transferCutoff(asOf: string, days: number): string {
  // left + days < asOf  ⇔  left < asOf − days  ⇔  left ≤ asOf − days − 1
  return addDays(asOf, -days - 1);
}

/**
 * A junior-stage student in the last compulsory grade (九年级 / 初三) who leaves the roll has
 * most likely graduated: nine years done is not dropping out, so transfer monitoring skips them.
 */
export function isFinalCompulsoryGrade(stage: string, grade: string | null): boolean {
  if (stage !== 'junior' || !grade) return false;
  return /^(9|九|初三|九年级|初中三年级)/.test(grade.replace(/\s/g, ''));
}
