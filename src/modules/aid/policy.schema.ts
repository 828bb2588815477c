/**
 * The zod schema of the student-aid policy config (POLICY.md: configuration per year, edited by
 * the city aid centre). It checks the shape; src/domain/aid/policy-check.ts checks the figures.
 * Kept here, not in src/domain, because the domain purity check admits no packages there.
 */
import { z } from 'zod';
import { AID_STAGES, PRIORITY_GROUPS, PROGRAMME_CODES } from '../../domain/aid/index.ts';

const Yuan = z.number().min(0, '金额不能为负数').max(1_000_000, '金额超出合理范围');
const StageAmounts = z.partialRecord(z.enum(AID_STAGES), Yuan);
const Code = z.string().trim().min(1).max(40);

const Amount = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('per_year'), byStage: StageAmounts }),
  z.strictObject({
    kind: z.literal('share_of'),
    programme: z.enum(PROGRAMME_CODES),
    percent: z.number().int().min(1).max(100),
  }),
  z.strictObject({ kind: z.literal('per_school_day'), perDay: Yuan }),
  z.strictObject({ kind: z.literal('by_tier'), byTier: z.record(Code, Yuan), groupTier: Code }),
  z.strictObject({
    kind: z.literal('fee'),
    byStage: StageAmounts,
    bySchool: z.record(z.string().regex(/^\d{10}$/, '学校标识码应为 10 位数字'), Yuan),
  }),
]);

const Programme = z.strictObject({
  code: z.enum(PROGRAMME_CODES),
  name: z.string().trim().min(1).max(50),
  level: z.enum(['national', 'provincial', 'county']),
  enabled: z.boolean(),
  stages: z.array(z.enum(AID_STAGES)).min(1),
  eligibility: z.strictObject({
    allStudents: z.boolean(),
    groups: z.array(z.enum(PRIORITY_GROUPS)),
    tiers: z.array(Code),
    boarding: z.enum(['boarder', 'non_boarder', 'any']),
    gradeYears: z.array(z.number().int().min(1).max(9)).nullable(),
    counties: z.array(z.string().regex(/^3504\d{2}$/, '县级区划代码应为 6 位')).nullable(),
  }),
  amount: Amount,
  note: z.string().max(500).optional(),
});

const TermSettings = z.strictObject({
  startsOn: z.string().regex(/^\d{2}-\d{2}$/, '开学日期应为 MM-DD'),
  schoolDays: z.number().int().min(1).max(183),
  paymentDeadlineDays: z.number().int().min(1).max(365),
});
const Labelled = z.strictObject({ code: Code, label: z.string().trim().min(1).max(40) });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const Ratio = z.strictObject({
  minPercent: z.number().min(0).max(100),
  maxPercent: z.number().min(0).max(100),
});

/** A whole policy config as stored in policy_version.config. */
export const AidPolicySchema = z.strictObject({
  year: z.number().int().min(2015).max(2100),
  terms: z.strictObject({ spring: TermSettings, autumn: TermSettings }),
  programmes: z.array(Programme).min(1),
  countyOverrides: z.record(
    z.string().regex(/^3504\d{2}$/, '县级区划代码应为 6 位'),
    z.strictObject({
      name: z.string().trim().min(1).max(20),
      note: z.string().max(500).optional(),
      toConfirm: z.boolean().optional(),
      amounts: z.partialRecord(z.enum(PROGRAMME_CODES), StageAmounts),
    }),
  ),
  recognition: z.strictObject({
    tiers: z.array(Labelled).min(1),
    noticeWorkingDays: z.number().int().min(1).max(30),
    holidays: z.array(Day),
    extraWorkdays: z.array(Day),
    midYearReasons: z.array(Labelled).min(1),
  }),
  registeredPoorExitStatuses: z.array(z.string().max(40)),
  schoolAidFund: z.strictObject({ senior: Ratio, vocational: Ratio }),
  maxAmountPerTerm: z.number().positive().max(100000),
  supervisionExport: z.strictObject({
    department: z.string().trim().min(1).max(40),
    columns: z.array(z.string()).min(1),
  }),
});
