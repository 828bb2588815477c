import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Job } from '../db/types.ts';
import { appendAudit } from './audit.ts';
import type { Actor } from './scope.ts';

/** What a job handler gets: the database, its parameters, who started it, and a way to report progress. */
export interface JobContext<P> {
  db: Kysely<DB>;
  params: P;
  actor: Actor;
  jobId: string;
  /** Report progress; written to the database at most every `progressIntervalMs`. */
  progress(done: number, total?: number, message?: string): void;
}

export type JobHandler<P = any, R = unknown> = (ctx: JobContext<P>) => Promise<R>;

export interface JobRunnerOptions {
  progressIntervalMs?: number;
  /** Called on every progress report (the CLI draws its bar from this). */
  onProgress?: (jobId: string, done: number, total: number | null, message: string | null) => void;
}

/**
 * Runs long work (imports, comparisons, entitlement runs, exports) in the background with
 * status and progress persisted in `job`, so the UI can show a bar and a crash can never
 * leave a job "running": on start-up `recover` marks interrupted jobs failed.
 */
export class JobRunner {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #running = new Map<string, Promise<void>>();
  constructor(
    readonly db: Kysely<DB>,
    readonly options: JobRunnerOptions = {},
  ) {}

  register<P, R>(kind: string, handler: JobHandler<P, R>): void {
    this.#handlers.set(kind, handler as JobHandler);
  }

  kinds(): string[] {
    return [...this.#handlers.keys()];
  }

  /**
   * Marks jobs left `running` by a crashed process as failed (their partial work was
   * rolled back by their own transactions) and fails queued ones whose kind is unknown.
   */
  async recover(): Promise<number> {
    const res = await this.db
      .updateTable('job')
      .set({
        status: 'failed',
        error: '服务中断，任务未完成，请重新发起 (interrupted by a restart)',
        finished_at: new Date(),
      })
      .where('status', 'in', ['running', 'queued'])
      .executeTakeFirst();
    return Number(res.numUpdatedRows ?? 0);
  }

  /** Creates the job row and starts it in the background; returns its id at once. */
  async start<P extends Record<string, unknown>>(kind: string, params: P, actor: Actor): Promise<string> {
    const handler = this.#handlers.get(kind);
    if (!handler) throw new Error(`未知的任务类型: ${kind}`);
    const id = randomUUID();
    await this.db
      .insertInto('job')
      .values({
        id,
        kind,
        status: 'queued',
        params: JSON.stringify(params),
        created_by: actor.id || null,
        scope_code: actor.scopeCode,
      })
      .execute();
    const run = this.#run(id, handler, params, actor).finally(() => this.#running.delete(id));
    this.#running.set(id, run);
    return id;
  }

  /** Waits for a job started by this process to end and returns its final row. */
  async wait(id: string): Promise<Job> {
    await this.#running.get(id);
    return this.db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** Waits for every job this process is running (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }

  async #run(id: string, handler: JobHandler, params: unknown, actor: Actor): Promise<void> {
    const interval = this.options.progressIntervalMs ?? 500;
    let lastWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const now = new Date();
    await this.db
      .updateTable('job')
      .set({ status: 'running', started_at: now, heartbeat_at: now })
      .where('id', '=', id)
      .execute();
    const progress = (done: number, total?: number, message?: string) => {
      this.options.onProgress?.(id, done, total ?? null, message ?? null);
      const t = Date.now();
      if (t - lastWrite < interval && (total === undefined || done < total)) return;
      lastWrite = t;
      pending = pending.then(() =>
        this.db
          .updateTable('job')
          .set({
            progress: Math.round(done),
            ...(total !== undefined ? { total: Math.round(total) } : {}),
            ...(message !== undefined ? { message } : {}),
            heartbeat_at: new Date(),
          })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .execute()
          .catch(() => {}),
      );
    };
    try {
      const result = await handler({ db: this.db, params, actor, jobId: id, progress });
      await pending;
      await this.db
        .updateTable('job')
        // (A handler's last step need not report its total: a finished job is done to the last row.)
        .set((eb) => ({
          status: 'succeeded',
          result: JSON.stringify(result ?? null),
          finished_at: new Date(),
          progress: eb.fn.coalesce('total', 'progress'),
        }))
        .where('id', '=', id)
        .execute();
    } catch (err) {
      await pending;
      const message = err instanceof Error ? err.message : String(err);
      await this.db
        .updateTable('job')
        .set({ status: 'failed', error: message, finished_at: new Date() })
        .where('id', '=', id)
        .execute();
      await appendAudit(this.db, actor, {
        action: 'job',
        entity: 'job',
        entityId: id,
        after: { status: 'failed', error: message },
      }).catch(() => {});
    }
  }
}
