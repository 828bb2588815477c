/** Shapes of the 一生一档 API (src/modules/persons/persons.queries.ts). */

/** GET /api/persons?q= → `{ items }`. */
export interface PersonHit {
  id: number;
  name: string;
  sex: string | null;
  birth_date: string | null;
  county_code: string;
  /** The county's current name (region table). */
  county_name: string | null;
  id_masked: string | null;
  /** Found by a 学籍号 the pupil had before a newer roll renumbered them: that number and today's. */
  former_student_no: { former: string; current: string } | null;
  /** A record of theirs moved to another person's file by an ID correction (the file says where). */
  moved_out: boolean;
  /** Nothing of theirs in the user's scope but that note (found by the former ID). */
  history_only: boolean;
}

export interface PersonEnrolment {
  id: number;
  student_no: string;
  name: string;
  stage: string;
  grade: string | null;
  class_name: string | null;
  status: 'enrolled' | 'left';
  left_at: string | null;
  created_at: string;
  updated_at: string;
  id_problem: string | null;
  /** The comparison's word on the ID, as the 证件号问题 list gives it; null for roles that read no aid. */
  match_id_problem?: string | null;
  /** 身份证件类型 when the number is not a 公民身份号码 (护照, 通行证…). */
  id_type: string | null;
  school_name: string;
  school_code: string;
  result: 'confirmed' | 'review' | 'unmatched' | null;
  person_no: string | null;
  explanation: string | null;
  decided_by: string | null;
}

/** One field a newer roll changed; ID numbers arrive masked. */
export interface ChangedField {
  field: string;
  before: string | boolean | null;
  after: string | boolean | null;
  /** Where a number whose masked values read alike changed (第11位不同). */
  note?: string | null;
}

export interface PersonChange {
  student_no: string;
  kind: 'new' | 'moved' | 'left' | 'updated' | 'returned';
  at: string;
  school_before: string | null;
  school_after: string | null;
  /** The schools' names (null: a code no longer in the school list). */
  school_before_name: string | null;
  school_after_name: string | null;
  fields: ChangedField[];
}

/**
 * A record a roll moved between persons by correcting the pupil's ID: out of this file (to the file
 * it is in now) or into it (from the former ID's file). IDs and 学籍号 masked.
 */
export interface MovedRecord {
  direction: 'out' | 'in';
  student_no: string;
  /** The import's day, YYYY-MM-DD. */
  day: string;
  from_id: string;
  to_id: string;
  /** The sentence, in Chinese (the API's). */
  note: string;
  /** The other file, when the user may open it. */
  person_id: number | null;
}

/** A newer roll's change of the pupil's 学籍号 (temporary L… → G + ID), and when that roll was imported. */
export interface Renumbering {
  from: string;
  to: string;
  at: string;
}

export interface RegistryMembership {
  id: number;
  person_no: string;
  household_no: string;
  name: string;
  relation: string | null;
  county_name: string | null;
  township_name: string | null;
  village_name: string | null;
  poverty_attribute: string | null;
  exit_status: string | null;
  school_status: string | null;
  current: boolean;
  /** The 建档立卡 file the row came from, and when it was imported. */
  list_file: string;
  imported_at: string;
}

export interface HouseholdMember {
  person_no: string;
  household_no: string;
  name: string;
  relation: string | null;
  birth_date: string | null;
  person_id: number | null;
}

export interface ListEntry {
  list_kind: string;
  /** The name the list gave (the 一生一档's may differ). */
  name: string;
  detail: string | null;
  county_code: string;
  current: boolean;
  list_file: string;
  imported_at: string;
}

export interface Decision {
  student_no: string;
  person_no: string;
  decision: 'confirm' | 'reject';
  note: string | null;
  at: string;
  actor: string | null;
  /** False once voided (an ID correction) or replaced by a later decision: kept, marked. */
  in_force?: boolean;
  /** In force, but the person decided on is on no current 建档立卡 list. */
  person_off_list?: true;
}

/** GET /api/persons/:id. */
export interface PersonFile {
  person: {
    id: number;
    name: string;
    sex: string | null;
    birth_date: string | null;
    county_code: string;
    region_code: string;
    created_at: string;
    updated_at: string;
    id_masked: string | null;
    has_id: boolean;
  };
  /** Nothing of the person's is in the user's scope but records that left them (`moved_out`): no record shown. */
  history_only: boolean;
  /**
   * The user reads care files only (教师科: a child in a 红烛暖心 pairing): identity, the current
   * enrolment (no comparison result) and the care tab; the other sections come empty.
   */
  care_only: boolean;
  /** Records an ID correction moved to another person's file, oldest first. */
  moved_out: MovedRecord[];
  /** Records an ID correction brought here from the former ID's file. */
  moved_in: MovedRecord[];
  students: PersonEnrolment[];
  /** Every change of 学籍号, oldest first. */
  renumbered: Renumbering[];
  changes: PersonChange[];
  registry: RegistryMembership[];
  household: HouseholdMember[];
  lists: ListEntry[];
  decisions: Decision[];
}

export function time(s: string | null): string {
  return s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—';
}
