import { registerAidJobs } from '../modules/aid/aid.jobs.ts';
import { registerComparisonJobs } from '../modules/comparison/comparison.jobs.ts';
import { registerImportJobs } from '../modules/imports/import-jobs.ts';
import type { JobRunner } from './jobs.ts';

/** Every kind of background job, registered in one place. Modules add their kinds here. */
export function registerJobHandlers(jobs: JobRunner): void {
  registerImportJobs(jobs);
  registerComparisonJobs(jobs);
  registerAidJobs(jobs);
}
