import { describe, expect, it } from 'vitest';
import {
  checkMovement,
  computeExtraction,
  DEFAULT_FUND_SETTINGS,
  ratioRangeFor,
  summariseFund,
  validateFundSettings,
} from './fund.ts';
import { applyBasisPoints, formatBp, formatFen, parseYuan } from './money.ts';

// 工作要点 2: the school aid fund — 普高 3–5% of 事业收入, 中职 5% — spent on 减免学费 / 临时生活补助.
const S = DEFAULT_FUND_SETTINGS;

describe('extraction = 事业收入 × ratio', () => {
  it('普高 default 4%: 100 万元 revenue → 4 万元', () => {
    expect(computeExtraction({ revenueFen: 100_000_000, stages: ['senior'] }, S)).toEqual({
      ok: true,
      amountFen: 4_000_000,
      ratioBp: 400,
    });
  });
  it('普高 accepts 3% and 5%, refuses 2.99% and 6%', () => {
    expect(computeExtraction({ revenueFen: 100_000_000, ratioBp: 300, stages: ['senior'] }, S)).toMatchObject(
      { amountFen: 3_000_000 },
    );
    expect(
      computeExtraction({ revenueFen: 100_000_000, ratioBp: 500, stages: ['junior', 'senior'] }, S),
    ).toMatchObject({ amountFen: 5_000_000 });
    const low = computeExtraction({ revenueFen: 100_000_000, ratioBp: 299, stages: ['senior'] }, S);
    expect(low).toEqual({ ok: false, reason: '提取比例 2.99% 不符合政策：该校应按事业收入的 3%–5% 提取' });
    expect(computeExtraction({ revenueFen: 100_000_000, ratioBp: 600, stages: ['senior'] }, S).ok).toBe(
      false,
    );
  });
  it('中职 is 5% exactly', () => {
    expect(computeExtraction({ revenueFen: 80_000_000, stages: ['vocational'] }, S)).toMatchObject({
      amountFen: 4_000_000,
      ratioBp: 500,
    });
    expect(computeExtraction({ revenueFen: 80_000_000, ratioBp: 400, stages: ['vocational'] }, S)).toEqual({
      ok: false,
      reason: '提取比例 4% 不符合政策：该校应按事业收入的 5% 提取',
    });
  });
  it('primary and junior schools have no fund to extract', () => {
    expect(ratioRangeFor(['primary', 'junior'], S)).toBeNull();
    expect(computeExtraction({ revenueFen: 1_000_000, stages: ['primary'] }, S).ok).toBe(false);
  });
  it('rounds half up to the fen in exact arithmetic; refuses negative and absurd revenue', () => {
    expect(applyBasisPoints(12_345, 400)).toBe(494); // 493.8 分
    expect(applyBasisPoints(12_375, 400)).toBe(495); // 495.0
    expect(applyBasisPoints(12_363, 400)).toBe(495); // 494.52
    expect(applyBasisPoints(99_999_999_999, 500)).toBe(5_000_000_000);
    expect(computeExtraction({ revenueFen: -100, stages: ['senior'] }, S).ok).toBe(false);
    expect(computeExtraction({ revenueFen: 200_000_000_000, stages: ['senior'] }, S)).toEqual({
      ok: false,
      reason: '事业收入超过 10 亿元，请核实金额',
    });
  });
  it('validates settings', () => {
    expect(validateFundSettings(S)).toEqual({ ok: true });
    expect(validateFundSettings({ ...S, senior: { minBp: 500, maxBp: 300, defaultBp: 400 } }).ok).toBe(false);
    expect(validateFundSettings({ ...S, vocational: { minBp: 500, maxBp: 500, defaultBp: 600 } }).ok).toBe(
      false,
    );
  });
});

describe('spending never exceeds the balance', () => {
  it('allows spending up to the balance, refuses one fen more', () => {
    expect(checkMovement('fee_waiver', 150_000, 150_000)).toEqual({ ok: true, balanceAfterFen: 0 });
    const r = checkMovement('living_subsidy', 150_001, 150_000);
    expect(r).toEqual({ ok: false, reason: '学校资助基金余额不足：当前余额 1500.00 元，本笔 1500.01 元' });
  });
  it('refuses zero and negative spending; adjustments are signed but never below zero', () => {
    expect(checkMovement('fee_waiver', 0, 100).ok).toBe(false);
    expect(checkMovement('fee_waiver', -5, 100).ok).toBe(false);
    expect(checkMovement('adjustment', -100, 100)).toEqual({ ok: true, balanceAfterFen: 0 });
    expect(checkMovement('adjustment', -101, 100).ok).toBe(false);
    expect(checkMovement('adjustment', 0, 100).ok).toBe(false);
    expect(checkMovement('fee_waiver', 100_000_001, 1e12).ok).toBe(false);
  });
  it('sums a year into a balance', () => {
    const t = summariseFund([
      { kind: 'extraction', amountFen: 4_000_000 },
      { kind: 'fee_waiver', amountFen: 120_000 },
      { kind: 'living_subsidy', amountFen: 50_000 },
      { kind: 'adjustment', amountFen: -10_000 },
    ]);
    expect(t).toEqual({
      extractedFen: 4_000_000,
      feeWaiverFen: 120_000,
      livingSubsidyFen: 50_000,
      adjustedFen: -10_000,
      balanceFen: 3_820_000,
    });
  });
});

describe('money text', () => {
  it('parses yuan without floats', () => {
    expect(parseYuan('2000')).toEqual({ ok: true, fen: 200_000 });
    expect(parseYuan('1,234.5元')).toEqual({ ok: true, fen: 123_450 });
    expect(parseYuan('0.1')).toEqual({ ok: true, fen: 10 });
    expect(parseYuan('-3')).toEqual({ ok: true, fen: -300 });
    expect(parseYuan('1.234').ok).toBe(false);
    expect(parseYuan('abc').ok).toBe(false);
  });
  it('formats fen and basis points', () => {
    expect(formatFen(123_456)).toBe('1,234.56');
    expect(formatFen(-5)).toBe('-0.05');
    expect(formatBp(400)).toBe('4%');
    expect(formatBp(450)).toBe('4.5%');
    expect(formatBp(299)).toBe('2.99%');
  });
});
