/**
 * Export to 福建省扶贫(惠民)资金在线监管系统 (工作要点 6): one row per payment, a configurable column
 * layout, and flags for identity errors, late payment, wrong amount and duplicate payment.
 */
import { isValidId } from '../identity/id-number.ts';
import { addDays } from './calendar.ts';
import type { AidPolicyConfig } from './policy.ts';
import type { Term } from './terms.ts';

/**
 * Every column the export can carry, by its header. 主管部门, 区县 and 乡镇 say where the money was
 * paid: the bureau of the county that paid it and that county's township of the paying school —
 * the unit a payment belongs to (coverageUnits), never the pupil's 户籍 or registry township, which
 * may lie in another county (a pupil from 永安 at a 明溪 school). `paymentPlace` keeps them a pair.
 */
export const SUPERVISION_COLUMNS = [
  '项目',
  '主管部门',
  '区县',
  '乡镇',
  '姓名',
  '身份证号',
  '金额',
  '发放日期',
  '人次',
  '学校',
  '学段',
  '学期',
  '学籍号',
  '标记',
] as const;
export type SupervisionColumn = (typeof SUPERVISION_COLUMNS)[number];

/** The columns asked for, in order; unknown names are reported, an empty request means the policy's layout. */
export function resolveColumns(
  requested: readonly string[] | undefined,
  cfg: Pick<AidPolicyConfig, 'supervisionExport'>,
): { ok: true; columns: SupervisionColumn[] } | { ok: false; reason: string } {
  const cols = requested?.length ? requested : cfg.supervisionExport.columns;
  const unknown = cols.filter((c) => !(SUPERVISION_COLUMNS as readonly string[]).includes(c));
  if (unknown.length)
    return {
      ok: false,
      reason: `未知的导出列：${unknown.join('、')}（可选：${SUPERVISION_COLUMNS.join('、')}）`,
    };
  return { ok: true, columns: cols as SupervisionColumn[] };
}

/** The last day a term's aid may be paid (term start + configured days). */
export function paymentDeadline(cfg: AidPolicyConfig, term: Term): string {
  const t = cfg.terms[term.half];
  return addDays(`${term.year}-${t.startsOn}`, t.paymentDeadlineDays);
}

/** Flags of one payment row, in Chinese. */
export function supervisionFlags(p: {
  idNumber: string | null;
  paidAt: string | null;
  deadline: string;
  amountFen: number;
  entitledFen: number | null;
  duplicate: boolean;
}): string[] {
  const out: string[] = [];
  if (!p.idNumber || !isValidId(p.idNumber)) out.push('身份证号错误');
  if (p.paidAt && p.paidAt > p.deadline) out.push(`逾期发放（期限 ${p.deadline}）`);
  if (p.entitledFen === null) out.push('不在应享名单');
  else if (p.entitledFen !== p.amountFen) out.push('金额不符');
  if (p.duplicate) out.push('重复发放');
  return out;
}

/**
 * The calendar days a term covers, for payments that are not made per term (应急救助): from its
 * start to the day before the next term starts, so the terms of successive years tile the calendar.
 */
export function termPeriod(cfg: Pick<AidPolicyConfig, 'terms'>, term: Term): { from: string; to: string } {
  const next =
    term.half === 'spring'
      ? `${term.year}-${cfg.terms.autumn.startsOn}`
      : `${term.year + 1}-${cfg.terms.spring.startsOn}`;
  return { from: `${term.year}-${cfg.terms[term.half].startsOn}`, to: addDays(next, -1) };
}

/** The export's 项目 for 应急救助 payments (one fund, not a per-term programme). */
export const RELIEF_PROGRAMME = { code: 'emergency_relief', name: '应急救助' } as const;

/**
 * Flags of one 应急救助 payment: only the identity check applies (there is no entitlement line or
 * term deadline; the amount was approved by the chain of its level).
 */
export function reliefSupervisionFlags(idNumber: string | null): string[] {
  return !idNumber || !isValidId(idNumber) ? ['身份证号错误'] : [];
}

/** The 主管部门 text from the template (`{county}教育局`). */
export function departmentName(template: string, countyName: string): string {
  return template.replaceAll('{county}', countyName);
}

/** A division as the export names it. */
export interface NamedDivision {
  code: string;
  name: string;
}

/**
 * The 区县 and 乡镇 of one export row, both from the paying school: a township is written only when
 * its code lies inside the county's (division codes nest by prefix), so a row never pairs a county
 * with another county's township; an unknown or foreign township is left empty.
 */
export function paymentPlace(
  county: NamedDivision | null,
  township: NamedDivision | null,
): { county: string; township: string } {
  if (!county) return { county: '', township: '' };
  if (!township?.code.startsWith(county.code) || township.code === county.code)
    return { county: county.name, township: '' };
  return { county: county.name, township: township.name };
}
