/**
 * The student-aid policy configuration of one policy year (POLICY.md: "every amount, ratio,
 * target, threshold and deadline lives in a versioned policy configuration … never in code").
 * This file holds its shape, the 2020 Sanming defaults taken from POLICY.md Part 1, and the
 * semantic checks the city aid centre's edits must pass. Amounts in the config are yuan per
 * school year (as the policy writes them); rules convert them exactly to fen per term.
 */

/** The five stages of 五个阶段全覆盖 that the roll carries (高等教育 is paid by universities). */
export const AID_STAGES = ['preschool', 'primary', 'junior', 'senior', 'vocational'] as const;
export type AidStage = (typeof AID_STAGES)[number];
export const STAGE_LABELS: Record<string, string> = {
  preschool: '学前',
  primary: '小学',
  junior: '初中',
  senior: '普通高中',
  vocational: '中职',
  higher: '高等教育',
};

/** Priority groups of 家庭经济困难学生认定 (教财〔2018〕16号), in the order the rule text cites them. */
export const PRIORITY_GROUPS = [
  'registered_poor',
  'minimum_living',
  'extreme_poverty',
  'orphan',
  'disability',
  'martyr_child',
  'covid_affected',
] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];
export const GROUP_LABELS: Record<PriorityGroup, string> = {
  registered_poor: '建档立卡',
  minimum_living: '低保',
  extreme_poverty: '特困供养',
  orphan: '孤儿',
  disability: '残疾',
  martyr_child: '烈士子女',
  covid_affected: '受新冠肺炎疫情影响',
};

/** The programmes the entitlement run computes (POLICY.md, national programmes table). */
export const PROGRAMME_CODES = [
  'preschool_aid',
  'boarding_subsidy',
  'nonboarding_living',
  'nutrition',
  'senior_grant',
  'senior_fee_waiver',
  'vocational_fee_waiver',
  'vocational_grant',
] as const;
export type ProgrammeCode = (typeof PROGRAMME_CODES)[number];

export type StageAmounts = Partial<Record<AidStage, number>>;

/** How a programme's amount is figured; all yuan figures are per school year unless named per day. */
export type AmountRule =
  | { kind: 'per_year'; byStage: StageAmounts }
  /** A share of another programme's default (national) yearly rate: 非寄宿 = 50% of 寄宿. */
  | { kind: 'share_of'; programme: ProgrammeCode; percent: number }
  /** 营养改善计划: so much per school day (4元/在校日). */
  | { kind: 'per_school_day'; perDay: number }
  /** 普高国家助学金: by recognised tier; a priority-group student without a better tier gets `groupTier`. */
  | { kind: 'by_tier'; byTier: Record<string, number>; groupTier: string }
  /** 免学费/免学杂费: the school's fee, with a default per stage. */
  | { kind: 'fee'; byStage: StageAmounts; bySchool: Record<string, number> };

export interface Eligibility {
  /** Every enrolled student qualifies (营养改善计划). */
  allStudents: boolean;
  /** Any of these priority groups qualifies. */
  groups: PriorityGroup[];
  /** Any of these recognised tiers qualifies. */
  tiers: string[];
  boarding: 'boarder' | 'non_boarder' | 'any';
  /** Only these years of study (中职国家助学金: 1 and 2); null = every year. */
  gradeYears: number[] | null;
  /** Only in these counties (营养改善计划 "where the county runs it"); null = everywhere. */
  counties: string[] | null;
}

export interface ProgrammeConfig {
  code: ProgrammeCode;
  name: string;
  level: 'national' | 'provincial' | 'county';
  enabled: boolean;
  stages: AidStage[];
  eligibility: Eligibility;
  amount: AmountRule;
  note?: string;
}

/** A county's own figures (工作要点 1: 清流 higher boarding subsidy), yuan per year by stage. */
export interface CountyOverride {
  name: string;
  note?: string;
  /** Marked when the figure still waits for the county's written confirmation. */
  toConfirm?: boolean;
  amounts: Partial<Record<ProgrammeCode, StageAmounts>>;
}

export interface TermSettings {
  /** First day of the term, `MM-DD`. */
  startsOn: string;
  /** 在校日 for 营养改善计划. */
  schoolDays: number;
  /** Payment must reach the student within this many days of the term's start. */
  paymentDeadlineDays: number;
}

export interface TierConfig {
  code: string;
  label: string;
}

export interface AidPolicyConfig {
  year: number;
  terms: { spring: TermSettings; autumn: TermSettings };
  programmes: ProgrammeConfig[];
  countyOverrides: Record<string, CountyOverride>;
  recognition: {
    tiers: TierConfig[];
    noticeWorkingDays: number;
    holidays: string[];
    extraWorkdays: string[];
    midYearReasons: TierConfig[];
  };
  /** 脱贫状态 values under which a 建档立卡 student still enjoys the policy. */
  registeredPoorExitStatuses: string[];
  /** 学校资助基金: share of 事业收入 set aside (工作要点 2), percent. */
  schoolAidFund: Record<'senior' | 'vocational', { minPercent: number; maxPercent: number }>;
  /** A line above this (yuan per term) is absurd and refused. */
  maxAmountPerTerm: number;
  supervisionExport: { department: string; columns: string[] };
}

const ALL_TIERS = ['special', 'hard', 'general'];
const ALL_GROUPS: PriorityGroup[] = [...PRIORITY_GROUPS];
const elig = (e: Partial<Eligibility>): Eligibility => ({
  allStudents: false,
  groups: ALL_GROUPS,
  tiers: ALL_TIERS,
  boarding: 'any',
  gradeYears: null,
  counties: null,
  ...e,
});

/** The 5 省级扶贫开发重点县 (POLICY.md 工作要点 7, default, to confirm): 明溪 清流 宁化 泰宁 建宁. */
export const KEY_POVERTY_COUNTIES = ['350421', '350423', '350424', '350429', '350430'];

/**
 * Counties that run the 营养改善计划 (default, to confirm): the 5 key counties, and 尤溪, whose
 * nutrition-plan pilot (大宗食品及原辅材料统一采购集中配送) work point 1 asks to extend — a county
 * piloting the plan's procurement runs the plan.
 */
export const NUTRITION_COUNTIES = [...KEY_POVERTY_COUNTIES, '350426'];

/** 2020 public holidays and 调休 working weekends (国务院办公厅 2019-11-21 and the 春节 extension). */
const HOLIDAYS_2020 = [
  '2020-01-01',
  ...['24', '25', '26', '27', '28', '29', '30', '31'].map((d) => `2020-01-${d}`),
  '2020-02-01',
  '2020-02-02',
  '2020-04-04',
  '2020-04-05',
  '2020-04-06',
  ...['01', '02', '03', '04', '05'].map((d) => `2020-05-${d}`),
  '2020-06-25',
  '2020-06-26',
  '2020-06-27',
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => `2020-10-${d}`),
];
const EXTRA_WORKDAYS_2020 = [
  '2020-01-19',
  '2020-04-26',
  '2020-05-09',
  '2020-06-28',
  '2020-09-27',
  '2020-10-10',
];

/**
 * The 2020 Sanming defaults (POLICY.md Part 1 table; figures marked (default) there are ours and
 * must be confirmed by the bureau — they are data, editable as a new policy version).
 */
export function defaultAidPolicy(year = 2020): AidPolicyConfig {
  return {
    year,
    terms: {
      spring: { startsOn: '03-01', schoolDays: 100, paymentDeadlineDays: 90 },
      autumn: { startsOn: '09-01', schoolDays: 100, paymentDeadlineDays: 90 },
    },
    programmes: [
      {
        code: 'preschool_aid',
        name: '学前教育资助',
        level: 'national',
        enabled: true,
        stages: ['preschool'],
        eligibility: elig({}),
        amount: { kind: 'per_year', byStage: { preschool: 1000 } },
        note: '省定标准，默认 1000元/年（待确认）',
      },
      {
        code: 'boarding_subsidy',
        name: '寄宿生生活费补助',
        level: 'national',
        enabled: true,
        stages: ['primary', 'junior'],
        eligibility: elig({ boarding: 'boarder' }),
        amount: { kind: 'per_year', byStage: { primary: 1000, junior: 1250 } },
      },
      {
        code: 'nonboarding_living',
        name: '非寄宿建档立卡学生生活补助',
        level: 'national',
        enabled: true,
        stages: ['primary', 'junior'],
        eligibility: elig({ groups: ['registered_poor'], tiers: [], boarding: 'non_boarder' }),
        amount: { kind: 'share_of', programme: 'boarding_subsidy', percent: 50 },
        note: '按寄宿生国家标准的一半',
      },
      {
        code: 'nutrition',
        name: '营养改善计划',
        level: 'national',
        enabled: true,
        stages: ['primary', 'junior'],
        eligibility: elig({ allStudents: true, groups: [], tiers: [], counties: NUTRITION_COUNTIES }),
        amount: { kind: 'per_school_day', perDay: 4 },
        note: '实施县（默认 5 个省级扶贫开发重点县及尤溪县，待确认）全体义务教育学生',
      },
      {
        code: 'senior_grant',
        name: '普通高中国家助学金',
        level: 'national',
        enabled: true,
        stages: ['senior'],
        eligibility: elig({}),
        amount: {
          kind: 'by_tier',
          byTier: { special: 3000, hard: 2000, general: 1000 },
          groupTier: 'special',
        },
        note: '1000–3000元/年分档，平均 2000元；建档立卡等优先群体按最高档（待确认）',
      },
      {
        code: 'senior_fee_waiver',
        name: '普通高中免学杂费',
        level: 'national',
        enabled: true,
        stages: ['senior'],
        eligibility: elig({
          groups: ['registered_poor', 'minimum_living', 'extreme_poverty', 'disability'],
          tiers: [],
        }),
        amount: { kind: 'fee', byStage: { senior: 1200 }, bySchool: {} },
        note: '按学校收费标准；默认 1200元/年（待确认），可按学校设置',
      },
      {
        code: 'vocational_fee_waiver',
        name: '中职免学费',
        level: 'national',
        enabled: true,
        stages: ['vocational'],
        eligibility: elig({}),
        amount: { kind: 'fee', byStage: { vocational: 2000 }, bySchool: {} },
        note: '按学校收费标准；默认 2000元/年（待确认）',
      },
      {
        code: 'vocational_grant',
        name: '中职国家助学金',
        level: 'national',
        enabled: true,
        stages: ['vocational'],
        eligibility: elig({ gradeYears: [1, 2] }),
        amount: { kind: 'per_year', byStage: { vocational: 2000 } },
        note: '一、二年级',
      },
    ],
    countyOverrides: {
      '350423': {
        name: '清流县',
        note: '清流县提高寄宿生生活费补助标准试点（工作要点 1）；金额为默认值，待县教育局书面确认',
        toConfirm: true,
        amounts: { boarding_subsidy: { primary: 1200, junior: 1500 } },
      },
    },
    recognition: {
      tiers: [
        { code: 'special', label: '特别困难' },
        { code: 'hard', label: '困难' },
        { code: 'general', label: '一般困难' },
      ],
      noticeWorkingDays: 5,
      holidays: year === 2020 ? HOLIDAYS_2020 : [],
      extraWorkdays: year === 2020 ? EXTRA_WORKDAYS_2020 : [],
      midYearReasons: [
        { code: 'covid', label: '受新冠肺炎疫情影响' },
        { code: 'sudden_hardship', label: '突发变故（重大疾病、灾害、意外等）' },
        { code: 'other', label: '其他' },
      ],
    },
    registeredPoorExitStatuses: ['未脱贫', '已脱贫(享受政策)', '已脱贫（享受政策）'],
    schoolAidFund: { senior: { minPercent: 3, maxPercent: 5 }, vocational: { minPercent: 5, maxPercent: 5 } },
    maxAmountPerTerm: 10000,
    supervisionExport: {
      department: '{county}教育局',
      columns: ['项目', '主管部门', '区县', '乡镇', '姓名', '身份证号', '金额', '发放日期', '人次'],
    },
  };
}
