/**
 * 红烛暖心 (工作要点 2): every poor left-behind child (留守儿童) is paired with a caring teacher who
 * records visits; 立德树人 (工作要点 4): for aided students, care beyond money — mentoring,
 * psychological support, study and job help — is recorded on the person file.
 */

import { maskPhoneNumber } from '../identity/personal-mask.ts';

export const CARE_PROGRAMMES = ['red_candle', 'mentoring'] as const;
export type CareProgramme = (typeof CARE_PROGRAMMES)[number];
export const CARE_PROGRAMME_LABELS: Record<CareProgramme, string> = {
  red_candle: '红烛暖心',
  mentoring: '立德树人关爱',
};

export const VISIT_KINDS = ['home_visit', 'talk', 'tutoring', 'psychological', 'career', 'other'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  home_visit: '家访',
  talk: '谈心',
  tutoring: '学业辅导',
  psychological: '心理支持',
  career: '就业指导',
  other: '其他',
};

/** What the rule needs to know about a child. */
export interface CareFacts {
  enrolled: boolean;
  leftBehind: boolean;
  /** 建档立卡: the comparison confirmed the student in the registry. */
  registeredPoor: boolean;
  /** 家庭经济困难学生认定: recognised by the school this year. */
  recognised: boolean;
}

/** 红烛暖心 eligibility: an enrolled left-behind child who is registered poor or recognised. */
export function redCandleEligibility(f: CareFacts): { ok: true } | { ok: false; reason: string } {
  if (!f.enrolled) return { ok: false, reason: '该学生已不在校，不能结对' };
  if (!f.leftBehind) return { ok: false, reason: '红烛暖心只面向留守儿童：该学生未标记为留守儿童' };
  if (!f.registeredPoor && !f.recognised)
    return { ok: false, reason: '红烛暖心只面向建档立卡或认定为家庭经济困难的留守儿童' };
  return { ok: true };
}

/** A pairing's dates: start not in the future, end (if any) not before start nor in the future. */
export function checkPairingDates(start: string, end: string | null, today: string) {
  if (start > today) return { ok: false as const, reason: '结对开始日期不能晚于今天' };
  if (end !== null && end < start) return { ok: false as const, reason: '结对结束日期不能早于开始日期' };
  if (end !== null && end > today) return { ok: false as const, reason: '结对结束日期不能晚于今天' };
  return { ok: true as const };
}

/** A visit lies within the pairing (start … end or today) and not in the future. */
export function checkVisitDate(date: string, pairing: { start: string; end: string | null }, today: string) {
  if (date > today) return { ok: false as const, reason: '走访日期不能晚于今天' };
  if (date < pairing.start) return { ok: false as const, reason: '走访日期不能早于结对开始日期' };
  if (pairing.end !== null && date > pairing.end)
    return { ok: false as const, reason: '结对已于该日期前结束，不能登记之后的走访' };
  return { ok: true as const };
}

/** A mainland mobile or landline, as typed: digits, spaces, dashes; 7–20 characters. */
export function normalisePhone(text: string): string | null {
  const t = text.replace(/[\s-]/g, '');
  return /^\+?\d{7,20}$/.test(t) ? t : null;
}

/** Masks a phone number in lists: 13812345678 → 138****5678 (DESIGN.md: phones masked by default). */
export function maskPhone(phone: string | null | undefined): string {
  return phone ? maskPhoneNumber(phone) : '';
}
