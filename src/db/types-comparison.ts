import type { ColumnType, Generated } from 'kysely';

/** Row types of the 信息识别比对 / 一生一档 tables (migration 20261128_0003_comparison). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T | undefined, string | T>;
type DateText = ColumnType<string | null, string | null | undefined, string | null>;

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  filename: string;
  rows: number;
  summary: Json<Record<string, unknown>>;
  scope_code: string;
  actor_id: number | null;
  created_at: Timestamp;
}

export interface PersonTable {
  id: Generated<number>;
  id_number: string | null;
  fallback_key: string | null;
  name: string;
  sex: string | null;
  birth_date: DateText;
  county_code: string;
  region_code: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudentTable {
  id: Generated<number>;
  student_no: string;
  person_id: number | null;
  name: string;
  sex: string | null;
  birth_date: DateText;
  id_number_raw: string | null;
  id_number: string | null;
  id_problem: string | null;
  /** 身份证件类型 when the number is not a 公民身份号码 (护照, 通行证…); null otherwise. */
  id_type: string | null;
  school_code: string;
  county_code: string;
  region_code: string;
  stage: string;
  grade: string | null;
  class_name: string | null;
  hukou: string | null;
  guardian_name: string | null;
  guardian_id_number: string | null;
  boarding: ColumnType<boolean, boolean | undefined, boolean>;
  left_behind: ColumnType<boolean, boolean | undefined, boolean>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  school_marked_poor: ColumnType<boolean, boolean | undefined, boolean>;
  status: ColumnType<'enrolled' | 'left', 'enrolled' | 'left' | undefined, 'enrolled' | 'left'>;
  left_at: DateText;
  batch_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StudentChangeTable {
  id: Generated<number>;
  student_no: string;
  batch_id: number;
  kind: 'new' | 'moved' | 'left' | 'updated' | 'returned';
  county_code: string;
  region_code: string;
  before: Json | null;
  after: Json | null;
  at: Timestamp;
}

export interface RegistryPersonTable {
  id: Generated<number>;
  batch_id: number;
  person_no: string;
  household_no: string;
  person_id: number | null;
  name: string;
  id_number_raw: string | null;
  id_number: string | null;
  sex: string | null;
  birth_date: DateText;
  relation: string | null;
  head_name: string | null;
  head_id_number: string | null;
  county_name: string | null;
  township_name: string | null;
  village_name: string | null;
  county_code: string;
  region_code: string;
  poverty_attribute: string | null;
  exit_status: string | null;
  school_status: string | null;
  current: ColumnType<boolean, boolean | undefined, boolean>;
}

export type ListKind = 'minimum_living' | 'extreme_poverty' | 'disability' | 'hardship';
export interface AssistanceEntryTable {
  id: Generated<number>;
  batch_id: number;
  list_kind: ListKind;
  name: string;
  id_number_raw: string | null;
  id_number: string | null;
  person_id: number | null;
  detail: string | null;
  county_code: string;
  region_code: string;
  current: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface MatchRunTable {
  id: Generated<number>;
  job_id: string | null;
  scope_code: string;
  as_of: ColumnType<string, string, string>;
  stats: Json<Record<string, unknown>>;
  actor_id: number | null;
  created_at: Timestamp;
}

export type MatchResultKind = 'confirmed' | 'review' | 'unmatched';
export interface MatchResultTable {
  id: Generated<number>;
  run_id: number;
  student_id: number;
  result: MatchResultKind;
  person_no: string | null;
  household_no: string | null;
  score: number | null;
  explanation: string;
  candidates: Json<MatchCandidateJson[]>;
  id_problem: string | null;
  decided_by: string | null;
  county_code: string;
  region_code: string;
}

/** One candidate as stored with a result (enough to show both records side by side). */
export interface MatchCandidateJson {
  personNo: string;
  householdNo: string;
  /** Null for a person linked by hand whom the comparison did not score. */
  score: number | null;
  explanation: string;
  /** Provably another person (DecisionCandidate.otherPerson): not 疑似匹配待核实 on the out-of-school list. */
  otherPerson?: true;
}

export interface MatchDecisionTable {
  id: Generated<number>;
  student_no: string;
  person_no: string;
  /** The person decided on (null: a decision made before the column, whose number had no row then). */
  person_id: number | null;
  decision: 'confirm' | 'reject';
  note: string | null;
  actor_id: number;
  county_code: string;
  region_code: string;
  at: Timestamp;
}

export interface OutOfSchoolTable {
  id: Generated<number>;
  run_id: number;
  registry_person_id: number;
  age: number | null;
  county_code: string;
  region_code: string;
  /** 核实提示 (疑似在外县就读 …), or null; migration 0012. */
  hint: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ComparisonTables {
  import_batch: ImportBatchTable;
  person: PersonTable;
  student: StudentTable;
  student_change: StudentChangeTable;
  registry_person: RegistryPersonTable;
  assistance_entry: AssistanceEntryTable;
  match_run: MatchRunTable;
  match_result: MatchResultTable;
  match_decision: MatchDecisionTable;
  out_of_school: OutOfSchoolTable;
}
