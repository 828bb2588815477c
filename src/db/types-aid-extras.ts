import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the 学生资助 extras (migration 20261128_0006_aid_extras): 应急救助, 学校资助基金,
 * 红烛暖心 / 立德树人 care. Money columns are integer 分 (bigint, parsed to a safe-integer number).
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateCol = ColumnType<string, string, string>;
type NullableDateCol = ColumnType<string | null, string | null | undefined, string | null>;

export type ReliefStatusCol =
  | 'applied'
  | 'school_reviewed'
  | 'county_approved'
  | 'city_approved'
  | 'paid'
  | 'rejected';
export type ReliefStepCol = 'apply' | 'review' | 'county_approve' | 'city_approve' | 'pay' | 'reject';

export interface EmergencyReliefTable {
  id: Generated<number>;
  person_id: number;
  student_id: number | null;
  school_code: string | null;
  name: string;
  amount_fen: number;
  reason: 'illness' | 'disaster' | 'accident' | 'covid' | 'other';
  description: string;
  approval_level: 'county' | 'city';
  status: ReliefStatusCol;
  applied_by: number;
  applied_at: DateCol;
  paid_at: NullableDateCol;
  voucher_no: string | null;
  county_code: string;
  region_code: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EmergencyReliefStepTable {
  id: Generated<number>;
  relief_id: number;
  step: ReliefStepCol;
  from_status: ReliefStatusCol | null;
  to_status: ReliefStatusCol;
  actor_id: number;
  actor_name: string;
  actor_role: string;
  comment: string | null;
  county_code: string;
  region_code: string;
  at: Timestamp;
}

export type FundKindCol = 'extraction' | 'fee_waiver' | 'living_subsidy' | 'adjustment';
export interface SchoolAidFundEntryTable {
  id: Generated<number>;
  school_code: string;
  year: number;
  kind: FundKindCol;
  revenue_fen: number | null;
  ratio_bp: number | null;
  amount_fen: number;
  person_id: number | null;
  student_id: number | null;
  recipient_name: string | null;
  entry_date: DateCol;
  note: string | null;
  created_by: number | null;
  created_by_name: string;
  county_code: string;
  region_code: string;
  created_at: Timestamp;
}

export interface CarePairingTable {
  id: Generated<number>;
  programme: 'red_candle' | 'mentoring';
  student_id: number;
  person_id: number | null;
  name: string;
  school_code: string;
  teacher_name: string;
  teacher_phone: string | null;
  start_date: DateCol;
  end_date: NullableDateCol;
  end_reason: string | null;
  created_by: number | null;
  county_code: string;
  region_code: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type VisitKindCol = 'home_visit' | 'talk' | 'tutoring' | 'psychological' | 'career' | 'other';
export interface CareVisitTable {
  id: Generated<number>;
  pairing_id: number;
  date: DateCol;
  kind: VisitKindCol;
  notes: string;
  school_code: string;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_by_name: string;
  created_at: Timestamp;
}

/** Merged into `DB` in src/db/types.ts. */
export interface AidExtrasTables {
  emergency_relief: EmergencyReliefTable;
  emergency_relief_step: EmergencyReliefStepTable;
  school_aid_fund_entry: SchoolAidFundEntryTable;
  care_pairing: CarePairingTable;
  care_visit: CareVisitTable;
}
