/**
 * 五个阶段全覆盖 (工作要点 1): for each student and programme, how what was paid compares with what
 * the policy entitles. The coverage queries classify the same way in SQL (coverage.queries.ts).
 */
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
