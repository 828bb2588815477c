/**
 * 工作要点 5: the 台账 records "every 劝返 attempt with date, method, result". An attempt is a fact
 * that happened: on a real calendar day, never in the future, never before the child left, and
 * only while the case is still being persuaded. Schools often enter a case after the first visits,
 * so an attempt between the 辍学日期 and the day the case was entered is recorded (tester v24b F4);
 * only when the 辍学日期 is unknown does the 建档日期 bound it (nothing else says when it began).
 */
import { type CaseStatus, PERSUASION_STATUSES, STATUS_LABELS } from './case-status.ts';
import { caseBegan, checkDay, type Verdict } from './dates.ts';

export interface PersuasionInput {
  date: string;
  persuader: string;
}

/** Judges a persuasion record against the case; a Chinese reason when refused. */
export function checkPersuasion(
  p: PersuasionInput,
  c: { status: CaseStatus; leftAt: string | null; openedAt: string },
  today: string,
): Verdict {
  const real = checkDay('劝返日期', p.date);
  if (!real.ok) return real;
  if (p.date > today) return { ok: false, reason: '劝返日期不能晚于今天（不能登记未来的劝返）' };
  const bounds = checkDay('劝返日期', p.date, { notBefore: [caseBegan(c)] });
  if (!bounds.ok) return bounds;
  if (!p.persuader.trim()) return { ok: false, reason: '请填写劝返人' };
  if (!PERSUASION_STATUSES.includes(c.status))
    return { ok: false, reason: `案件处于“${STATUS_LABELS[c.status]}”状态，不能再登记劝返` };
  return { ok: true };
}

/**
 * A date the case may record as "left school" (辍学日期): a real day, not in the future, not before
 * the child was born, and — once the case exists — not after it was opened (a case is opened for a
 * child who has left).
 */
export function checkLeftDate(
  leftAt: string | null,
  today: string,
  c: {
    birthDate?: string | null;
    openedAt?: string | null;
    /** The case's recorded 劝返 (the earliest) and 复学日期: a child leaves before both (tester v25b F1). */
    firstPersuasion?: string | null;
    returnDate?: string | null;
  } = {},
): Verdict {
  if (leftAt == null) return { ok: true };
  return checkDay('辍学日期', leftAt, {
    today,
    notBefore: [[c.birthDate, '出生日期']],
    notAfter: [
      [c.openedAt, '建档日期'],
      [c.firstPersuasion, '已登记的最早劝返日期'],
      [c.returnDate, '复学日期'],
    ],
  });
}
