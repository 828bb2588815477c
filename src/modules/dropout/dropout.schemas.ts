/** zod schemas of the 控辍保学 API, shared by the route files (one schema per input). */
import { z } from 'zod';
import {
  CASE_SOURCES,
  CASE_STATUSES,
  isIsoDate,
  KEY_GROUPS,
  PERSUASION_METHODS,
  PERSUASION_RESULTS,
  REASONS,
} from '../../domain/dropout/index.ts';
import { plainText } from '../../server/text-field.ts';

/** A calendar date `YYYY-MM-DD` (query parameters). */
export const IsoDate = z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD');
/**
 * A date field of a form, as typed. Checked by the domain rules (domain/dropout checkDay and the
 * rule of each record), which refuse an impossible day such as 2020-02-30 in Chinese naming the
 * field (劝返日期、复学日期…) together with the field's other bounds (today, the case's opening).
 */
export const DayField = z.string().trim().max(40);
/** A 学校标识码. */
const SchoolCode = z.string().regex(/^\d{10}$/, '学校标识码应为 10 位数字');
/** Free text a person types: trimmed, bounded, never a spreadsheet formula. */
export const Text = (max: number) => plainText(max);
export const IdParams = z.strictObject({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53),
});

export const CaseListQuery = z.strictObject({
  status: z.enum(CASE_STATUSES).optional(),
  reason: z.enum(REASONS).optional(),
  source: z.enum(CASE_SOURCES).optional(),
  county: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  overdue: z.enum(['true', 'false']).optional(),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});

export const CreateCaseBody = z.strictObject({
  source: z.enum(CASE_SOURCES),
  studentId: z.number().int().positive().optional(),
  registryPersonId: z.number().int().positive().optional(),
  leftAt: DayField.nullish(),
  reason: z.enum(REASONS),
  reasonNote: Text(500).nullish(),
  keyGroups: z.array(z.enum(KEY_GROUPS)).max(3).optional(),
  responsibleSchool: Text(100).nullish(),
  responsibleTownship: Text(100).nullish(),
  responsibleCounty: Text(100).nullish(),
});

/** The child of a case about to be opened, named as POST /api/dropout/cases names them (the form's preview). */
export const CaseChildQuery = z.strictObject({
  source: z.enum(CASE_SOURCES),
  studentId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53)
    .optional(),
  registryPersonId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 53)
    .optional(),
});

export const PatchCaseBody = z.strictObject({
  reason: z.enum(REASONS).optional(),
  reasonNote: Text(500).nullish(),
  keyGroups: z.array(z.enum(KEY_GROUPS)).max(3).optional(),
  leftAt: DayField.nullish(),
  responsibleSchool: Text(100).nullish(),
  responsibleTownship: Text(100).nullish(),
  responsibleCounty: Text(100).nullish(),
});

export const StatusBody = z.strictObject({
  to: z.enum(CASE_STATUSES),
  date: DayField.optional(),
  returnDate: DayField.nullish(),
  /** 已复学: the school returned to, any school of the city (GET /api/dropout/return-schools). */
  returnSchoolCode: SchoolCode.nullish(),
  note: Text(1000).nullish(),
});

/** The 复学学校 choices: a school's name or the start of its 学校标识码. */
export const ReturnSchoolQuery = z.strictObject({ q: z.string().max(50).optional() });

export const PersuasionBody = z.strictObject({
  date: DayField,
  persuader: Text(100).pipe(z.string().min(1, '请填写劝返人')),
  method: z.enum(PERSUASION_METHODS),
  result: z.enum(PERSUASION_RESULTS),
  note: Text(1000).nullish(),
});

export const HomeTeachingBody = z.strictObject({
  decisionDate: DayField,
  decisionNote: Text(500).nullish(),
  teacher: Text(100).pipe(z.string().min(1, '请填写送教教师')),
  schoolCode: z
    .string()
    .regex(/^\d{10}$/)
    .nullish(),
  schedule: Text(200).pipe(z.string().min(1, '请填写送教计划')),
  visitsPerMonth: z.number().int().min(1).max(31).optional(),
  startDate: DayField,
});

export const VisitBody = z.strictObject({
  date: DayField,
  teacher: Text(100).pipe(z.string().min(1, '请填写送教教师')),
  hours: z.number().min(0).max(24).nullish(),
  content: Text(1000).pipe(z.string().min(1, '请填写送教内容')),
});

export const ReportBody = z.strictObject({ recipient: z.enum(['township', 'county']) });

export const OutOfSchoolQuery = z.strictObject({
  asOf: IsoDate.optional(),
  q: z.string().max(50).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});

export const ExportQuery = z.strictObject({
  asOf: IsoDate.optional(),
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  unmask: z.enum(['true', 'false']).optional(),
});

export const TransferQuery = z.strictObject({ asOf: IsoDate.optional() });

export const SettingsBody = z.strictObject({
  deadlines: z.strictObject({
    suspected: z.number().int().min(1).max(365).nullable(),
    persuading: z.number().int().min(1).max(365).nullable(),
    reported: z.number().int().min(1).max(365).nullable(),
    returned: z.number().int().min(1).max(365).nullable(),
    home_teaching: z.number().int().min(1).max(365).nullable(),
    special_education: z.number().int().min(1).max(365).nullable(),
  }),
  transferDays: z.number().int().min(1).max(365),
  homeTeachingVisitsPerMonth: z.number().int().min(1).max(31),
  compulsoryAge: z.strictObject({
    min: z.number().int().min(0).max(25),
    max: z.number().int().min(0).max(25),
    /** 入学年龄截止日 `MM-DD` (default 08-31), checked by validateSettings. */
    cutoff: z.string().max(10).optional(),
  }),
});

export const LetterListQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100),
  signed: z.enum(['true', 'false']).optional(),
  kind: z.enum(['school', 'township']).optional(),
});
export const IssueBody = z.strictObject({ year: z.number().int().min(2000).max(2100) });
export const LetterPatchBody = z.strictObject({
  signed: z.boolean(),
  signedAt: DayField.nullish(),
  signer: Text(100).nullish(),
});
export const ScanQuery = z.strictObject({ filename: z.string().min(1).max(200).optional() });

/** `attachment` header with a UTF-8 file name that every browser reads. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
