/**
 * School list (学校名单) import benchmark: N new schools, the same file again (无变化), then half of
 * them renamed (each rename reported row by row), through `importSchools` into a database with the
 * Sanming divisions. Run: npx tsx bench/schools-import.ts [rows] [--db postgres://…]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { importSchools } from '../src/modules/schools/schools.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';

const n = Number(process.argv[2] ?? 20_000);
const dbArg = process.argv.indexOf('--db');
const target = dbArg > 0 ? process.argv[dbArg + 1]! : 'memory://';

const dir = mkdtempSync(path.join(os.tmpdir(), 'jiaofu-bench-schools-'));
const file = (name: string, rename: boolean) => {
  const lines = ['学校标识码,学校名称,县(市、区),乡(镇),学段,办学类型,是否寄宿,学校类型'];
  for (let i = 0; i < n; i++) {
    const label = rename && i % 2 === 0 ? '新名' : '测试';
    lines.push(
      `${2135800000 + i},明溪县${label}学校${String(i).padStart(6, '0')},明溪县,雪峰镇,小学,公办,否,普通学校`,
    );
  }
  const at = path.join(dir, name);
  writeFileSync(at, `\uFEFF${lines.join('\n')}\n`);
  return { path: at, filename: name };
};

// On PostgreSQL the benchmark works in a schema of its own, dropped at the end.
const schema = target.startsWith('postgres') ? `bench_${randomBytes(4).toString('hex')}` : null;
const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  await client.query(statement);
  await client.end();
};
if (schema) await admin(`create schema ${schema}`);
const database = await openDatabase(target, schema ? { schema } : {});
await migrateToLatest(database.db);
await loadReferenceData(database.db);
const steps: Array<[string, { path: string; filename: string }]> = [
  ['new', file('new.csv', false)],
  ['again (无变化)', file('again.csv', false)],
  ['half renamed', file('renamed.csv', true)],
];
for (const [label, f] of steps) {
  const t0 = performance.now();
  const r = await importSchools(database.db, SYSTEM_ACTOR, f);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `school list (${database.kind}) ${label}: ${n} rows ${s.toFixed(1)} s (${Math.round(n / s)} rows/s); ok=${r.ok} inserted ${r.inserted} updated ${r.updated} unchanged ${r.unchanged}, ${r.warnings.length} warnings`,
  );
}
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
await database.close();
if (schema) await admin(`drop schema ${schema} cascade`);
rmSync(dir, { recursive: true, force: true });
