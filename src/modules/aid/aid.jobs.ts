import type { JobRunner } from '../../server/jobs.ts';
import { type EntitlementRunResult, runEntitlements } from './entitlement.run.ts';

/** The entitlement run as a background job with progress (UI and CLI). */
export function registerAidJobs(jobs: JobRunner): void {
  jobs.register<{ term: string }, EntitlementRunResult>(
    'aid.entitle',
    ({ db, actor, params, jobId, progress }) =>
      runEntitlements(db, actor, { term: params.term, jobId }, progress),
  );
}
