import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { ListKind } from '../../db/types-comparison.ts';
import type { JobRunner } from '../../server/jobs.ts';
import { importList, importRegistry } from '../registry/registry.import.ts';
import { importStudents } from '../students/students.import.ts';
import type { ImportReport } from './import-report.ts';

export interface ImportJobParams extends Record<string, unknown> {
  kind: 'students' | 'registry' | 'lists';
  path: string;
  filename: string;
  listKind?: ListKind | null;
  asOf?: string;
  /** The user confirmed a roll that sends most of a school away (students.import.ts massLeaving). */
  confirmLeft?: boolean;
  /** The user confirmed a 建档立卡 list that removes most of a county (registry-removal.ts massRemoval). */
  confirmRemoval?: boolean;
  /** Remove the file when done (uploads); the CLI keeps the user's own file. */
  temporary?: boolean;
}

/** Largest number of row messages kept with a job (the report of 10,000 bad IDs fits). */
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
        });
      else if (params.kind === 'registry')
        report = await importRegistry(db, actor, file, progress, {
          confirmRemoval: params.confirmRemoval === true,
        });
      else report = await importList(db, actor, file, params.listKind ?? null, progress);
      return {
        ...report,
        errors: report.errors.slice(0, KEEP_MESSAGES),
        warnings: report.warnings.slice(0, KEEP_MESSAGES),
      };
    } finally {
      // An upload lives alone in its own folder (see imports.routes.ts): remove both.
      if (params.temporary) await rm(path.dirname(params.path), { recursive: true, force: true });
    }
  });
}
