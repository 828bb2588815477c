import { describe, expect, it } from 'vitest';
import {
  type AidPolicyConfig,
  classifyCoverage,
  defaultAidPolicy,
  entitleStudent,
  evaluateProgramme,
  fenToYuan,
  gradeYear,
  noticeEndDate,
  parseTerm,
  parseYuanText,
  programmesChanged,
  reliefSupervisionFlags,
  type StudentFacts,
  schoolYearOf,
  termPeriod,
  validatePolicy,
  yuanToFen,
} from './index.ts';

const cfg = defaultAidPolicy(2020);
const autumn = parseTerm('2020-autumn');
if (!autumn.ok) throw new Error('term');
const term = autumn.term;
const V = '2020年政策第1版';
const prog = (code: string) => cfg.programmes.find((p) => p.code === code)!;
const student = (f: Partial<StudentFacts>): StudentFacts => ({
  stage: 'primary',
  grade: '四年级',
  boarding: false,
  countyCode: '350481', // 永安: no override, no nutrition plan by default
  schoolCode: '2135000001',
  groups: [],
  tier: null,
  ...f,
});
const amount = (code: string, f: Partial<StudentFacts>) => {
  const r = evaluateProgramme(cfg, term, prog(code), student(f), V);
  return r.ok ? fenToYuan(r.amountFen) : r.reason;
};

describe('money and terms', () => {
  it('converts yuan to fen exactly and parses bank amounts', () => {
    expect(yuanToFen(312.5)).toBe(31250);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1.005)).toBeNull();
    expect(parseYuanText('1,250.50')).toBe(125050);
    expect(parseYuanText('￥500元')).toBe(50000);
    expect(parseYuanText('5e2')).toBeNull();
    expect(fenToYuan(31250)).toBe('312.50');
  });
  it('parses terms and their school years', () => {
    const s = parseTerm('2020-spring');
    expect(s.ok && schoolYearOf(s.term)).toBe(2019);
    expect(schoolYearOf(term)).toBe(2020);
    expect(parseTerm('2020-winter').ok).toBe(false);
  });
  it('gives each term the calendar days up to the next term, so 应急救助 payments fall in exactly one', () => {
    // 2020 defaults: spring starts 03-01, autumn 09-01 (POLICY.md term settings).
    const spring = parseTerm('2020-spring');
    if (!spring.ok) throw new Error('term');
    expect(termPeriod(cfg, spring.term)).toEqual({ from: '2020-03-01', to: '2020-08-31' });
    expect(termPeriod(cfg, term)).toEqual({ from: '2020-09-01', to: '2021-02-28' });
    const leap = parseTerm('2019-autumn');
    if (!leap.ok) throw new Error('term');
    expect(termPeriod(cfg, leap.term)).toEqual({ from: '2019-09-01', to: '2020-02-29' });
  });
  it('flags a relief payment only for its identity', () => {
    expect(reliefSupervisionFlags('11010519491231002X')).toEqual([]);
    expect(reliefSupervisionFlags('110105194912310021')).toEqual(['身份证号错误']);
    expect(reliefSupervisionFlags(null)).toEqual(['身份证号错误']);
  });
  it('reads years of study from roll grade texts', () => {
    expect(gradeYear('一年级')).toBe(1);
    expect(gradeYear('中职二年级')).toBe(2);
    expect(gradeYear('2')).toBe(2);
    expect(gradeYear('高三')).toBe(3);
    expect(gradeYear(null)).toBeNull();
  });
});

describe('national programmes (POLICY.md table, 2020 defaults)', () => {
  it('学前教育资助 1000元/年 → 500元 per term for a priority or recognised child', () => {
    expect(amount('preschool_aid', { stage: 'preschool', groups: ['registered_poor'] })).toBe('500.00');
    expect(amount('preschool_aid', { stage: 'preschool', tier: 'general' })).toBe('500.00');
    expect(amount('preschool_aid', { stage: 'preschool' })).toMatch(/不属于/);
  });
  it('寄宿生生活费补助 小学 1000 / 初中 1250 per year, half per term', () => {
    expect(amount('boarding_subsidy', { boarding: true, groups: ['registered_poor'] })).toBe('500.00');
    expect(amount('boarding_subsidy', { stage: 'junior', boarding: true, tier: 'hard' })).toBe('625.00');
    expect(amount('boarding_subsidy', { groups: ['registered_poor'] })).toMatch(/仅限寄宿生/);
  });
  it('非寄宿 建档立卡 gets half the boarder rate; other groups do not', () => {
    expect(amount('nonboarding_living', { groups: ['registered_poor'] })).toBe('250.00');
    expect(amount('nonboarding_living', { stage: 'junior', groups: ['registered_poor'] })).toBe('312.50');
    expect(amount('nonboarding_living', { tier: 'special' })).toMatch(/不属于/);
  });
  it('营养改善计划 4元/在校日 only where the county runs it, for every pupil', () => {
    expect(amount('nutrition', { countyCode: '350421' })).toBe('400.00');
    // 尤溪 pilots the plan's central procurement (work point 1): it runs the plan.
    expect(amount('nutrition', { countyCode: '350426' })).toBe('400.00');
    expect(amount('nutrition', { countyCode: '350481' })).toMatch(/本县未实施/);
  });
  it('普高国家助学金 by tier 3000/2000/1000 (average 2000); 建档立卡 at the top tier', () => {
    expect(amount('senior_grant', { stage: 'senior', tier: 'special' })).toBe('1500.00');
    expect(amount('senior_grant', { stage: 'senior', tier: 'hard' })).toBe('1000.00');
    expect(amount('senior_grant', { stage: 'senior', tier: 'general' })).toBe('500.00');
    expect(amount('senior_grant', { stage: 'senior', tier: 'general', groups: ['registered_poor'] })).toBe(
      '1500.00',
    );
  });
  it('普高免学杂费 = the school fee; a school-specific fee wins', () => {
    expect(amount('senior_fee_waiver', { stage: 'senior', groups: ['minimum_living'] })).toBe('600.00');
    const c: AidPolicyConfig = structuredClone(cfg);
    const p = c.programmes.find((x) => x.code === 'senior_fee_waiver')!;
    if (p.amount.kind === 'fee') p.amount.bySchool['2135000001'] = 1600;
    const r = evaluateProgramme(c, term, p, student({ stage: 'senior', groups: ['registered_poor'] }), V);
    expect(r.ok && r.amountFen).toBe(80000);
  });
  it('中职 免学费 and 国家助学金 2000元/年 in years 1–2 only', () => {
    expect(amount('vocational_grant', { stage: 'vocational', grade: '一年级', tier: 'hard' })).toBe(
      '1000.00',
    );
    expect(amount('vocational_grant', { stage: 'vocational', grade: '三年级', tier: 'hard' })).toMatch(
      /仅限1、2年级/,
    );
    expect(amount('vocational_fee_waiver', { stage: 'vocational', grade: '三年级', tier: 'hard' })).toBe(
      '1000.00',
    );
  });
  it('tells a recognised student who is not a 资助对象 their tier and what the programme needs, never 未认定', () => {
    // 非寄宿建档立卡学生生活补助 goes by 建档立卡 alone: a pupil recognised 困难 is told so.
    expect(amount('nonboarding_living', { tier: 'hard' })).toBe(
      '不属于非寄宿建档立卡学生生活补助的资助对象（认定档次为“困难”，该项目不按认定档次资助，仅限建档立卡学生）',
    );
    expect(amount('senior_fee_waiver', { stage: 'senior', tier: 'special' })).toBe(
      '不属于普通高中免学杂费的资助对象（认定档次为“特别困难”，该项目不按认定档次资助，仅限建档立卡、低保、特困供养、残疾学生）',
    );
    // A version whose 普高国家助学金 takes 特别困难 only: a 困难 student is told the tier it needs.
    const c: AidPolicyConfig = structuredClone(cfg);
    const grant = c.programmes.find((x) => x.code === 'senior_grant')!;
    grant.eligibility.tiers = ['special'];
    const senior = (tier: string) => {
      const r = evaluateProgramme(c, term, grant, student({ stage: 'senior', tier }), V);
      return r.ok ? fenToYuan(r.amountFen) : r.reason;
    };
    expect(senior('special')).toBe('1500.00');
    expect(senior('hard')).toBe(
      '不属于普通高中国家助学金的资助对象（认定档次为“困难”，该项目需“特别困难”，或属于建档立卡、低保、特困供养、孤儿、残疾、烈士子女、受新冠肺炎疫情影响等优先群体）',
    );
    grant.eligibility.groups = [];
    grant.eligibility.tiers = ['special', 'hard'];
    expect(senior('general')).toBe(
      '不属于普通高中国家助学金的资助对象（认定档次为“一般困难”，该项目需“特别困难”或“困难”）',
    );
    // Without any 认定 the reason says so, as before.
    expect(amount('nonboarding_living', {})).toBe(
      '不属于非寄宿建档立卡学生生活补助的资助对象（非优先群体且未认定为相应困难档次）',
    );
  });
  it('清流 overrides the boarding subsidy (小学 1200, 初中 1500 a year, to confirm)', () => {
    expect(
      amount('boarding_subsidy', { countyCode: '350423', boarding: true, groups: ['registered_poor'] }),
    ).toBe('600.00');
    const r = evaluateProgramme(
      cfg,
      term,
      prog('boarding_subsidy'),
      student({ countyCode: '350423', stage: 'junior', boarding: true, groups: ['registered_poor'] }),
      V,
    );
    expect(r.ok && r.amountFen).toBe(75000);
    expect(r.ok && r.rule).toContain('清流县标准，待确认');
    // The non-boarder subsidy stays half the national rate.
    expect(amount('nonboarding_living', { countyCode: '350423', groups: ['registered_poor'] })).toBe(
      '250.00',
    );
  });
  it('explains every line with the rule and the policy version', () => {
    const lines = entitleStudent(
      cfg,
      term,
      student({ countyCode: '350421', boarding: true, groups: ['registered_poor'] }),
      V,
    );
    expect(lines.map((l) => l.programme)).toEqual(['boarding_subsidy', 'nutrition']);
    expect(lines[0]!.rule).toBe(
      '寄宿生生活费补助：建档立卡；小学 1000元/年 ÷ 2 学期 = 500.00元（2020年政策第1版）',
    );
  });
});

describe('policy checks', () => {
  it('accepts the defaults and refuses negative or absurd amounts', () => {
    expect(validatePolicy(cfg).ok).toBe(true);
    const bad = structuredClone(cfg);
    const p = bad.programmes.find((x) => x.code === 'boarding_subsidy')!;
    if (p.amount.kind === 'per_year') p.amount.byStage.primary = -5;
    const r = validatePolicy(bad);
    expect(!r.ok && r.reason).toContain('不能为负数');
    if (p.amount.kind === 'per_year') p.amount.byStage.primary = 9_999_999;
    expect(!validatePolicy(bad).ok && (validatePolicy(bad) as { reason: string }).reason).toContain(
      '超出合理范围',
    );
  });
  it('names the programmes an edit changes, ignoring notes', () => {
    const next = structuredClone(cfg);
    next.programmes[0]!.note = '改了说明';
    expect(programmesChanged(cfg, next)).toEqual([]);
    next.countyOverrides['350423']!.amounts.boarding_subsidy!.primary = 1300;
    next.terms.autumn.schoolDays = 95;
    expect(programmesChanged(cfg, next)).toEqual(['boarding_subsidy', 'nutrition']);
  });
});

describe('公示 working days and coverage', () => {
  const cal = { holidays: cfg.recognition.holidays, extraWorkdays: cfg.recognition.extraWorkdays };
  it('5 working days skip weekends and the 国庆 holiday, count 调休 Saturdays', () => {
    expect(noticeEndDate('2020-09-07', 5, cal)).toBe('2020-09-11');
    expect(noticeEndDate('2020-09-10', 5, cal)).toBe('2020-09-16');
    // Sun 09-27 is a 调休 working day; 10-01..08 are holidays; Sat 10-10 is worked.
    expect(noticeEndDate('2020-09-28', 5, cal)).toBe('2020-10-10');
  });
  it('classifies entitled against paid', () => {
    expect(classifyCoverage(50000, 50000)).toBe('paid');
    expect(classifyCoverage(50000, 0)).toBe('unpaid');
    expect(classifyCoverage(0, 50000)).toBe('not_entitled');
    expect(classifyCoverage(50000, 20000)).toBe('partial');
  });
});
