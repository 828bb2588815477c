/**
 * 工作要点 5 送教上门: disabled children who cannot attend are taught at home on a schedule, with a
 * visit log, and stay registered in 学籍. The plan sets visits per month (default from settings).
 */
import { monthBounds } from './dates.ts';

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

/** A visit is a fact: not in the future and not before the placement started. */
export function checkVisit(
  date: string,
  startDate: string,
  today: string,
): { ok: true } | { ok: false; reason: string } {
  if (date > today) return { ok: false, reason: '送教日期不能晚于今天' };
  if (date < startDate) return { ok: false, reason: '送教日期不能早于送教开始日期' };
  return { ok: true };
}
