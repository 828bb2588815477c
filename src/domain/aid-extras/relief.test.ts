import { describe, expect, it } from 'vitest';
import {
  approvalLevelFor,
  checkStep,
  DEFAULT_RELIEF_THRESHOLDS,
  initialStatus,
  pendingStep,
  type ReliefActor,
  type ReliefFacts,
  resolveReliefThresholds,
  validateReliefThresholds,
} from './relief.ts';

// 工作要点 1 一个应急救助: application, approval by amount, payment; maker–checker throughout.
const T = DEFAULT_RELIEF_THRESHOLDS;
const school = (id: number): ReliefActor => ({ userId: id, level: 'school', schoolCode: 'S1' });
const county = (id: number): ReliefActor => ({ userId: id, level: 'county', schoolCode: null });
const city = (id: number): ReliefActor => ({ userId: id, level: 'city', schoolCode: null });

describe('approval level by amount (defaults: ≤ 2000 元 county, > 2000 元 city too, ≤ 20000 元)', () => {
  it('uses the documented defaults', () => {
    expect(T).toEqual({ countyLimitFen: 200_000, maxFen: 2_000_000 });
    expect(resolveReliefThresholds(undefined)).toEqual(T);
    expect(resolveReliefThresholds({ countyLimitFen: 300_000 })).toEqual({
      countyLimitFen: 300_000,
      maxFen: 2_000_000,
    });
  });
  it('2000 元 exactly is the county’s; 2000.01 元 goes to the city', () => {
    expect(approvalLevelFor(200_000, T)).toEqual({ ok: true, level: 'county' });
    expect(approvalLevelFor(200_001, T)).toEqual({ ok: true, level: 'city' });
    expect(approvalLevelFor(2_000_000, T)).toEqual({ ok: true, level: 'city' });
  });
  it('refuses zero, negative, fractional-fen and absurd amounts in Chinese', () => {
    expect(approvalLevelFor(0, T)).toMatchObject({ ok: false, reason: '救助金额必须大于 0 元' });
    expect(approvalLevelFor(-500, T)).toMatchObject({ ok: false });
    expect(approvalLevelFor(12.5, T)).toMatchObject({ ok: false, reason: '救助金额应精确到分' });
    const r = approvalLevelFor(2_000_001, T);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('20000 元');
  });
  it('validates thresholds an administrator enters', () => {
    expect(validateReliefThresholds(T)).toEqual({ ok: true });
    expect(validateReliefThresholds({ countyLimitFen: 3_000_000, maxFen: 2_000_000 }).ok).toBe(false);
    expect(validateReliefThresholds({ countyLimitFen: 0, maxFen: 2_000_000 }).ok).toBe(false);
  });
});

describe('the chain', () => {
  it('county-level: applied → reviewed → county approved → paid', () => {
    expect(pendingStep('applied', 'county')).toBe('review');
    expect(pendingStep('school_reviewed', 'county')).toBe('county_approve');
    expect(pendingStep('county_approved', 'county')).toBe('pay');
    expect(pendingStep('paid', 'county')).toBeNull();
    expect(pendingStep('rejected', 'city')).toBeNull();
  });
  it('city-level: the city approves after the county', () => {
    expect(pendingStep('county_approved', 'city')).toBe('city_approve');
    expect(pendingStep('city_approved', 'city')).toBe('pay');
  });
  it('the school’s aid officer filing an application files it reviewed; a head teacher does not', () => {
    expect(initialStatus('S1', school(1), true)).toBe('school_reviewed');
    expect(initialStatus('S1', school(1), false)).toBe('applied');
    expect(initialStatus('S2', school(1), true)).toBe('applied');
    expect(initialStatus(null, county(5), true)).toBe('school_reviewed');
    expect(initialStatus('S1', county(5), true)).toBe('applied');
  });
});

describe('maker–checker and levels', () => {
  const facts = (over: Partial<ReliefFacts> = {}): ReliefFacts => ({
    status: 'school_reviewed',
    level: 'city',
    schoolCode: 'S1',
    history: [
      { step: 'apply', userId: 1 },
      { step: 'review', userId: 2 },
    ],
    ...over,
  });
  it('the applicant cannot approve their own application', () => {
    const r = checkStep(
      facts({
        history: [
          { step: 'apply', userId: 7 },
          { step: 'review', userId: 2 },
        ],
      }),
      'county_approve',
      county(7),
    );
    expect(r).toEqual({ ok: false, reason: '申请人不能审批自己提出的救助申请' });
  });
  it('the reviewer cannot approve', () => {
    const r = checkStep(
      facts({
        history: [
          { step: 'apply', userId: 1 },
          { step: 'review', userId: 9 },
        ],
      }),
      'county_approve',
      county(9),
    );
    expect(r).toEqual({ ok: false, reason: '学校审核人不能再审批同一申请' });
  });
  it('nobody approves twice', () => {
    const f = facts({
      status: 'county_approved',
      history: [...facts().history, { step: 'county_approve', userId: 3 }],
    });
    expect(checkStep(f, 'city_approve', city(3))).toEqual({
      ok: false,
      reason: '同一人不能重复审批同一申请',
    });
    expect(checkStep(f, 'city_approve', city(4))).toEqual({ ok: true, to: 'city_approved' });
  });
  it('levels: a school cannot approve, a county cannot do the city step, out-of-turn steps are refused', () => {
    expect(checkStep(facts(), 'county_approve', school(5)).ok).toBe(false);
    expect(checkStep(facts({ status: 'county_approved' }), 'city_approve', county(5)).ok).toBe(false);
    const r = checkStep(facts(), 'pay', county(5));
    expect(r).toEqual({ ok: false, reason: '该申请当前待县级审批，不能发放' });
    expect(
      checkStep(facts({ status: 'applied' }), 'review', { userId: 5, level: 'school', schoolCode: 'S2' }),
    ).toEqual({
      ok: false,
      reason: '只能审核本校学生的申请',
    });
  });
  it('the applicant never records the payment; a finished application takes no step', () => {
    const f = facts({ status: 'county_approved', level: 'county', history: [{ step: 'apply', userId: 6 }] });
    expect(checkStep(f, 'pay', county(6)).ok).toBe(false);
    expect(checkStep(f, 'pay', county(8))).toEqual({ ok: true, to: 'paid' });
    expect(checkStep(facts({ status: 'paid' }), 'reject', county(8))).toEqual({
      ok: false,
      reason: '该申请已发放，不能再办理',
    });
  });
  it('rejection is done by whoever may do the pending step', () => {
    expect(checkStep(facts(), 'reject', county(5))).toEqual({ ok: true, to: 'rejected' });
    expect(checkStep(facts(), 'reject', school(5)).ok).toBe(false);
  });
});
