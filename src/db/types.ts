import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AidTables } from './types-aid.ts';
import type { AidExtrasTables } from './types-aid-extras.ts';
import type { ComparisonTables } from './types-comparison.ts';

/** Row types of every table. Keep in step with src/db/migrations. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface SettingTable {
  key: string;
  value: Json;
  updated_at: Timestamp;
}

export type RegionLevel = 'city' | 'county' | 'township' | 'village';
export interface RegionTable {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  county_code: string | null;
  edition: '2020' | '2023';
  current: boolean;
  is_county_seat: boolean;
  is_urban_district: boolean;
}

export interface RegionCodeMapTable {
  old_code: string;
  new_code: string;
  note: string | null;
}

export type Stage = 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'higher';
export type UrbanRural = 'urban' | 'town' | 'rural';
export type SchoolKind = 'regular' | 'village_school' | 'teaching_point';
export interface SchoolTable {
  code: string;
  name: string;
  county_code: string;
  township_code: string;
  region_code: string;
  stages: ColumnType<Stage[], Stage[], Stage[]>;
  ownership: 'public' | 'private';
  boarding: boolean;
  kind: SchoolKind;
  urban_rural: UrbanRural;
  urban_rural_manual: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  scope_code: string;
  school_code: string | null;
  password_hash: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  password_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface AuditLogTable {
  seq: ColumnType<number, number, never>;
  at: ColumnType<Date, Date | string, never>;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  scope_code: string;
  before: Json | null;
  after: Json | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export interface JobTable {
  id: string;
  kind: string;
  status: JobStatus;
  progress: ColumnType<number, number | undefined, number>;
  total: number | null;
  message: string | null;
  params: Json<Record<string, unknown>>;
  result: Json | null;
  error: string | null;
  created_by: number | null;
  scope_code: string;
  created_at: Timestamp;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  heartbeat_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface DB extends ComparisonTables, AidTables, AidExtrasTables {
  setting: SettingTable;
  region: RegionTable;
  region_code_map: RegionCodeMapTable;
  school: SchoolTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  job: JobTable;
}

export type School = Selectable<SchoolTable>;
export type NewSchool = Insertable<SchoolTable>;
export type SchoolUpdate = Updateable<SchoolTable>;
export type Region = Selectable<RegionTable>;
export type AppUser = Selectable<AppUserTable>;
export type Job = Selectable<JobTable>;
export type AuditEntry = Selectable<AuditLogTable>;

// ---- 控辍保学 (工作要点 5), migration 20261128_0004_dropout. Merged into DB above. ----

type DateCol = ColumnType<string, string, string>;
type NullableDateCol = ColumnType<string | null, string | null | undefined, string | null>;

export type DropoutCaseStatus =
  | 'suspected'
  | 'persuading'
  | 'returned'
  | 'home_teaching'
  | 'special_education'
  | 'reported'
  | 'closed';

export interface DropoutCaseTable {
  id: Generated<number>;
  person_id: number | null;
  student_id: number | null;
  registry_person_id: number | null;
  child_key: string;
  name: string;
  sex: string | null;
  birth_date: NullableDateCol;
  id_number: string | null;
  school_code: string | null;
  county_code: string;
  region_code: string;
  source: 'school' | 'transfer' | 'out_of_school';
  left_at: NullableDateCol;
  reason: string;
  reason_note: string | null;
  key_groups: ColumnType<string[], string[] | undefined, string[]>;
  responsible_school: string | null;
  responsible_township: string | null;
  responsible_county: string | null;
  status: DropoutCaseStatus;
  status_since: DateCol;
  deadline: NullableDateCol;
  return_date: NullableDateCol;
  /** 学校标识码 of the school returned to (已复学); migration 0009. */
  return_school_code: string | null;
  closed_at: NullableDateCol;
  closing_note: string | null;
  opened_at: DateCol;
  opened_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DropoutCaseEventTable {
  id: Generated<number>;
  case_id: number;
  from_status: DropoutCaseStatus | null;
  to_status: DropoutCaseStatus;
  date: DateCol;
  note: string | null;
  actor_id: number | null;
  actor_name: string;
  county_code: string;
  region_code: string;
  created_at: Timestamp;
}

export interface PersuasionTable {
  id: Generated<number>;
  case_id: number;
  date: DateCol;
  persuader: string;
  method: string;
  result: string;
  note: string | null;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface HomeTeachingTable {
  id: Generated<number>;
  case_id: number;
  decision_date: DateCol;
  decision_note: string | null;
  teacher: string;
  school_code: string | null;
  schedule: string;
  visits_per_month: number;
  start_date: DateCol;
  county_code: string;
  region_code: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HomeTeachingVisitTable {
  id: Generated<number>;
  home_teaching_id: number;
  case_id: number;
  date: DateCol;
  teacher: string;
  hours: number | null;
  content: string;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ResponsibilityLetterTable {
  id: Generated<number>;
  year: number;
  party_kind: 'school' | 'township';
  party_code: string;
  party_name: string;
  county_code: string;
  region_code: string;
  issued_at: DateCol;
  signed: ColumnType<boolean, boolean | undefined, boolean>;
  signed_at: NullableDateCol;
  signer: string | null;
  scan: Buffer | null;
  scan_name: string | null;
  scan_type: string | null;
  scan_size: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WrittenReportTable {
  id: Generated<number>;
  case_id: number;
  recipient: 'township' | 'county';
  recipient_name: string;
  filename: string;
  document: Buffer;
  county_code: string;
  region_code: string;
  created_by: number | null;
  created_by_name: string;
  created_at: Timestamp;
}

export interface DB {
  dropout_case: DropoutCaseTable;
  dropout_case_event: DropoutCaseEventTable;
  persuasion: PersuasionTable;
  home_teaching: HomeTeachingTable;
  home_teaching_visit: HomeTeachingVisitTable;
  responsibility_letter: ResponsibilityLetterTable;
  written_report: WrittenReportTable;
}
