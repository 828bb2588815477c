/** Shapes of the comparison API (src/modules/comparison/*.ts). */

export const LISTS = ['linked', 'review', 'unenrolled', 'suspect', 'id_problems', 'unmatched'] as const;
export type ComparisonList = (typeof LISTS)[number];

export type MatchResult = 'confirmed' | 'review' | 'unmatched';

/** GET /api/comparison/summary. */
export interface ComparisonSummary {
  counts: Record<ComparisonList, number>;
  lastRun: {
    id: number;
    as_of: string;
    created_at: string;
    stats: Record<string, number>;
    scope_code: string;
    scope_name: string | null;
    /** The run covered part of the viewer's scope (one county of the city). */
    partial: boolean;
  } | null;
  /** Rolls and lists imported in scope since the last run. */
  importsSinceRun?: number;
  /** The as-of date a new run takes by default, from the server's today. */
  defaultAsOf?: string;
  labels: Record<ComparisonList, string>;
}

/** A student row of every list but `unenrolled` (comparison.queries.ts STUDENT_COLUMNS). */
export interface StudentResultRow {
  student_id: number;
  person_id: number | null;
  student_no: string;
  name: string;
  id_masked: string | null;
  birth_date: string | null;
  stage: string;
  grade: string | null;
  school_name: string;
  result: MatchResult;
  person_no: string | null;
  household_no: string | null;
  score: number | null;
  explanation: string | null;
  id_problem: string | null;
  decided_by: string | null;
  poverty_attribute: string | null;
  exit_status: string | null;
  registry_county: string | null;
}

/** A row of 未入学适龄儿童 (registry children of school age not in the roll). */
export interface UnenrolledRow {
  /** A candidate of a 疑似匹配 row not yet decided. */
  in_review: boolean;
  /** Only of 疑似匹配 rows outside the viewer's scope (another county's pupil). */
  in_review_elsewhere: boolean;
  registry_person_id: number;
  person_id: number | null;
  person_no: string;
  household_no: string;
  name: string;
  id_masked: string | null;
  county_name: string | null;
  township_name: string | null;
  village_name: string | null;
  /** 'YYYY-MM-DD', or null when the registry gives none. */
  birth_date: string | null;
  age: number;
  /** 核实提示 of the run (疑似在外县就读: a namesake born the same day at another county's school), or null. */
  hint: string | null;
}

export type ResultRow = StudentResultRow | UnenrolledRow;

/** GET /api/comparison/review/:studentId (review.service.ts getReview). */
export interface ReviewAnswer {
  result: {
    result: MatchResult;
    explanation: string | null;
    idProblem: string | null;
    personNo: string | null;
  };
  student: {
    id: number;
    personId: number | null;
    studentNo: string;
    name: string;
    sex: string | null;
    birthDate: string | null;
    idMasked: string | null;
    /** The ID's own birth date when the 出生日期 column contradicts it. */
    idBirthDate?: string | null;
    guardianName: string | null;
    guardianIdMasked?: string | null;
    hukou: string | null;
    school: string;
    stage: string;
    grade: string | null;
  };
  candidates: ReviewCandidate[];
}

/** A registry person as the reviewer sees them (review.service.ts registryPersonView): ID masked. */
export interface RegistryPersonView {
  personNo: string;
  householdNo: string;
  name: string;
  sex: string | null;
  birthDate: string | null;
  idMasked: string | null;
  relation: string | null;
  headName: string | null;
  place: string;
  povertyAttribute: string | null;
  exitStatus: string | null;
}

export interface ReviewCandidate {
  personNo: string;
  householdNo: string;
  /** Null for a person linked by hand whom the comparison did not score. */
  score: number | null;
  explanation: string;
  person: (RegistryPersonView & { personId: number | null; headIdMasked?: string | null }) | null;
  differences: {
    name: boolean;
    birthDate: boolean;
    sex: boolean;
    idNumber: boolean;
    /** The pupil's 户籍所在地 is in another county than the registry's. */
    place?: boolean;
    /** The pupil's guardian (name or ID on the roll) is none of the registry household's members. */
    guardian?: boolean;
  } | null;
  household: {
    household_no: string;
    person_no: string;
    name: string;
    relation: string | null;
    birth_date: string | null;
  }[];
}

/** 1 September of the current school year by the browser's clock: shown until the server's default (summary.defaultAsOf) arrives. */
export function defaultAsOf(today = new Date()): string {
  const y = today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;
  return `${y}-09-01`;
}

/** GET /api/comparison/link/:studentId — the registry person a reviewer named, before linking. */
export interface LinkPreview {
  person: RegistryPersonView;
  /** A pupil already confirmed to that person (学籍号 masked), or null. */
  confirmedTo: { name: string; studentNo: string; school: string } | null;
  /** How the pupil and the person differ (姓名、性别、出生日期). */
  differences: string[];
  /** Set when they differ in two of those: the link needs the reviewer's word, and a school may not make it. */
  unlike: { message: string; refused: boolean } | null;
}
