/** Shapes of the 控辍保学 API (src/modules/dropout/*.routes.ts) as the browser sees them. */

export const STATUSES = [
  'suspected',
  'persuading',
  'returned',
  'home_teaching',
  'special_education',
  'reported',
  'closed',
] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const REASONS = [
  'learning_difficulty',
  'family_hardship',
  'working_away',
  'school_weariness',
  'illness_disability',
  'early_marriage',
  'other',
] as const;
export const KEY_GROUPS = ['registered_poor', 'disabled', 'left_behind'] as const;
export const METHODS = ['home_visit', 'phone', 'interview', 'written_notice', 'other'] as const;
export const RESULTS = ['failed', 'pending', 'succeeded'] as const;

/** Who may write the ledger (as the server's dropout.access.ts canWriteDropout): the 教师科 and 审计 read only. */
export function canWriteDropout(user: { permissions: { write: boolean }; role: string }): boolean {
  return user.permissions.write && user.role !== 'teacher_section';
}

/** Tag colour of each status. */
export const STATUS_COLORS: Record<CaseStatus, string> = {
  suspected: 'orange',
  persuading: 'processing',
  returned: 'success',
  home_teaching: 'cyan',
  special_education: 'purple',
  reported: 'error',
  closed: 'default',
};

export interface CaseRow {
  id: number;
  person_id: number | null;
  student_id: number | null;
  registry_person_id: number | null;
  name: string;
  sex: string | null;
  birth_date: string | null;
  id_number: string;
  school_code: string | null;
  school_name?: string | null;
  county_code: string;
  county_name?: string | null;
  region_code: string;
  region_name?: string | null;
  source: 'school' | 'transfer' | 'out_of_school';
  left_at: string | null;
  reason: string;
  reason_note: string | null;
  key_groups: string[];
  responsible_school: string | null;
  responsible_township: string | null;
  responsible_county: string | null;
  status: CaseStatus;
  status_since: string;
  deadline: string | null;
  return_date: string | null;
  closed_at: string | null;
  closing_note: string | null;
  opened_at: string;
  overdue: boolean;
  days_overdue: number;
}

/**
 * GET /api/dropout/case-child: what a new case would record about its child, before it is opened —
 * the 重点群体 the records show (kept when the form leaves that field empty), the roll's 辍学日期
 * (kept when the form gives none), the birth date a 辍学日期 may not precede and the bureau's today.
 */
export interface CaseChildPreview {
  name: string;
  birthDate: string | null;
  leftAt: string | null;
  keyGroups: string[];
  today: string;
}

export interface Persuasion {
  id: number;
  date: string;
  persuader: string;
  method: string;
  result: string;
  note: string | null;
}

export interface CaseEvent {
  id: number;
  from_status: CaseStatus | null;
  to_status: CaseStatus;
  date: string;
  note: string | null;
  actor_name: string;
}

export interface HomeTeaching {
  id: number;
  decision_date: string;
  decision_note: string | null;
  teacher: string;
  schedule: string;
  visits_per_month: number;
  start_date: string;
}

export interface Visit {
  id: number;
  date: string;
  teacher: string;
  hours: number | null;
  content: string;
}

export interface ReportMeta {
  id: number;
  recipient: 'township' | 'county';
  recipient_name: string;
  filename: string;
  created_by_name: string;
  created_at: string;
}

export interface CaseDetail {
  case: CaseRow;
  persuasions: Persuasion[];
  events: CaseEvent[];
  homeTeaching: HomeTeaching | null;
  visits: Visit[];
  reports: ReportMeta[];
  next: CaseStatus[];
  canWrite: boolean;
  today: string;
  visitProgress: { month: string; planned: number; done: number; shortfall: number } | null;
  /** The school of the change to 已复学, as recorded. */
  returnSchool: { code: string; name: string } | null;
  /** The roll now: schools inside the viewer's scope by name, others only as "elsewhere". */
  enrolment: {
    enrolled: boolean;
    schools: string[];
    /** The schools above with their codes (the 复学学校 a 已复学 starts at). */
    current: { code: string; name: string }[];
    elsewhere: boolean;
    returnState: 'none' | 'confirmed' | 'unconfirmed';
  };
}

/** A child's case as the lists mark it: the open case, or the one closed last. */
export interface ListCaseMarks {
  open_case: { id: number; status: CaseStatus } | null;
  last_case: { id: number; status: CaseStatus; return_date: string | null; closed_at: string | null } | null;
  /** The latest case records a return, but the child is on no roll: 待学籍核实. */
  return_unconfirmed: boolean;
  /** 重点群体 as the records show them, to pre-fill a new case. */
  key_groups: string[];
}

export interface OutOfSchoolRow extends ListCaseMarks {
  id: number;
  person_no: string;
  household_no: string;
  name: string;
  sex: string | null;
  id_number: string;
  birth_date: string | null;
  age: number | null;
  county_name: string | null;
  township_name: string | null;
  village_name: string | null;
  /** A candidate of a 疑似匹配 row not yet decided. */
  in_review: boolean;
  /** Only of 疑似匹配 rows outside the viewer's scope (another county's pupil). */
  in_review_elsewhere: boolean;
  /** The comparison's 核实提示 (疑似在外县就读 …), or null. */
  hint: string | null;
}

export interface TransferRow extends ListCaseMarks {
  id: number;
  student_no: string;
  name: string;
  id_number: string;
  school_name: string | null;
  stage: string;
  grade: string | null;
  left_at: string;
}

export interface LetterRow {
  id: number;
  year: number;
  party_kind: 'school' | 'township';
  party_code: string;
  party_name: string;
  county_name: string | null;
  issued_at: string;
  signed: boolean;
  signed_at: string | null;
  signer: string | null;
  scan_name: string | null;
  scan_size: number | null;
}

/** Counts of children (each by the latest case), as the dashboard gives them. */
interface ChildCounts {
  total: number;
  open: number;
  /** The latest case records a return. */
  returned: number;
  /** …and the roll shows the child (counts in 复学率). */
  confirmed: number;
  /** …but the child is on no roll (待学籍核实). */
  unconfirmed: number;
  overdue: number;
}

export interface Dashboard {
  today: string;
  totals: ChildCounts & { cases: number; returnRate: number | null };
  byCounty: (ChildCounts & { county_code: string; county_name: string | null })[];
  byStatus: { status: CaseStatus; n: number }[];
  byReason: { reason: string; n: number }[];
  overdue: {
    id: number;
    name: string;
    status: CaseStatus;
    deadline: string;
    school_name: string | null;
    days_overdue: number;
  }[];
  letters: { year: number; total: number; signed: number; unsigned: number };
}

export interface DropoutSettings {
  deadlines: Record<Exclude<CaseStatus, 'closed'>, number | null>;
  transferDays: number;
  homeTeachingVisitsPerMonth: number;
  /** Ages counted on the entry cut-off `MM-DD` (default 08-31). */
  compulsoryAge: { min: number; max: number; cutoff?: string };
}
