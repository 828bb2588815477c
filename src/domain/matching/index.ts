/**
 * Roll-vs-registry comparison (信息识别比对, 工作要点 2), pure: no I/O, no clock.
 *
 * Pipeline: `preparePerson` each registry row → `buildRegistryIndex` → `prepareStudent` each roll
 * row into a `CandidateCollector` (blocking + comparison, one or more threads) → `mergeBlocks` →
 * `decide` (weights from the data, thresholds, one-to-one) → `explainDecision` per row and
 * `findUnenrolled` for the out-of-school list. `matchInMemory` runs it all for small inputs.
 */
import { CandidateCollector } from './collect.ts';
import { type DecisionOptions, decide, type MatchResult } from './decide.ts';
import { explainDecision, type RowLabel } from './explain.ts';
import { preparePerson, prepareStudent } from './prepare.ts';
import { buildRegistryIndex, type RegistryIndex } from './registry-index.ts';
import type { RawRegistryPerson, RawStudent, RowIssue, StudentDecision } from './types.ts';
import { findUnenrolled } from './unenrolled.ts';

export { type CandidateBlock, CandidateCollector, IntBuffer, mergeBlocks, StudentFlag } from './collect.ts';
export { comparePair, packPair, releaseComparisonMemory, unpackPair } from './compare.ts';
export {
  DEFAULT_DECISION_OPTIONS,
  type DecisionOptions,
  decide,
  type MatchResult,
  ReviewReason,
} from './decide.ts';
export {
  enrolledElsewhereHint,
  enrolledElsewhereHints,
  HINT_MAX_NAMED,
  hintNameKey,
  type OutOfSchoolChild,
  type OutsidePupil,
  plausiblyEnrolledElsewhere,
} from './enrolled-elsewhere.ts';
export {
  confirmedIdProblem,
  explainDecision,
  explainPair,
  fileRowLabel,
  heldIdProblem,
  idHolderIssues,
  manualConfirmExplanation,
  NO_NEAREST,
  nearestPair,
  type RowLabel,
} from './explain.ts';
export {
  EXCEL_FILE_MIN_ROWS,
  EXCEL_FILE_SHARE,
  excelDamageNotice,
  invalidIdNotice,
  registryIdDamageConsequence,
} from './file-notices.ts';
export {
  ADULT_RELATIONS,
  ageOn,
  parseRecordDate,
  parseSex,
  preparePerson,
  prepareStudent,
} from './prepare.ts';
export { buildRegistryIndex, type RegistryIndex } from './registry-index.ts';
export * from './types.ts';
export {
  asOfProblem,
  COMPULSORY_AGES,
  countInReview,
  findUnenrolled,
  personsInReview,
  schoolYearStart,
  unenrolledInListOrder,
} from './unenrolled.ts';
export { bitsRange, scoreOf } from './weights.ts';

/** Everything a small comparison produces, for tests and the in-app comparison of a school's roll. */
export interface InMemoryMatch {
  index: RegistryIndex;
  result: MatchResult;
  decisions: StudentDecision[];
  unenrolled: number[];
  issues: RowIssue[];
}

/** Runs the whole comparison on rows already in memory. `asOf` is 'YYYY-MM-DD'. */
export function matchInMemory(
  students: RawStudent[],
  registry: RawRegistryPerson[],
  asOf: string,
  options: Partial<DecisionOptions> = {},
  rowLabel?: RowLabel,
): InMemoryMatch {
  const issues: RowIssue[] = [];
  const index = buildRegistryIndex(
    registry.map((r) => preparePerson(r, asOf, issues)),
    asOf,
    issues,
  );
  const collector = new CandidateCollector(index, students.length);
  for (const s of students) collector.add(prepareStudent(s, issues));
  const result = decide(collector.finish(), index, options);
  const decisions = students.map((_, i) => explainDecision(result, index, i, rowLabel));
  return { index, result, decisions, unenrolled: findUnenrolled(result, index).persons, issues };
}
export { allRejectedExplanation, SAME_ID_REJECTED } from './review-marks.ts';
