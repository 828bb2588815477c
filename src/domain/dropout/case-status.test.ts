import { describe, expect, it } from 'vitest';
import {
  CASE_STATUSES,
  type CaseFacts,
  type CaseStatus,
  checkTransition,
  isReturned,
  returnState,
  STATUS_LABELS,
  statusAfterPersuasion,
  TRANSITIONS,
} from './case-status.ts';

// 工作要点 5: 疑似辍学 → 劝返中 → 已复学 / 送教上门 / 转特殊教育 / 报告政府 → 结案.
const TODAY = '2020-10-20';
function facts(status: CaseStatus, more: Partial<CaseFacts> = {}): CaseFacts {
  return {
    status,
    leftAt: '2020-09-01',
    openedAt: '2020-09-05',
    statusSince: '2020-09-05',
    keyGroups: [],
    persuasionResults: [],
    hasHomeTeachingPlan: false,
    writtenReports: 0,
    ...more,
  };
}
const ready: Partial<CaseFacts> = {
  keyGroups: ['disabled'],
  persuasionResults: ['failed'],
  hasHomeTeachingPlan: true,
  writtenReports: 1,
};
const change = (to: CaseStatus) => ({
  to,
  date: '2020-10-10',
  returnDate: '2020-10-10',
  returnSchoolCode: '2135000001',
  note: '已核实',
});

describe('case status machine (工作要点 5)', () => {
  it('follows the policy arrows, in order', () => {
    expect(TRANSITIONS.suspected).toEqual(['persuading']);
    expect([...TRANSITIONS.persuading].sort()).toEqual([
      'home_teaching',
      'reported',
      'returned',
      'special_education',
    ]);
    for (const s of ['returned', 'home_teaching', 'special_education'] as const)
      expect(TRANSITIONS[s]).toEqual(['closed']);
    expect(TRANSITIONS.closed).toEqual([]);
    expect(STATUS_LABELS.suspected).toBe('疑似辍学');
  });

  it('refuses every jump that skips a step, in Chinese', () => {
    for (const from of CASE_STATUSES)
      for (const to of CASE_STATUSES) {
        const r = checkTransition(facts(from, ready), change(to), TODAY);
        expect(r.ok, `${from} → ${to}`).toBe(TRANSITIONS[from].includes(to));
        if (!r.ok) expect(r.reason).toMatch(/[\u4e00-\u9fa5]/);
      }
    const jump = checkTransition(facts('suspected'), change('closed'), TODAY);
    expect(jump).toEqual({
      ok: false,
      reason: '不能从“疑似辍学”直接变更为“结案”，当前只能变更为“劝返中”',
    });
  });

  it('结案 only from 已复学 / 送教上门 / 转特殊教育 / 报告政府, and with a closing note', () => {
    const from = CASE_STATUSES.filter((s) => TRANSITIONS[s].includes('closed'));
    expect(from.sort()).toEqual(['home_teaching', 'reported', 'returned', 'special_education']);
    const r = checkTransition(facts('returned'), { to: 'closed', date: '2020-10-10', note: ' ' }, TODAY);
    expect(r).toEqual({ ok: false, reason: '结案须填写结案说明' });
  });

  it('已复学 requires a return date, not in the future, not before leaving', () => {
    const f = facts('persuading');
    const school = { returnSchoolCode: '2135000001' };
    expect(checkTransition(f, { to: 'returned', date: '2020-10-10', ...school }, TODAY)).toEqual({
      ok: false,
      reason: '标记“已复学”须填写复学日期',
    });
    expect(
      checkTransition(f, { to: 'returned', date: '2020-10-20', returnDate: '2020-10-21', ...school }, TODAY),
    ).toEqual({ ok: false, reason: '复学日期不能晚于今天' });
    expect(
      checkTransition(f, { to: 'returned', date: '2020-10-10', returnDate: '2020-08-01', ...school }, TODAY)
        .ok,
    ).toBe(false);
    expect(
      checkTransition(f, { to: 'returned', date: '2020-10-10', returnDate: '2020-10-09', ...school }, TODAY)
        .ok,
    ).toBe(true);
  });

  it('已复学 names the school returned to, and its return date is a real day after the child left', () => {
    const f = facts('persuading');
    expect(
      checkTransition(f, { to: 'returned', date: '2020-10-10', returnDate: '2020-10-09' }, TODAY),
    ).toEqual({ ok: false, reason: '标记“已复学”须选择复学学校' });
    const at = (returnDate: string, date = '2020-10-10') =>
      checkTransition(f, { to: 'returned', date, returnDate, returnSchoolCode: '2135000001' }, TODAY);
    expect(at('2020-02-30')).toEqual({
      ok: false,
      reason: '复学日期“2020-02-30”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）',
    });
    // Left 2020-09-01, the case entered 2020-09-05: back on the 3rd is a fact to record (tester v24b F4).
    expect(at('2020-09-03').ok).toBe(true);
    expect(at('2020-08-31')).toEqual({ ok: false, reason: '复学日期不能早于辍学日期（2020-09-01）' });
    // With no 辍学日期, the case's opening is the bound.
    const unknown = (returnDate: string) =>
      checkTransition(
        facts('persuading', { leftAt: null }),
        { to: 'returned', date: '2020-10-10', returnDate, returnSchoolCode: '2135000001' },
        TODAY,
      );
    expect(unknown('2020-09-03')).toEqual({ ok: false, reason: '复学日期不能早于建档日期（2020-09-05）' });
    expect(unknown('2020-09-05').ok).toBe(true);
    expect(at('2020-10-12')).toEqual({ ok: false, reason: '复学日期不能晚于状态变更日期（2020-10-10）' });
  });

  it('a change is dated on a real day, not before the current status began', () => {
    const f = facts('persuading', { statusSince: '2020-10-01' });
    expect(checkTransition(f, { ...change('returned'), date: '2020-02-30' }, TODAY)).toEqual({
      ok: false,
      reason: '状态变更日期“2020-02-30”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）',
    });
    expect(
      checkTransition(f, { ...change('returned'), date: '2020-09-30', returnDate: '2020-09-30' }, TODAY),
    ).toEqual({
      ok: false,
      reason: '状态变更日期不能早于当前状态“劝返中”的开始日期（2020-10-01）',
    });
  });

  it('报告政府 requires a failed persuasion and a written report', () => {
    const pending = facts('persuading', { persuasionResults: ['pending', 'succeeded'], writtenReports: 1 });
    expect(checkTransition(pending, change('reported'), TODAY)).toEqual({
      ok: false,
      reason: '报告政府前须至少有一次劝返未成功的记录',
    });
    const noReport = facts('persuading', { persuasionResults: ['failed'] });
    expect(checkTransition(noReport, change('reported'), TODAY)).toEqual({
      ok: false,
      reason: '报告政府前须先生成书面报告',
    });
    expect(checkTransition(facts('persuading', ready), change('reported'), TODAY).ok).toBe(true);
  });

  it('送教上门 only for disabled children with a placement decision', () => {
    expect(checkTransition(facts('persuading'), change('home_teaching'), TODAY).ok).toBe(false);
    const noPlan = facts('persuading', { keyGroups: ['disabled'] });
    expect(checkTransition(noPlan, change('home_teaching'), TODAY)).toEqual({
      ok: false,
      reason: '请先登记送教上门安置决定（送教教师、送教计划）',
    });
  });

  it('refuses a change dated in the future or before the child left', () => {
    expect(checkTransition(facts('suspected'), { to: 'persuading', date: '2020-10-21' }, TODAY).ok).toBe(
      false,
    );
    expect(checkTransition(facts('suspected'), { to: 'persuading', date: '2020-08-01' }, TODAY).ok).toBe(
      false,
    );
  });

  it('a persuasion on a 疑似辍学 case starts 劝返中; the return rate counts closed cases that returned', () => {
    expect(statusAfterPersuasion('suspected')).toBe('persuading');
    expect(statusAfterPersuasion('reported')).toBe('reported');
    expect(isReturned('closed', '2020-10-01')).toBe(true);
    expect(isReturned('closed', null)).toBe(false);
    expect(isReturned('returned', '2020-10-01')).toBe(true);
  });

  it('a recorded return counts only once the roll shows the child (待学籍核实 otherwise)', () => {
    expect(returnState(null, false)).toBe('none');
    expect(returnState({ status: 'persuading', returnDate: null }, false)).toBe('none');
    expect(returnState({ status: 'closed', returnDate: null }, true)).toBe('none');
    expect(returnState({ status: 'closed', returnDate: '2020-10-10' }, false)).toBe('unconfirmed');
    expect(returnState({ status: 'returned', returnDate: '2020-10-10' }, true)).toBe('confirmed');
  });
});
