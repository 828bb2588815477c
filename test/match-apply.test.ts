/**
 * `jiaofu match --apply`: the in-app comparison (the 开始比对 button) from the command line, on a
 * database folder, as a recorded job — and the Chinese refusals when file and database options mix.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';
import { insertSynthSchools } from './helpers/synth-db.ts';

const exec = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');
const jiaofu = (args: string[]) =>
  exec('node', [path.join(repo, 'bin/jiaofu.mjs'), 'match', ...args], { cwd: repo }).catch(
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
const count = (text: string, label: string): number => Number(new RegExp(`${label} (\\d+)`).exec(text)?.[1]);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-apply-'));
const folder = path.join(root, 'data');

beforeAll(async () => {
  const database = await openDatabase(folder);
  try {
    await migrateToLatest(database.db);
    await loadReferenceData(database.db);
    const ds = generate({ seed: 5, households: 120, extraStudents: 80 });
    await insertSynthSchools(database.db, ds.schools);
    await writeDataset(ds, { outDir: root, format: 'csv' });
    const file = (name: string) => ({ path: path.join(root, name), filename: name });
    expect((await importRegistry(database.db, SYSTEM_ACTOR, file('registry.csv'))).ok).toBe(true);
    const roll = await importStudents(database.db, SYSTEM_ACTOR, file('students.csv'), {
      asOf: '2020-09-01',
    });
    expect(roll.ok).toBe(true);
  } finally {
    await database.close();
  }
}, 120_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('jiaofu match --apply', () => {
  it('compares the whole city in the database as a job and prints the counts', async () => {
    const r = await jiaofu(['--apply', '--db', folder, '--as-of', '2020-09-01']);
    expect(r.stderr).not.toContain('错误');
    expect(r.stdout).toContain('比对完成（区域 3504，年龄按 2020-09-01 计算');
    const students = count(r.stdout, '在读学生');
    const confirmed = count(r.stdout, '确认匹配');
    const review = count(r.stdout, '疑似匹配');
    const unmatched = count(r.stdout, '未匹配');
    expect(confirmed).toBeGreaterThan(50);
    expect(confirmed + review + unmatched).toBe(students);

    const database = await openDatabase(folder);
    try {
      const job = await database.db
        .selectFrom('job')
        .select(['kind', 'status', 'scope_code'])
        .where('kind', '=', 'comparison')
        .executeTakeFirstOrThrow();
      expect(job).toEqual({ kind: 'comparison', status: 'succeeded', scope_code: '3504' });
      const linked = await database.db
        .selectFrom('match_result')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('result', '=', 'confirmed')
        .executeTakeFirstOrThrow();
      expect(Number(linked.n)).toBe(confirmed);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('keeps to --scope: a county compares only its own students', async () => {
    const city = count(
      (await jiaofu(['--apply', '--db', folder, '--as-of', '2020-09-01'])).stdout,
      '在读学生',
    );
    const r = await jiaofu(['--apply', '--db', folder, '--as-of', '2020-09-01', '--scope', '350421']);
    expect(r.stdout).toContain('比对完成（区域 350421');
    const county = count(r.stdout, '在读学生');
    expect(county).toBeGreaterThan(0);
    expect(county).toBeLessThan(city);
  }, 120_000);

  it('refuses file options with --apply, database options without it, and a scope outside Sanming', async () => {
    const mixed = (await jiaofu(['--apply', '--out', 'x.csv'])) as { code: number; stderr: string };
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('不能与 --out 同用');
    const missing = (await jiaofu(['--students', 'a.csv'])) as { code: number; stderr: string };
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('缺少 --registry、--out');
    const dbOnly = (await jiaofu(['--students', 'a', '--registry', 'b', '--out', 'c', '--db', folder])) as {
      code: number;
      stderr: string;
    };
    expect(dbOnly.code).toBe(1);
    expect(dbOnly.stderr).toContain('--scope 和 --db 只用于 --apply');
    const scope = (await jiaofu(['--apply', '--db', folder, '--scope', '1101'])) as {
      code: number;
      stderr: string;
    };
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain('3504 开头');
  }, 60_000);
});
