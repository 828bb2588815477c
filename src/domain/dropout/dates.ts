/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), the way the database returns `date` columns.
 * Pure arithmetic on the civil calendar (UTC under the hood, so no time zone or DST can shift
 * a day); "today" is always passed in by the caller — the domain has no clock.
 */

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2020-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** A check's outcome: fine, or refused with the Chinese reason (naming the field at fault). */
export type Verdict = { ok: true } | { ok: false; reason: string };

/** A bound of a date field: the other day (skipped when unknown) and what the form calls it. */
export type DayBound = readonly [day: string | null | undefined, label: string];

/**
 * Checks one date field as typed: a real calendar day written `YYYY-MM-DD` (2020-02-30 is refused,
 * never replaced), not after `today` when given, not before any `notBefore` day and not after any
 * `notAfter` day. The reason names the field (`label`, e.g. 劝返日期) and the bound it breaks.
 */
export function checkDay(
  label: string,
  value: string | null | undefined,
  limits: { today?: string; notBefore?: readonly DayBound[]; notAfter?: readonly DayBound[] } = {},
): Verdict {
  if (value == null || value.trim() === '') return { ok: false, reason: `请填写${label}` };
  if (!isIsoDate(value))
    return {
      ok: false,
      reason: `${label}“${value.slice(0, 20)}”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）`,
    };
  if (limits.today && value > limits.today) return { ok: false, reason: `${label}不能晚于今天` };
  for (const [day, what] of limits.notBefore ?? [])
    if (day && value < day) return { ok: false, reason: `${label}不能早于${what}（${day}）` };
  for (const [day, what] of limits.notAfter ?? [])
    if (day && value > day) return { ok: false, reason: `${label}不能晚于${what}（${day}）` };
  return { ok: true };
}

function parts(s: string): [number, number, number] {
  const m = ISO_DATE_RE.exec(s);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** `date` plus `days` (negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/**
 * `date` moved by `years`, clamped to the month's end: 2020-02-29 − 6 years → 2014-02-28.
 * With `ageOn` below this keeps "born on or before asOf − N years" ⇔ "at least N on asOf".
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = parts(date);
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The first day of the month `YYYY-MM` and the first day of the next one. */
export function monthBounds(month: string): { from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`not a YYYY-MM month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const from = `${m[1]}-${m[2]}-01`;
  const to = new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 10);
  return { from, to };
}

/**
 * The day a case's events (a 劝返, a return) may not precede: the 辍学日期 when known — an attempt or
 * a return may come before the case was entered — else the 建档日期. With the field's name.
 */
export function caseBegan(c: { leftAt: string | null; openedAt: string }): readonly [string, string] {
  return caseBeganField(c) === 'leftAt' ? [c.leftAt!, '辍学日期'] : [c.openedAt, '建档日期'];
}

/** Which of the case's fields `caseBegan` takes (the web form names it in the user's language). */
export function caseBeganField(c: { leftAt: string | null }): 'leftAt' | 'openedAt' {
  return c.leftAt ? 'leftAt' : 'openedAt';
}
