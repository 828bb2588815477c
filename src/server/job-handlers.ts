import type { JobRunner } from './jobs.ts';

/** Every kind of background job, registered in one place. Modules add their kinds here. */
export function registerJobHandlers(_jobs: JobRunner): void {}
