import { describe, expect, it } from 'vitest';
import { addYears, isIsoDate, monthBounds } from './dates.ts';
import { daysOverdue, deadlineFor, isOverdue } from './deadlines.ts';
import { checkVisit, visitProgress } from './home-teaching.ts';
import { checkLeftDate, checkPersuasion } from './persuasion.ts';
import { DEFAULT_DROPOUT_SETTINGS, resolveSettings, validateSettings } from './settings.ts';
import { isFinalCompulsoryGrade, isLostTransfer, transferCutoff } from './transfer.ts';

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
    expect(r.compulsoryAge).toEqual({ min: 6, max: 15 });
    expect(validateSettings({ ...r, compulsoryAge: { min: 16, max: 6 } }).ok).toBe(false);
    expect(validateSettings(r).ok).toBe(true);
  });
});

describe('persuasion records (工作要点 5: date, method, result)', () => {
  const c = { status: 'persuading' as const, leftAt: '2020-09-01' };
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
  it('refuses a left date in the future', () => {
    expect(checkLeftDate('2020-10-21', '2020-10-20').ok).toBe(false);
    expect(checkLeftDate(null, '2020-10-20').ok).toBe(true);
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
  it('refuses a visit in the future or before the placement started', () => {
    expect(checkVisit('2020-10-21', '2020-09-01', '2020-10-20').ok).toBe(false);
    expect(checkVisit('2020-08-21', '2020-09-01', '2020-10-20').ok).toBe(false);
    expect(checkVisit('2020-09-21', '2020-09-01', '2020-10-20').ok).toBe(true);
  });
});

describe('dates', () => {
  it('validates and moves calendar dates', () => {
    expect(isIsoDate('2020-02-29')).toBe(true);
    expect(isIsoDate('2019-02-29')).toBe(false);
    expect(addYears('2020-02-29', -6)).toBe('2014-02-28');
    expect(monthBounds('2020-12')).toEqual({ from: '2020-12-01', to: '2021-01-01' });
  });
});
