/**
 * 工作要点 5: the 台账 records "every 劝返 attempt with date, method, result". An attempt is a fact
 * that happened: never in the future, never before the child left, and only while the case is
 * still being persuaded.
 */
import { type CaseStatus, PERSUASION_STATUSES, STATUS_LABELS } from './case-status.ts';

export interface PersuasionInput {
  date: string;
  persuader: string;
}

/** Judges a persuasion record against the case; a Chinese reason when refused. */
export function checkPersuasion(
  p: PersuasionInput,
  c: { status: CaseStatus; leftAt: string | null },
  today: string,
): { ok: true } | { ok: false; reason: string } {
  if (p.date > today) return { ok: false, reason: '劝返日期不能晚于今天（不能登记未来的劝返）' };
  if (c.leftAt && p.date < c.leftAt) return { ok: false, reason: '劝返日期不能早于辍学日期' };
  if (!p.persuader.trim()) return { ok: false, reason: '请填写劝返人' };
  if (!PERSUASION_STATUSES.includes(c.status))
    return { ok: false, reason: `案件处于“${STATUS_LABELS[c.status]}”状态，不能再登记劝返` };
  return { ok: true };
}

/** A date the case may record as "left school": not in the future. */
export function checkLeftDate(
  leftAt: string | null,
  today: string,
): { ok: true } | { ok: false; reason: string } {
  if (leftAt && leftAt > today) return { ok: false, reason: '辍学日期不能晚于今天' };
  return { ok: true };
}
