/**
 * 工作要点 5 台账 deadlines: each open status has a time limit (configurable); a case past it is
 * overdue and shows on the dashboard until it moves on.
 */
import type { CaseStatus } from './case-status.ts';
import { addDays, daysBetween } from './dates.ts';
import type { DropoutSettings } from './settings.ts';

/** The deadline of a case that entered `status` on `since` (null: none, e.g. 送教上门, 结案). */
export function deadlineFor(status: CaseStatus, since: string, settings: DropoutSettings): string | null {
  if (status === 'closed') return null;
  const days = settings.deadlines[status];
  return days == null ? null : addDays(since, days);
}

/** True when an open case's deadline has passed (the deadline day itself is still in time). */
export function isOverdue(status: CaseStatus, deadline: string | null, today: string): boolean {
  return status !== 'closed' && deadline !== null && today > deadline;
}

/** Days past the deadline (0 when in time or without one). */
export function daysOverdue(status: CaseStatus, deadline: string | null, today: string): number {
  return isOverdue(status, deadline, today) ? daysBetween(deadline!, today) : 0;
}
