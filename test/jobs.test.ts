import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { JobRunner } from '../src/server/jobs.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.close());

describe(`jobs (${testDbKind})`, () => {
  it('runs a job to completion with persisted progress and result', async () => {
    const seen: number[] = [];
    const runner = new JobRunner(database.db, {
      progressIntervalMs: 0,
      onProgress: (_id, done) => seen.push(done),
    });
    runner.register<{ n: number }, { sum: number }>('sum', async ({ params, progress }) => {
      let sum = 0;
      for (let i = 1; i <= params.n; i++) {
        sum += i;
        progress(i, params.n, `第 ${i} 步`);
        await new Promise((r) => setTimeout(r, 1));
      }
      return { sum };
    });
    const id = await runner.start('sum', { n: 10 }, SYSTEM_ACTOR);
    const job = await runner.wait(id);
    expect(job.status).toBe('succeeded');
    expect(job.result).toEqual({ sum: 55 });
    expect(job.progress).toBe(10);
    expect(job.total).toBe(10);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('shows a finished job done to its total when its last step did not report it (a registry import writing 5,000 of 7,234)', async () => {
    const runner = new JobRunner(database.db, { progressIntervalMs: 0 });
    runner.register<Record<string, never>, null>('chunks', async ({ progress }) => {
      for (let i = 0; i < 7234; i += 5000) progress(i, 7234, '写入数据库');
      return null;
    });
    const job = await runner.wait(await runner.start('chunks', {}, SYSTEM_ACTOR));
    expect(job.status).toBe('succeeded');
    expect([job.progress, job.total]).toEqual([7234, 7234]);
  });

  it('marks a failing job failed with its Chinese message', async () => {
    const runner = new JobRunner(database.db);
    runner.register('boom', async () => {
      throw new Error('文件第 3 行格式错误');
    });
    const job = await runner.wait(await runner.start('boom', {}, SYSTEM_ACTOR));
    expect(job.status).toBe('failed');
    expect(job.error).toBe('文件第 3 行格式错误');
  });

  it('never leaves a job "running" after a crash: recovery marks it failed', async () => {
    // A job row as a crashed process leaves it.
    await database.db
      .insertInto('job')
      .values({
        id: '00000000-0000-4000-8000-000000000001',
        kind: 'import',
        status: 'running',
        scope_code: '3504',
        params: '{}',
      })
      .execute();
    const runner = new JobRunner(database.db);
    expect(await runner.recover()).toBe(1);
    const row = await database.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', '00000000-0000-4000-8000-000000000001')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.error).toContain('服务中断');
    expect(row.finished_at).not.toBeNull();
  });
});
