/**
 * Working-day arithmetic for the 公示 period (POLICY.md recognition: 结果公示, default 5 working
 * days). Weekends are rest days, public holidays are configured per policy year, and so are the
 * weekend days that are worked instead (调休). Dates are `YYYY-MM-DD`; the domain has no clock.
 */

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE_RE.exec(s);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === s;
}

/** `date` plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface WorkCalendar {
  /** Public holidays (rest days even on weekdays). */
  holidays: readonly string[];
  /** Weekend days that are working days (调休上班). */
  extraWorkdays: readonly string[];
}

/** True when `date` is a working day under the calendar. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.extraWorkdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/**
 * The last day of a period of `workingDays` working days beginning on `start` (counted when it is
 * itself a working day): a 5-working-day notice posted on Monday 2020-09-07 ends Friday 09-11.
 */
export function noticeEndDate(start: string, workingDays: number, cal: WorkCalendar): string {
  let d = start;
  let left = workingDays;
  for (let guard = 0; guard < 400; guard++) {
    if (isWorkingDay(d, cal)) {
      left -= 1;
      if (left <= 0) return d;
    }
    d = addDays(d, 1);
  }
  return d;
}
