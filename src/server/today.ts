/**
 * The calendar day the bureau works in: today in China (UTC+8, no daylight saving), `YYYY-MM-DD`.
 * Dates on the ledger (cases, letters, payments, imports' as-of day) are local days, so a day
 * starts at 00:00 in Sanming, not at 00:00 UTC.
 *
 * `JIAOFU_TODAY=YYYY-MM-DD` pins the day: a test run pins it once at its start, so that a run
 * crossing midnight in China does not see two different days; a training copy of the app can be
 * pinned to a day of the school year.
 */

/** The pinned day, when `JIAOFU_TODAY` holds one (an invalid value is refused, never ignored). */
function pinnedDay(): string | null {
  const v = process.env.JIAOFU_TODAY;
  if (v === undefined || v === '') return null;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
  if (!ok) throw new Error(`环境变量 JIAOFU_TODAY 应为 YYYY-MM-DD 格式的日期，实为“${v}”`);
  return v;
}

/** Today in China as `YYYY-MM-DD` (`JIAOFU_TODAY` when set and no `now` is given). */
export function todayInChina(now?: Date): string {
  if (now === undefined) {
    const pinned = pinnedDay();
    if (pinned !== null) return pinned;
  }
  return new Date((now ?? new Date()).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
