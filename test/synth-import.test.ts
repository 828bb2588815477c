import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { seedDemo } from '../src/modules/demo/demo.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importSchools } from '../src/modules/schools/schools.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
let dir: string;
beforeAll(async () => {
  database = await createTestDb();
  await seedDemo(database.db, { password: 'demo-pass-1' });
  dir = mkdtempSync(path.join(tmpdir(), 'jiaofu-synth-import-'));
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`a generated dataset imported next to the demo data (${testDbKind})`, () => {
  it('brings its own school list, with codes no demo school has, so its roll imports without an error, with progress through every step', async () => {
    const { db } = database;
    const ds = generate({ seed: 21, households: 150, extraStudents: 300 });
    const { files, counts } = await writeDataset(ds, { outDir: dir, format: 'csv' });
    const demo = new Set((await db.selectFrom('school').select('code').execute()).map((s) => s.code));
    expect(demo.size).toBeGreaterThan(600);
    expect(ds.schools.filter((s) => demo.has(s.code))).toEqual([]);

    const schools = await importSchools(db, SYSTEM_ACTOR, { path: files.schools, filename: 'schools.csv' });
    expect(schools.errors).toEqual([]);
    expect(schools).toMatchObject({ ok: true, inserted: ds.schools.length, updated: 0 });
    const registry = await importRegistry(db, SYSTEM_ACTOR, {
      path: files.registry,
      filename: 'registry.csv',
    });
    expect(registry.errors).toEqual([]);
    expect(registry.ok).toBe(true);
    const steps: Array<[string, number, number]> = [];
    const roll = await importStudents(
      db,
      SYSTEM_ACTOR,
      { path: files.students, filename: 'students.csv' },
      { asOf: '2020-09-01', onProgress: (done, total, label) => steps.push([label ?? '', done, total ?? 0]) },
    );
    expect(roll.errors).toEqual([]);
    expect(roll).toMatchObject({ ok: true, rows: counts.students });
    // Progress through reading and every writing step, each counted to its own total.
    const labels = [...new Set(steps.map(([label]) => label))];
    expect(labels).toEqual([
      '读取文件',
      '写入数据库',
      '写入人员档案',
      '写入学籍',
      '记录变动和审计日志',
      '完成',
    ]);
    const last = (label: string) => steps.filter(([l]) => l === label).at(-1)!;
    expect(last('写入人员档案')[1]).toBe(last('写入人员档案')[2]);
    expect(last('写入学籍')[2]).toBe(counts.students);
    expect(last('记录变动和审计日志')[2]).toBe(2 * counts.students);
  });
});
