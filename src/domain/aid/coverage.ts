/**
 * 五个阶段全覆盖 (工作要点 1): for each student and programme, how what was paid compares with what
 * the policy entitles. The coverage queries classify the same way in SQL (coverage.queries.ts).
 */

import { type ChangeAfterApproval, changeAfterApprovalMessage } from './entitlement-change.ts';
import { fenToYuan } from './money.ts';
import { type AidPolicyConfig, STAGE_LABELS } from './policy.ts';
import { evaluateProgramme, type StudentFacts } from './rules.ts';
import type { Term } from './terms.ts';

export type CoverageStatus = 'paid' | 'partial' | 'unpaid' | 'overpaid' | 'not_entitled';
export const COVERAGE_LABELS: Record<CoverageStatus, string> = {
  paid: '已足额发放',
  partial: '部分发放',
  unpaid: '应享未发',
  overpaid: '超额发放',
  not_entitled: '已发但不应享',
};

/** Classifies one student × programme by entitled and paid fen. */
export function classifyCoverage(entitledFen: number, paidFen: number): CoverageStatus {
  if (entitledFen <= 0) return 'not_entitled';
  if (paidFen <= 0) return 'unpaid';
  if (paidFen < entitledFen) return 'partial';
  if (paidFen > entitledFen) return 'overpaid';
  return 'paid';
}

/**
 * The note of a coverage row whose payment was right when its list was approved but whose
 * entitlement a later run ended or changed (`change`, the first such run after `approvedOn`): the
 * row keeps its status by today's entitlement (已发但不应享, 超额发放, 部分发放 — the figures add
 * up), and the note says, as the list's checks do (审批后应享变动), that the payment is not a wrong
 * one. Null for other rows.
 */
export function coverageNote(
  status: CoverageStatus,
  change: { change: ChangeAfterApproval; approvedOn: string } | null | undefined,
): string | null {
  if (!change || status === 'paid' || status === 'unpaid') return null;
  if (status === 'not_entitled' && change.change.kind !== 'removed') return null;
  return `审批后应享变动：${changeAfterApprovalMessage(change.change, change.approvedOn, '发放名单')}`;
}

/**
 * 困难学生 in the coverage report, as the entitlement run counts them: 建档立卡 only while the
 * registry's 脱贫状态 still carries the policy (`registeredPoorExitStatuses`: 未脱贫,
 * 已脱贫(享受政策); a status not given counts, as in the entitlement run), or recognised for the
 * school year. A 建档立卡 student marked 已脱贫(不享受政策) is no longer entitled as such (POLICY.md
 * registry columns), so is counted apart (已脱贫不享受) and never as 困难无资助.
 */
export function registryStatusEntitles(
  exitStatus: string | null,
  cfg: Pick<AidPolicyConfig, 'registeredPoorExitStatuses'>,
): boolean {
  return exitStatus === null || cfg.registeredPoorExitStatuses.includes(exitStatus);
}

/**
 * Why a student gets nothing this term, in Chinese, one line per programme of the student's stage:
 * the rule that excludes them, or — when the current policy and facts would entitle them — that
 * the term's entitlements must be computed again.
 */
export function noAidReasons(cfg: AidPolicyConfig, term: Term, f: StudentFacts): string[] {
  const programmes = cfg.programmes.filter((p) => p.enabled && (p.stages as string[]).includes(f.stage));
  if (programmes.length === 0) return [`${STAGE_LABELS[f.stage] ?? f.stage}没有启用的资助项目`];
  const out: string[] = [];
  for (const p of programmes) {
    const r = evaluateProgramme(cfg, term, p, f, '');
    out.push(
      r.ok
        ? `按现行政策应享${p.name} ${fenToYuan(r.amountFen)}元，但本学期应享名单中没有：请重新计算应享资助`
        : r.reason,
    );
  }
  return [...new Set(out)];
}

/** One school's share of a term's student × programme in the coverage report (`coverageUnits`). */
export interface CoverageUnit {
  schoolCode: string;
  entitledFen: number;
  paidFen: number;
}

/**
 * THE attribution rule of 学生资助 coverage (summary, drill-down, coverage export and the 资金监管
 * export alike): a payment belongs to the unit that paid it — the payment list's school and its
 * county — never to wherever the pupil is now (a transfer, a pupil leaving or a registry removal
 * after the payment moves no money between units). What the pupil is owed for the term goes with
 * the payment: to the paying school (its own school first when it paid, else the first payer by
 * line), and while nothing is paid, to the school the entitlement was computed at. So one
 * student × programme is one unit's row, or one row per paying school when several paid (a
 * duplicate payment across schools stays each payer's). Amounts in fen; payers in line order.
 */
export function coverageUnits(
  entitled: { schoolCode: string; fen: number } | null,
  paid: readonly { schoolCode: string; fen: number }[],
): CoverageUnit[] {
  const out = new Map<string, CoverageUnit>();
  for (const p of paid) {
    const u = out.get(p.schoolCode) ?? { schoolCode: p.schoolCode, entitledFen: 0, paidFen: 0 };
    u.paidFen += p.fen;
    out.set(p.schoolCode, u);
  }
  if (entitled) {
    const holder = out.has(entitled.schoolCode)
      ? entitled.schoolCode
      : (paid[0]?.schoolCode ?? entitled.schoolCode);
    const u = out.get(holder) ?? { schoolCode: holder, entitledFen: 0, paidFen: 0 };
    u.entitledFen += entitled.fen;
    out.set(holder, u);
  }
  return [...out.values()];
}
