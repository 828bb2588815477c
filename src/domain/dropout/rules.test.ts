import { describe, expect, it } from 'vitest';
import { addYears, checkDay, isIsoDate, monthBounds } from './dates.ts';
import { daysOverdue, deadlineFor, isOverdue } from './deadlines.ts';
import { checkPlacement, checkVisit, visitProgress } from './home-teaching.ts';
import { checkLeftDate, checkPersuasion } from './persuasion.ts';
import { DEFAULT_DROPOUT_SETTINGS, resolveSettings, validateSettings } from './settings.ts';
import {
  isFinalCompulsoryGrade,
  isLostTransfer,
  leftEnrolment,
  type RollEnrolment,
  transferCutoff,
} from './transfer.ts';
import { keyGroupsOf, sexLabel } from './vocabulary.ts';

describe('流转学生 monitoring (工作要点 5: not enrolled elsewhere after N days, default 15)', () => {
  it('flags when left date + 15 days < as-of and not re-enrolled', () => {
    expect(DEFAULT_DROPOUT_SETTINGS.transferDays).toBe(15);
    expect(isLostTransfer({ leftAt: '2020-09-01', reEnrolled: false }, '2020-09-16', 15)).toBe(false);
    expect(isLostTransfer({ leftAt: '2020-09-01', reEnrolled: false }, '2020-09-17', 15)).toBe(true);
    expect(isLostTransfer({ leftAt: '2020-09-01', reEnrolled: true }, '2020-12-01', 15)).toBe(false);
    expect(isLostTransfer({ leftAt: null, reEnrolled: false }, '2020-12-01', 15)).toBe(false);
  });

  it('does not count a 九年级 graduate as a lost transfer', () => {
    expect(isFinalCompulsoryGrade('junior', '九年级')).toBe(true);
    expect(isFinalCompulsoryGrade('junior', '初三')).toBe(true);
    expect(isFinalCompulsoryGrade('junior', '8')).toBe(false);
    expect(isFinalCompulsoryGrade('primary', '六年级')).toBe(false);
  });

  it('the SQL cutoff agrees with the rule', () => {
    const asOf = '2020-09-17';
    const cut = transferCutoff(asOf, 15);
    expect(cut).toBe('2020-09-01');
    for (const left of ['2020-08-31', '2020-09-01', '2020-09-02'])
      expect(left <= cut).toBe(isLostTransfer({ leftAt: left, reEnrolled: false }, asOf, 15));
  });
});

describe('deadlines and overdue warnings (configurable)', () => {
  const s = DEFAULT_DROPOUT_SETTINGS;
  it('counts from the day the case entered its status', () => {
    expect(deadlineFor('suspected', '2020-09-01', s)).toBe('2020-09-08');
    expect(deadlineFor('persuading', '2020-09-01', s)).toBe('2020-10-01');
    expect(deadlineFor('home_teaching', '2020-09-01', s)).toBeNull();
    expect(deadlineFor('closed', '2020-09-01', s)).toBeNull();
  });
  it('is overdue the day after the deadline, never when closed', () => {
    expect(isOverdue('suspected', '2020-09-08', '2020-09-08')).toBe(false);
    expect(isOverdue('suspected', '2020-09-08', '2020-09-09')).toBe(true);
    expect(daysOverdue('suspected', '2020-09-08', '2020-09-18')).toBe(10);
    expect(isOverdue('closed', '2020-09-08', '2020-12-01')).toBe(false);
    expect(isOverdue('home_teaching', null, '2020-12-01')).toBe(false);
  });
  it('stored settings override the defaults key by key', () => {
    const r = resolveSettings({ deadlines: { suspected: 3 }, transferDays: 10 });
    expect(r.deadlines.suspected).toBe(3);
    expect(r.deadlines.persuading).toBe(30);
    expect(r.transferDays).toBe(10);
    expect(r.compulsoryAge).toEqual({ min: 6, max: 15, cutoff: '08-31' });
    // Settings stored before the cut-off existed take the national 31 August.
    expect(resolveSettings({ compulsoryAge: { min: 6, max: 14 } }).compulsoryAge).toEqual({
      min: 6,
      max: 14,
      cutoff: '08-31',
    });
    expect(validateSettings({ ...r, compulsoryAge: { min: 16, max: 6 } }).ok).toBe(false);
    expect(validateSettings({ ...r, compulsoryAge: { min: 6, max: 15, cutoff: '02-29' } })).toEqual({
      ok: false,
      reason: '入学年龄截止日“02-29”无效，应为每年都有的月-日（如 08-31）',
    });
    expect(validateSettings(r).ok).toBe(true);
  });
});

describe('persuasion records (工作要点 5: date, method, result)', () => {
  const c = { status: 'persuading' as const, leftAt: '2020-09-01', openedAt: '2020-09-05' };
  it('refuses a persuasion dated in the future', () => {
    expect(checkPersuasion({ date: '2020-10-21', persuader: '张老师' }, c, '2020-10-20')).toEqual({
      ok: false,
      reason: '劝返日期不能晚于今天（不能登记未来的劝返）',
    });
    expect(checkPersuasion({ date: '2020-10-20', persuader: '张老师' }, c, '2020-10-20').ok).toBe(true);
  });
  it('refuses one before the child left, without a persuader, or on a closed case', () => {
    expect(checkPersuasion({ date: '2020-08-01', persuader: '张老师' }, c, '2020-10-20').ok).toBe(false);
    expect(checkPersuasion({ date: '2020-10-01', persuader: ' ' }, c, '2020-10-20').ok).toBe(false);
    const closed = checkPersuasion(
      { date: '2020-10-01', persuader: '张' },
      { ...c, status: 'closed' },
      '2020-10-20',
    );
    expect(closed).toEqual({ ok: false, reason: '案件处于“结案”状态，不能再登记劝返' });
  });
  it('refuses an impossible day instead of replacing it; takes one before the case was entered, after the child left', () => {
    expect(checkPersuasion({ date: '2020-02-30', persuader: '张老师' }, c, '2020-10-20')).toEqual({
      ok: false,
      reason: '劝返日期“2020-02-30”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）',
    });
    expect(checkPersuasion({ date: '2019-01-01', persuader: '张老师' }, c, '2020-10-20')).toEqual({
      ok: false,
      reason: '劝返日期不能早于辍学日期（2020-09-01）',
    });
    // A home visit between the 辍学日期 (09-01) and the day the case was entered (09-05) (tester v24b F4).
    expect(checkPersuasion({ date: '2020-09-03', persuader: '张老师' }, c, '2020-10-20').ok).toBe(true);
    const noLeft = { ...c, leftAt: null };
    expect(checkPersuasion({ date: '2020-09-04', persuader: '张老师' }, noLeft, '2020-10-20')).toEqual({
      ok: false,
      reason: '劝返日期不能早于建档日期（2020-09-05）',
    });
    expect(checkPersuasion({ date: '2020-09-05', persuader: '张老师' }, noLeft, '2020-10-20').ok).toBe(true);
  });
  it('refuses a left date in the future, before birth, after the case was opened, or impossible', () => {
    expect(checkLeftDate('2020-10-21', '2020-10-20')).toEqual({ ok: false, reason: '辍学日期不能晚于今天' });
    expect(checkLeftDate(null, '2020-10-20').ok).toBe(true);
    expect(checkLeftDate('2020-02-30', '2020-10-20').ok).toBe(false);
    expect(checkLeftDate('2009-01-01', '2020-10-20', { birthDate: '2010-05-01' })).toEqual({
      ok: false,
      reason: '辍学日期不能早于出生日期（2010-05-01）',
    });
    expect(checkLeftDate('2020-10-01', '2020-10-20', { openedAt: '2020-09-05' })).toEqual({
      ok: false,
      reason: '辍学日期不能晚于建档日期（2020-09-05）',
    });
    // Nor after what the case has recorded since: a 劝返, a return (tester v25b F1).
    const recorded = { openedAt: '2020-10-10', firstPersuasion: '2020-09-20', returnDate: '2020-09-15' };
    expect(checkLeftDate('2020-09-18', '2020-10-20', recorded)).toEqual({
      ok: false,
      reason: '辍学日期不能晚于复学日期（2020-09-15）',
    });
    expect(checkLeftDate('2020-09-25', '2020-10-20', recorded)).toEqual({
      ok: false,
      reason: '辍学日期不能晚于已登记的最早劝返日期（2020-09-20）',
    });
    expect(checkLeftDate('2020-09-15', '2020-10-20', recorded).ok).toBe(true);
  });
});

describe('送教上门 schedule (visits per month configurable)', () => {
  it('counts the month’s visits against the plan', () => {
    const visits = ['2020-09-30', '2020-10-01', '2020-10-15', '2020-11-01'];
    expect(visitProgress(visits, 4, '2020-10')).toEqual({
      month: '2020-10',
      planned: 4,
      done: 2,
      shortfall: 2,
    });
    expect(visitProgress(visits, 1, '2020-10').shortfall).toBe(0);
  });
  it('refuses a visit in the future, before the placement started, or on no real day', () => {
    expect(checkVisit('2020-10-21', '2020-09-01', '2020-10-20')).toEqual({
      ok: false,
      reason: '送教日期不能晚于今天',
    });
    expect(checkVisit('2020-08-21', '2020-09-01', '2020-10-20').ok).toBe(false);
    expect(checkVisit('2020-09-31', '2020-09-01', '2020-10-20').ok).toBe(false);
    expect(checkVisit('2020-09-21', '2020-09-01', '2020-10-20').ok).toBe(true);
  });
  it('a placement is decided after the case was opened and not in the future; teaching starts after it', () => {
    const c = { openedAt: '2020-09-05' };
    const ok = (decisionDate: string, startDate: string) =>
      checkPlacement({ decisionDate, startDate }, c, '2020-10-20');
    expect(ok('2020-10-01', '2020-10-26').ok).toBe(true); // a plan may start next week
    expect(ok('2020-10-21', '2020-10-21')).toEqual({ ok: false, reason: '安置决定日期不能晚于今天' });
    expect(ok('2020-09-01', '2020-10-01')).toEqual({
      ok: false,
      reason: '安置决定日期不能早于建档日期（2020-09-05）',
    });
    expect(ok('2020-10-01', '2020-09-30')).toEqual({
      ok: false,
      reason: '送教开始日期不能早于安置决定日期（2020-10-01）',
    });
    expect(ok('2020-10-01', '2020-11-31').ok).toBe(false);
  });
});

describe('key groups and labels from the records', () => {
  it('pre-fills 建档立卡 for a registry child, 残疾 and 留守 from the roll', () => {
    expect(keyGroupsOf({ inRegistry: true })).toEqual(['registered_poor']);
    expect(keyGroupsOf({ inRegistry: false, schoolMarkedPoor: true, disabled: true })).toEqual([
      'registered_poor',
      'disabled',
    ]);
    expect(keyGroupsOf({ inRegistry: false, leftBehind: true })).toEqual(['left_behind']);
  });
  it('writes 性别 as 男 / 女, never the stored code', () => {
    expect(sexLabel('F')).toBe('女');
    expect(sexLabel('M')).toBe('男');
    expect(sexLabel('女')).toBe('女');
    expect(sexLabel(null)).toBe('');
  });
});

describe('dates', () => {
  it('checks a date field as typed, naming it', () => {
    expect(checkDay('劝返日期', '2020-02-30')).toEqual({
      ok: false,
      reason: '劝返日期“2020-02-30”不是有效的日期，请填写日历上存在的日期（格式 YYYY-MM-DD）',
    });
    expect(checkDay('劝返日期', '')).toEqual({ ok: false, reason: '请填写劝返日期' });
    expect(checkDay('劝返日期', '2020/10/01').ok).toBe(false);
    expect(checkDay('劝返日期', '2020-10-21', { today: '2020-10-20' })).toEqual({
      ok: false,
      reason: '劝返日期不能晚于今天',
    });
    expect(checkDay('劝返日期', '2020-10-01', { notBefore: [[null, '辍学日期']] }).ok).toBe(true);
  });

  it('validates and moves calendar dates', () => {
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('2019-02-29')).toBe(false);
    expect(addYears('2020-02-29', -6)).toBe('2014-02-28');
    expect(monthBounds('2020-12')).toEqual({ from: '2020-12-01', to: '2021-01-01' });
  });
});

describe('the enrolment a child on no roll left (a case carries it whichever list opened it)', () => {
  const rec = (id: number, leftAt: string | null, more: Partial<RollEnrolment> = {}): RollEnrolment => ({
    id,
    status: 'left',
    stage: 'primary',
    grade: '四年级',
    leftAt,
    ...more,
  });
  it('is the record left last', () => {
    expect(leftEnrolment([rec(1, '2019-07-01'), rec(2, '2020-09-10'), rec(3, '2020-03-01')])?.id).toBe(2);
    expect(leftEnrolment([rec(4, '2020-09-10'), rec(2, '2020-09-10')])?.id).toBe(4);
  });
  it('is none for a child enrolled anywhere, or without a left date', () => {
    expect(leftEnrolment([rec(1, '2020-09-10'), rec(2, null, { status: 'enrolled' })])).toBeNull();
    expect(leftEnrolment([rec(1, null)])).toBeNull();
    expect(leftEnrolment([])).toBeNull();
  });
  it('is none when the record left last is no compulsory schooling lost', () => {
    expect(leftEnrolment([rec(1, '2020-09-10', { stage: 'preschool', grade: null })])).toBeNull();
    expect(leftEnrolment([rec(1, '2020-07-01', { stage: 'junior', grade: '九年级' })])).toBeNull();
    // A graduate's earlier school is not the one they left.
    expect(
      leftEnrolment([rec(1, '2019-07-01'), rec(2, '2020-07-01', { stage: 'junior', grade: '初三' })]),
    ).toBeNull();
    expect(leftEnrolment([rec(1, '2020-09-10', { stage: 'junior', grade: '八年级' })])?.id).toBe(1);
  });
});
