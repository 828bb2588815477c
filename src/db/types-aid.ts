import type { ColumnType, Generated } from 'kysely';

/** Row types of the 学生资助 tables (migration 20261128_0005_aid). Money is integer fen (分). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
type DateCol = ColumnType<string, string, string>;
type NullableDateCol = ColumnType<string | null, string | null | undefined, string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type PolicyStatus = 'draft' | 'active' | 'superseded';
export interface PolicyVersionTable {
  id: Generated<number>;
  year: number;
  version: number;
  config: Json<unknown>;
  status: PolicyStatus;
  note: string | null;
  created_by: number | null;
  created_at: Timestamp;
  activated_by: number | null;
  activated_at: NullableTimestamp;
}

export type RecognitionStatus =
  | 'applied'
  | 'school_reviewed'
  | 'in_notice'
  | 'confirmed'
  | 'archived'
  | 'rejected'
  | 'revoked';
export interface RecognitionTable {
  id: Generated<number>;
  school_year: number;
  student_id: number;
  person_id: number | null;
  school_code: string;
  grade: string | null;
  tier: string | null;
  priority_groups: TextArray;
  prefilled_groups: TextArray;
  reason: string;
  status: RecognitionStatus;
  mid_year: ColumnType<boolean, boolean | undefined, boolean>;
  mid_year_reason: string | null;
  class_review: string | null;
  school_review: string | null;
  reviewed_by: number | null;
  notice_id: number | null;
  confirmed_by: number | null;
  confirmed_at: NullableTimestamp;
  archived_at: NullableTimestamp;
  decision_note: string | null;
  semester_reviews: Json<unknown[]>;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RecognitionAttachmentTable {
  id: Generated<number>;
  recognition_id: number;
  filename: string;
  content_type: string;
  size: number;
  data: Buffer;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface PublicNoticeTable {
  id: Generated<number>;
  school_year: number;
  school_code: string;
  title: string;
  starts_on: DateCol;
  ends_on: DateCol;
  working_days: number;
  status: ColumnType<'open' | 'closed', 'open' | 'closed' | undefined, 'open' | 'closed'>;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_at: Timestamp;
  closed_at: NullableTimestamp;
}

export type ObjectionStatus = 'open' | 'upheld' | 'dismissed';
export interface ObjectionTable {
  id: Generated<number>;
  notice_id: number;
  recognition_id: number | null;
  received_on: DateCol;
  raised_by: string | null;
  content: string;
  status: ColumnType<ObjectionStatus, ObjectionStatus | undefined, ObjectionStatus>;
  resolution: string | null;
  resolved_by: number | null;
  resolved_at: NullableTimestamp;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface EntitlementRunTable {
  id: Generated<number>;
  term: string;
  policy_version_id: number;
  scope_code: string;
  job_id: string | null;
  stats: Json<Record<string, unknown>>;
  diff: Json<Record<string, unknown>>;
  duration_ms: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface EntitlementTable {
  id: Generated<number>;
  run_id: number;
  term: string;
  student_id: number;
  person_id: number | null;
  school_code: string;
  stage: string;
  programme: string;
  amount_fen: number;
  rule: string;
  policy_version_id: number;
  county_code: string;
  region_code: string;
}

export interface EntitlementChangeTable {
  id: Generated<number>;
  run_id: number;
  student_id: number;
  programme: string;
  kind: 'added' | 'removed' | 'changed';
  old_fen: number | null;
  new_fen: number | null;
  county_code: string;
  region_code: string;
  /** Why a removal happened (migration 0015; null before it and for other kinds). */
  reason: string | null;
}

/** A run's figures per school and programme ('*': all programmes), kept when it ends (migration 0016). */
export interface EntitlementRunPartTable {
  run_id: number;
  school_code: string;
  programme: string;
  lines: number;
  fen: ColumnType<number, number, number>;
  students: number;
  county_code: string;
  region_code: string;
}

export type PaymentListStatus = 'draft' | 'submitted' | 'approved' | 'paid';
export interface PaymentListTable {
  id: Generated<number>;
  programme: string;
  term: string;
  school_code: string;
  status: ColumnType<PaymentListStatus, PaymentListStatus | undefined, PaymentListStatus>;
  policy_version_id: number | null;
  note: string | null;
  returned_reason: string | null;
  created_by: number;
  created_at: Timestamp;
  submitted_by: number | null;
  submitted_at: NullableTimestamp;
  approved_by: number | null;
  approved_at: NullableTimestamp;
  paid_at: NullableTimestamp;
  county_code: string;
  region_code: string;
  updated_at: Timestamp;
}

export type PaymentLineStatus = 'pending' | 'paid' | 'failed' | 'requeued';
export interface PaymentLineTable {
  id: Generated<number>;
  list_id: number;
  student_id: number;
  person_id: number | null;
  student_no: string;
  name: string;
  id_number: string | null;
  programme: string;
  term: string;
  amount_fen: number;
  entitled_fen: number | null;
  status: ColumnType<PaymentLineStatus, PaymentLineStatus | undefined, PaymentLineStatus>;
  paid_at: NullableDateCol;
  bank_status: string | null;
  bank_message: string | null;
  bank_return_id: number | null;
  locked: ColumnType<boolean, boolean | undefined, boolean>;
  school_code: string;
  county_code: string;
  region_code: string;
  created_at: Timestamp;
}

export interface BankReturnTable {
  id: Generated<number>;
  list_id: number;
  filename: string;
  rows: number;
  paid: number;
  failed: number;
  imported_by: number | null;
  imported_at: Timestamp;
  county_code: string;
  region_code: string;
}

/**
 * Derived (migration 0007, ADR 0005), kept by triggers on `entitlement` and `payment_line`;
 * read-only for the application. Per term × student × programme: line counts.
 */
export interface CoveragePairTable {
  term: string;
  student_id: number;
  programme: string;
  ent_lines: ColumnType<number, never, never>;
  paid_lines: ColumnType<number, never, never>;
}

/** Derived like `coverage_pair`. Per term × student: 分 and programmes 应享未享 / paid without entitlement. */
export interface CoverageStudentTable {
  term: string;
  student_id: number;
  ent_fen: ColumnType<string, never, never>;
  paid_fen: ColumnType<string, never, never>;
  unpaid_programmes: ColumnType<number, never, never>;
  unentitled_programmes: ColumnType<number, never, never>;
}

/** Merged into `DB` (src/db/types.ts). */
export interface AidTables {
  policy_version: PolicyVersionTable;
  recognition: RecognitionTable;
  recognition_attachment: RecognitionAttachmentTable;
  public_notice: PublicNoticeTable;
  objection: ObjectionTable;
  entitlement_run: EntitlementRunTable;
  entitlement: EntitlementTable;
  entitlement_change: EntitlementChangeTable;
  entitlement_run_part: EntitlementRunPartTable;
  payment_list: PaymentListTable;
  payment_line: PaymentLineTable;
  bank_return: BankReturnTable;
  coverage_pair: CoveragePairTable;
  coverage_student: CoverageStudentTable;
}
