import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
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

export interface DB extends ComparisonTables {
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
