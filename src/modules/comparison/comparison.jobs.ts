import type { JobRunner } from '../../server/jobs.ts';
import { type ComparisonStats, runComparison } from './comparison.service.ts';

/** The in-app comparison as a background job with progress. */
export function registerComparisonJobs(jobs: JobRunner): void {
  jobs.register<{ asOf?: string }, { runId: number; stats: ComparisonStats }>(
    'comparison',
    ({ db, actor, params, jobId, progress }) =>
      runComparison(db, actor, { asOf: params.asOf, jobId }, progress),
  );
}
