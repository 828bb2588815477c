/** Shapes of the 学生资助 core API (src/modules/aid/*.routes.ts) and small helpers. */
export { fenToYuan } from '../aid-extras/types.ts';

/** The terms the entitlement runs and payment lists use. */
export const TERMS = ['2020-spring', '2020-autumn'] as const;
/** The school year a term belongs to: 2020-spring is in the 2019 school year. */
export const schoolYearOfTerm = (term: string) =>
  term.endsWith('spring') ? Number(term.slice(0, 4)) - 1 : Number(term.slice(0, 4));

export interface Programme {
  code: string;
  name: string;
  stages: string[];
  enabled: boolean;
}

export interface PolicyVersion {
  id: number;
  year: number;
  version: number;
  status: 'draft' | 'active' | 'superseded';
  note: string | null;
  config: PolicyConfig;
  created_at: string;
  activated_at: string | null;
}

export interface PolicyConfig {
  year: number;
  terms: Record<'spring' | 'autumn', { startsOn: string; schoolDays: number; paymentDeadlineDays: number }>;
  programmes: {
    code: string;
    name: string;
    level: string;
    enabled: boolean;
    stages: string[];
    amount: Record<string, unknown> & { kind: string };
    eligibility: { groups: string[]; tiers: string[]; boarding: string; counties: string[] | null };
    note?: string;
  }[];
  countyOverrides: Record<
    string,
    { name: string; note?: string; toConfirm?: boolean; amounts: Record<string, Record<string, number>> }
  >;
  recognition: {
    tiers: { code: string; label: string }[];
    noticeWorkingDays: number;
    holidays: string[];
    extraWorkdays: string[];
    midYearReasons: { code: string; label: string }[];
  };
  schoolAidFund: Record<string, { minPercent: number; maxPercent: number }>;
  maxAmountPerTerm: number;
  supervisionExport: { department: string; columns: string[] };
}

export interface ActivePolicy {
  policy: PolicyVersion;
  programmes: Programme[];
}

export interface Recognition {
  id: number;
  school_year: number;
  student_id: number;
  person_id: number | null;
  name: string;
  student_no: string;
  school_code: string;
  school_name: string;
  grade: string | null;
  tier: string | null;
  priority_groups: string[];
  prefilled_groups: string[];
  status: string;
  status_label: string;
  mid_year: boolean;
  notice_id: number | null;
}

export interface Notice {
  id: number;
  school_year: number;
  school_code: string;
  school_name: string;
  title: string;
  starts_on: string;
  ends_on: string;
  working_days: number;
  status: string;
}

export interface Objection {
  id: number;
  notice_id: number;
  recognition_id: number | null;
  received_on: string;
  raised_by: string | null;
  content: string;
  status: 'open' | 'upheld' | 'dismissed';
  resolution: string | null;
}

export interface NoticeDetail {
  notice: Notice;
  items: {
    recognition_id: number;
    name: string;
    school: string;
    grade: string;
    tier: string;
    status: string;
  }[];
  objections: Objection[];
}

export interface EntitlementRun {
  id: number;
  term: string;
  scope_code: string;
  job_id: string | null;
  stats: { lines?: number; totalFen?: number; policy?: string; durationMs?: number };
  diff: { added?: number; removed?: number; changed?: number; firstRun?: boolean };
  duration_ms: number | null;
  created_at: string;
  /** A run over a wider scope (the city's): its figures are this user's part of it. */
  scoped: boolean;
}

export interface EntitlementLine {
  id: number;
  student_id: number;
  person_id: number | null;
  name: string;
  student_no: string;
  school_name: string;
  stage: string;
  programme: string;
  amount_fen: number;
  rule: string;
}

export interface PaymentList {
  id: number;
  programme: string;
  term: string;
  school_code: string;
  school_name: string;
  status: 'draft' | 'submitted' | 'approved' | 'paid';
  status_label: string;
  lines: number;
  total_fen: number;
  /** Paid lines only (what the bank paid). */
  paid_fen: number;
  paid_lines: number;
  /** Lines the bank could not pay (failed, or re-queued onto a later list). */
  failed_lines: number;
  created_by: number;
  submitted_by: number | null;
  approved_by: number | null;
  returned_reason: string | null;
}

export interface PaymentLine {
  id: number;
  student_id: number;
  person_id: number | null;
  student_no: string;
  name: string;
  id_masked: string | null;
  amount_fen: number;
  entitled_fen: number | null;
  status: 'pending' | 'paid' | 'failed' | 'requeued';
  paid_at: string | null;
  bank_status: string | null;
  bank_message: string | null;
}

export interface LineIssue {
  lineId: number;
  kind: string;
  /** Only `error` holds a list up; `warning`: verify before paying; `notice`: follow up (payment.ts checkLines). */
  severity: 'error' | 'warning' | 'notice';
  message: string;
}

/** One row of the coverage report (coverage.queries.ts coverageReport): student counts. */
export interface CoverageRow {
  key: string;
  name: string;
  students: number;
  poor: number;
  /** 建档立卡 marked 已脱贫(不享受政策), not otherwise poor. */
  exited: number;
  /** = paid_all + paid_some + unpaid. */
  entitled: number;
  paid_all: number;
  paid_some: number;
  unpaid: number;
  /** Any payment at all (not shown: the three parts above tell it). */
  paid: number;
  not_entitled: number;
  poor_without_aid: number;
  entitled_fen: number;
  paid_fen: number;
}

/** A student behind 困难无资助 or 已脱贫不享受, with why they get nothing. */
export interface CoverageGap {
  student_id: number;
  person_id: number | null;
  student_no: string;
  name: string;
  school_name: string;
  stage: string;
  grade: string | null;
  ent_fen: number;
  basis: string[];
  reasons: string[];
}

export interface CoverageStudent {
  student_id: number;
  person_id: number | null;
  student_no: string;
  name: string;
  school_name: string;
  stage: string;
  programme: string;
  ent_fen: number;
  paid_fen: number;
  status: string;
  status_label: string;
  /** 审批后应享变动: the payment was right at approval, a later run ended or changed the entitlement. */
  note: string | null;
}

export const STATUS_COLORS: Record<string, string> = {
  applied: 'default',
  school_reviewed: 'blue',
  in_notice: 'gold',
  confirmed: 'green',
  archived: 'cyan',
  rejected: 'red',
  revoked: 'red',
  draft: 'default',
  submitted: 'gold',
  approved: 'blue',
  paid: 'green',
  pending: 'default',
  failed: 'red',
  requeued: 'orange',
  partial: 'orange',
  unpaid: 'red',
  overpaid: 'volcano',
  not_entitled: 'magenta',
};
