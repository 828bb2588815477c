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

/** One roll record of a child, as `leftEnrolment` reads it. */
export interface RollEnrolment {
  id: number;
  status: string;
  stage: string;
  grade: string | null;
  leftAt: string | null;
}

/**
 * The enrolment a child on no roll dropped out of: their roll record left last (by 离校日期, then the
 * newest record), when it is a compulsory-stage one (小学 / 初中) and not a 九年级 graduation — the
 * record 流转学生 monitoring flags. A case opened for the child carries it (student, school, 离校日期)
 * whichever list it was opened from, so the school sees its case and monitoring marks it. Null when
 * the child is enrolled anywhere, left no record, or last left another stage (a kindergarten, a
 * senior school) or graduated: no school lost them from compulsory education.
 */
export function leftEnrolment<T extends RollEnrolment>(records: readonly T[]): T | null {
  if (records.some((r) => r.status === 'enrolled')) return null;
  let last: T | null = null;
  for (const r of records) {
    if (r.status !== 'left' || !r.leftAt) continue;
    if (!last || r.leftAt > last.leftAt! || (r.leftAt === last.leftAt && r.id > last.id)) last = r;
  }
  if (!last || (last.stage !== 'primary' && last.stage !== 'junior')) return null;
  return isFinalCompulsoryGrade(last.stage, last.grade) ? null : last;
}
