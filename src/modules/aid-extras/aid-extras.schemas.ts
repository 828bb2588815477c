/** zod schemas of the 学生资助 extras routes (one per input, shared by server and tests). */
import { z } from 'zod';
import { FUND_KINDS, RELIEF_REASONS, RELIEF_STATUSES, VISIT_KINDS } from '../../domain/aid-extras/index.ts';
import { plainText } from '../../server/text-field.ts';

const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
/** Money in 分: an integer (zod's int is a safe integer); sign and size are the rules' business. */
const Fen = z.number().int('金额应为以分为单位的整数');
const Page = {
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
};

export const IdParams = z.strictObject({ id: z.coerce.number().int().positive() });

export const ReliefListQuery = z.strictObject({
  status: z.enum(RELIEF_STATUSES).optional(),
  reason: z.enum(RELIEF_REASONS).optional(),
  q: z.string().max(50).optional(),
  ...Page,
});
export const ApplyBody = z.strictObject({
  personId: z.number().int().positive(),
  studentId: z.number().int().positive().nullish(),
  amountFen: Fen,
  reason: z.enum(RELIEF_REASONS),
  description: plainText(1000, 1, '请说明困难情况'),
});
export const StepBody = z.strictObject({ comment: z.string().trim().max(500).nullish() });
export const PayBody = z.strictObject({
  paidAt: DateStr,
  voucherNo: z.string().trim().max(64).nullish(),
  comment: z.string().trim().max(500).nullish(),
});

export const BalancesQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });
export const EntriesQuery = z.strictObject({
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  kind: z.enum(FUND_KINDS).optional(),
  ...Page,
});
export const EntryBody = z.strictObject({
  schoolCode: z.string().regex(/^\d{10}$/, '学校标识码应为 10 位数字'),
  year: z.number().int().min(2000).max(2100),
  kind: z.enum(FUND_KINDS),
  entryDate: DateStr,
  revenueFen: Fen.optional(),
  ratioBp: z.number().int('提取比例应为整数基点（1% = 100）').nullish(),
  amountFen: Fen.optional(),
  studentId: z.number().int().positive().optional(),
  note: z.string().trim().max(500).nullish(),
});

const Programme = z.enum(['red_candle', 'mentoring']);
export const PairingsQuery = z.strictObject({
  programme: Programme.optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().max(50).optional(),
  ...Page,
});
export const StudentSearchQuery = z.strictObject({
  q: z.string().trim().min(1, '请输入学生姓名或学籍号').max(40),
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .optional(),
});
export const EligibleQuery = z.strictObject({ q: z.string().max(50).optional(), ...Page });
export const PairingBody = z.strictObject({
  programme: Programme.default('red_candle'),
  studentId: z.number().int().positive(),
  teacherName: z.string().trim().min(1, '请填写结对教师').max(50),
  teacherPhone: z.string().max(30).nullish(),
  startDate: DateStr,
});
export const PairingPatchBody = z.strictObject({
  teacherName: z.string().trim().min(1).max(50).optional(),
  teacherPhone: z.string().max(30).nullish(),
  endDate: DateStr.nullish(),
  endReason: z.string().trim().max(200).nullish(),
});
export const VisitBody = z.strictObject({
  date: DateStr,
  kind: z.enum(VISIT_KINDS),
  notes: z.string().trim().min(1, '请填写走访或帮扶内容').max(2000),
});

const Bp = z.number().int();
const Range = z.strictObject({ minBp: Bp, maxBp: Bp, defaultBp: Bp });
export const SettingsBody = z.strictObject({
  relief: z.strictObject({ countyLimitFen: Fen, maxFen: Fen }),
  fund: z.strictObject({ senior: Range, vocational: Range }),
});
