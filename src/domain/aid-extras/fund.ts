/**
 * 学校资助基金 (工作要点 2): 普通高中 set aside 3–5% of their 事业收入, 中职 5% (national rules),
 * and spend the fund on 减免学费 or 临时生活补助 for students who fall into hardship mid-year.
 * Ratios are configuration (setting `school_aid_fund`), in basis points; amounts are integer fen.
 */
import { applyBasisPoints, formatBp } from './money.ts';

export const FUND_KINDS = ['extraction', 'fee_waiver', 'living_subsidy', 'adjustment'] as const;
export type FundKind = (typeof FUND_KINDS)[number];
export const FUND_KIND_LABELS: Record<FundKind, string> = {
  extraction: '提取',
  fee_waiver: '减免学费',
  living_subsidy: '临时生活补助',
  adjustment: '调整',
};
/** The kinds that pay a student out of the fund. */
export const SPENDING_KINDS: readonly FundKind[] = ['fee_waiver', 'living_subsidy'];

export interface RatioRange {
  minBp: number;
  maxBp: number;
  defaultBp: number;
}
export interface FundSettings {
  /** 普通高中: 3–5% of 事业收入, default 4% (national range; the default is ours). */
  senior: RatioRange;
  /** 中职: 5% (national). */
  vocational: RatioRange;
}
export const DEFAULT_FUND_SETTINGS: FundSettings = {
  senior: { minBp: 300, maxBp: 500, defaultBp: 400 },
  vocational: { minBp: 500, maxBp: 500, defaultBp: 500 },
};

/** The largest 事业收入 one school may report for a year (10 亿元): anything above is a typo. */
export const MAX_REVENUE_FEN = 100_000_000_000;
/** The largest single spending or adjustment (100 万元). */
export const MAX_ENTRY_FEN = 100_000_000;

/** Stored (possibly partial) settings over the defaults. */
export function resolveFundSettings(stored: unknown): FundSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Partial<FundSettings>;
  return {
    senior: { ...DEFAULT_FUND_SETTINGS.senior, ...(s.senior ?? {}) },
    vocational: { ...DEFAULT_FUND_SETTINGS.vocational, ...(s.vocational ?? {}) },
  };
}

/** Checks ratios a city administrator entered (0–100%, min ≤ default ≤ max). */
export function validateFundSettings(s: FundSettings): { ok: true } | { ok: false; reason: string } {
  for (const [stage, label] of [
    ['senior', '普通高中'],
    ['vocational', '中职'],
  ] as const) {
    const r = s[stage];
    if (![r.minBp, r.maxBp, r.defaultBp].every((x) => Number.isInteger(x) && x >= 0 && x <= 10_000))
      return { ok: false, reason: `${label}提取比例应在 0% 到 100% 之间` };
    if (r.minBp > r.maxBp) return { ok: false, reason: `${label}提取比例下限不能高于上限` };
    if (r.defaultBp < r.minBp || r.defaultBp > r.maxBp)
      return { ok: false, reason: `${label}默认提取比例应在下限与上限之间` };
  }
  return { ok: true };
}

/**
 * The ratio range for a school from its stages: 中职 and 普高 each have their own; a school with
 * both may use either range (their union); other schools have no fund to extract.
 */
export function ratioRangeFor(stages: readonly string[], s: FundSettings): RatioRange | null {
  const ranges = [
    stages.includes('senior') ? s.senior : null,
    stages.includes('vocational') ? s.vocational : null,
  ].filter((r): r is RatioRange => r !== null);
  if (ranges.length === 0) return null;
  if (ranges.length === 1) return ranges[0]!;
  return {
    minBp: Math.min(...ranges.map((r) => r.minBp)),
    maxBp: Math.max(...ranges.map((r) => r.maxBp)),
    defaultBp: s.vocational.defaultBp,
  };
}

/**
 * An extraction: revenue × ratio, the ratio inside the policy range for the school's stages.
 * Without a ratio the range's default is used.
 */
export function computeExtraction(
  input: { revenueFen: number; ratioBp?: number | null; stages: readonly string[] },
  s: FundSettings,
): { ok: true; amountFen: number; ratioBp: number } | { ok: false; reason: string } {
  const range = ratioRangeFor(input.stages, s);
  if (!range) return { ok: false, reason: '该校不是普通高中或中职学校，不适用学校资助基金提取' };
  if (!Number.isSafeInteger(input.revenueFen) || input.revenueFen <= 0)
    return { ok: false, reason: '事业收入必须大于 0 元' };
  if (input.revenueFen > MAX_REVENUE_FEN) return { ok: false, reason: '事业收入超过 10 亿元，请核实金额' };
  const ratioBp = input.ratioBp ?? range.defaultBp;
  if (!Number.isInteger(ratioBp) || ratioBp < range.minBp || ratioBp > range.maxBp) {
    const span =
      range.minBp === range.maxBp
        ? formatBp(range.minBp)
        : `${formatBp(range.minBp)}–${formatBp(range.maxBp)}`;
    return { ok: false, reason: `提取比例 ${formatBp(ratioBp)} 不符合政策：该校应按事业收入的 ${span} 提取` };
  }
  const amountFen = applyBasisPoints(input.revenueFen, ratioBp);
  if (amountFen <= 0) return { ok: false, reason: '提取金额为 0，请核实事业收入' };
  return { ok: true, amountFen, ratioBp };
}

/** The signed effect of an entry on the balance (spending is stored positive, counted negative). */
export function signedAmount(kind: FundKind, amountFen: number): number {
  return SPENDING_KINDS.includes(kind) ? -amountFen : amountFen;
}

/**
 * A spending or adjustment against the current balance: spending must be positive and within the
 * balance; an adjustment is signed (never 0) and may not take the balance below zero.
 */
export function checkMovement(
  kind: Exclude<FundKind, 'extraction'>,
  amountFen: number,
  balanceFen: number,
): { ok: true; balanceAfterFen: number } | { ok: false; reason: string } {
  if (!Number.isSafeInteger(amountFen)) return { ok: false, reason: '金额应精确到分' };
  if (kind === 'adjustment') {
    if (amountFen === 0) return { ok: false, reason: '调整金额不能为 0' };
  } else if (amountFen <= 0) return { ok: false, reason: `${FUND_KIND_LABELS[kind]}金额必须大于 0 元` };
  if (Math.abs(amountFen) > MAX_ENTRY_FEN) return { ok: false, reason: '单笔金额超过 100 万元，请核实金额' };
  const after = balanceFen + signedAmount(kind, amountFen);
  if (after < 0)
    return {
      ok: false,
      reason: `学校资助基金余额不足：当前余额 ${(balanceFen / 100).toFixed(2)} 元，本笔 ${(Math.abs(amountFen) / 100).toFixed(2)} 元`,
    };
  return { ok: true, balanceAfterFen: after };
}

export interface FundTotals {
  extractedFen: number;
  feeWaiverFen: number;
  livingSubsidyFen: number;
  adjustedFen: number;
  balanceFen: number;
}

/** Sums entries into extracted, spent by kind, adjustments and the balance. */
export function summariseFund(entries: readonly { kind: FundKind; amountFen: number }[]): FundTotals {
  const t: FundTotals = {
    extractedFen: 0,
    feeWaiverFen: 0,
    livingSubsidyFen: 0,
    adjustedFen: 0,
    balanceFen: 0,
  };
  for (const e of entries) {
    if (e.kind === 'extraction') t.extractedFen += e.amountFen;
    else if (e.kind === 'fee_waiver') t.feeWaiverFen += e.amountFen;
    else if (e.kind === 'living_subsidy') t.livingSubsidyFen += e.amountFen;
    else t.adjustedFen += e.amountFen;
    t.balanceFen += signedAmount(e.kind, e.amountFen);
  }
  return t;
}
