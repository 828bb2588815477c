import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ListKind } from '../../db/types-comparison.ts';
import type { JobRunner } from '../../server/jobs.ts';
import { importList, importRegistry } from '../registry/registry.import.ts';
import { importSchools, type ImportReport as SchoolsReport } from '../schools/schools.import.ts';
import { importStudents } from '../students/students.import.ts';
import { type ImportReport, unwrittenReport } from './import-report.ts';

export interface ImportJobParams extends Record<string, unknown> {
  kind: 'students' | 'registry' | 'lists' | 'schools';
  path: string;
  filename: string;
  listKind?: ListKind | null;
  asOf?: string;
  /** The user confirmed a roll that sends most of a school away (students.import.ts massLeaving). */
  confirmLeft?: boolean;
  /** The user confirmed that pupils 在读 at a school outside their scope moved in (transferHoldMessage). */
  confirmTransfer?: boolean;
  /** The user confirmed a roll is the schools' newest although it undoes an earlier import (olderRollMessage). */
  confirmNewest?: boolean;
  /** The user confirmed a 建档立卡 list that removes most of a county (registry-removal.ts massRemoval). */
  confirmRemoval?: boolean;
  /** Remove the file when done (uploads); the CLI keeps the user's own file. */
  temporary?: boolean;
}

/** Largest number of row messages (and of a registry's changed persons) kept with a job (the report of 10,000 bad IDs fits). */
const KEEP_MESSAGES = 50_000;

/**
 * Registers the import job: roll, registry or list, read and checked in full before anything
 * is written (all or nothing); the report — every bad row — is the job's result.
 */
export function registerImportJobs(jobs: JobRunner): void {
  jobs.register<ImportJobParams, ImportReport>('import', async ({ db, actor, params, progress }) => {
    const file = { path: params.path, filename: params.filename };
    try {
      let report: ImportReport;
      if (params.kind === 'students')
        report = await importStudents(db, actor, file, {
          asOf: params.asOf,
          onProgress: progress,
          confirmLeft: params.confirmLeft === true,
          confirmTransfer: params.confirmTransfer === true,
          confirmNewest: params.confirmNewest === true,
        });
      else if (params.kind === 'registry')
        report = await importRegistry(db, actor, file, progress, {
          confirmRemoval: params.confirmRemoval === true,
        });
      else if (params.kind === 'schools')
        report = schoolsJobReport(
          await importSchools(db, actor, file, (done, total, message) =>
            progress(done, total ?? undefined, message),
          ),
          params.filename,
        );
      else report = await importList(db, actor, file, params.listKind ?? null, progress);
      // Nothing written: no warning tells of what writing would have done.
      report = unwrittenReport(report);
      return {
        ...report,
        errors: report.errors.slice(0, KEEP_MESSAGES),
        warnings: report.warnings.slice(0, KEEP_MESSAGES),
        ...(report.changes !== undefined && { changes: report.changes.slice(0, KEEP_MESSAGES) }),
        ...(report.rollChanges !== undefined && { rollChanges: report.rollChanges.slice(0, KEEP_MESSAGES) }),
        ...((report.errors.length > KEEP_MESSAGES ||
          report.warnings.length > KEEP_MESSAGES ||
          (report.changes?.length ?? 0) > KEEP_MESSAGES ||
          (report.rollChanges?.length ?? 0) > KEEP_MESSAGES) && {
          totals: {
            errors: report.errors.length,
            warnings: report.warnings.length,
            ...(report.changes !== undefined && { changes: report.changes.length }),
            ...(report.rollChanges !== undefined && { changes: report.rollChanges.length }),
          },
        }),
      };
    } finally {
      // An upload lives alone in its own folder (see imports.routes.ts): remove both.
      if (params.temporary) await rm(path.dirname(params.path), { recursive: true, force: true });
    }
  });
}

/**
 * The school list's report in the shape of the other imports' (what the import page, the jobs list
 * and the xlsx problem report read): its counts as 新增/信息变更/无变化, a file-level problem (row 0)
 * as the file's error.
 */
export function schoolsJobReport(r: SchoolsReport, filename: string): ImportReport {
  const fileLevel = r.errors.length === 1 && r.errors[0]!.row === 0 ? r.errors[0]!.message : undefined;
  return {
    ok: r.ok,
    kind: 'schools',
    filename,
    rows: r.rows,
    batchId: null,
    counts: r.ok ? { new: r.inserted, updated: r.updated, unchanged: r.unchanged } : {},
    errors: fileLevel === undefined ? r.errors.map((e) => ({ ...e, severity: 'error' as const })) : [],
    warnings: r.warnings.map((w) => ({ ...w, severity: 'warning' as const })),
    ...(fileLevel !== undefined && { fileError: fileLevel }),
  };
}
