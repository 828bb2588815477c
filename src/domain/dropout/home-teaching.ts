/**
 * 工作要点 5 送教上门: disabled children who cannot attend are taught at home on a schedule, with a
 * visit log, and stay registered in 学籍. The plan sets visits per month (default from settings).
 */
import { checkDay, monthBounds, type Verdict } from './dates.ts';

export interface VisitProgress {
  month: string;
  planned: number;
  done: number;
  shortfall: number;
}

/** Visits done in `month` (`YYYY-MM`) against the plan. */
export function visitProgress(visitDates: readonly string[], perMonth: number, month: string): VisitProgress {
  const { from, to } = monthBounds(month);
  const done = visitDates.filter((d) => d >= from && d < to).length;
  return { month, planned: perMonth, done, shortfall: Math.max(perMonth - done, 0) };
}

/** A visit is a fact: on a real day, not in the future and not before the placement started. */
export function checkVisit(date: string, startDate: string, today: string): Verdict {
  return checkDay('送教日期', date, { today, notBefore: [[startDate, '送教开始日期']] });
}

/**
 * A placement decision (安置决定) is taken on a real day, not in the future and not before the case
 * was opened; teaching starts on or after the decision (a plan may start on a later day).
 */
export function checkPlacement(
  p: { decisionDate: string; startDate: string },
  c: { openedAt: string },
  today: string,
): Verdict {
  const decided = checkDay('安置决定日期', p.decisionDate, {
    today,
    notBefore: [[c.openedAt, '建档日期']],
  });
  if (!decided.ok) return decided;
  return checkDay('送教开始日期', p.startDate, { notBefore: [[p.decisionDate, '安置决定日期']] });
}
