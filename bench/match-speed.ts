/**
 * Speed of `jiaofu match` against DuckDB doing the bare exact-ID join of the same files, side by
 * side in one run (issue 3, benchmark 8). Each side runs in its own process under /usr/bin/time -v,
 * csv → csv end to end, and reports wall time and peak RSS. DuckDB runs first and last and the
 * faster of its two runs is kept, so a busy machine cannot flatter jiaofu. The same join
 * hand-written in plain Node.js on one thread (bench/node-join.mjs) runs too: the floor of any
 * JavaScript implementation, to read the ratio against.
 *
 *   npx tsx bench/match-speed.ts [--dir test-data/speed] [--households 52000] [--extra 925000] [--seed 7]
 *
 * The dataset (~1M roll rows × ~200k registry persons) is generated into --dir when missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** The DuckDB side: read both CSVs, left-join on the ID column, write CSV. */
async function duckdbJoin(students: string, registry: string, out: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  const q = (p: string): string => `'${p.replaceAll("'", "''")}'`;
  await c.run(
    `COPY (SELECT s.*, r."人编号", r."户编号" FROM read_csv(${q(students)}, all_varchar=true) s ` +
      `LEFT JOIN read_csv(${q(registry)}, all_varchar=true) r ON s."身份证件号" = r."证件号码") ` +
      `TO ${q(out)} (HEADER, DELIMITER ',')`,
  );
  c.closeSync();
}

interface Measured {
  seconds: number;
  maxRssMb: number;
  stdout: string;
}

/** Runs a command under /usr/bin/time -v and returns wall time and peak RSS. */
function measure(args: string[]): Measured {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN, stdout: r.stdout };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, def: string): string => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1]! : def;
  };
  if (args[0] === '--duckdb-only') {
    await duckdbJoin(args[1]!, args[2]!, args[3]!);
    return;
  }
  const dir = opt('dir', 'test-data/speed');
  const students = path.join(dir, 'students.csv');
  const registry = path.join(dir, 'registry.csv');
  if (!existsSync(students)) {
    const gen = spawnSync(
      'npx',
      [
        'tsx',
        'src/synth/cli.ts',
        '--seed',
        opt('seed', '7'),
        '--households',
        opt('households', '52000'),
        '--extra-students',
        opt('extra', '925000'),
        '--out-dir',
        dir,
        '--format',
        'csv',
      ],
      { stdio: 'inherit' },
    );
    if (gen.status !== 0) throw new Error('dataset generation failed');
  }
  const node = process.execPath;
  const duck = (): Measured =>
    measure([
      node,
      '--import',
      'tsx',
      'bench/match-speed.ts',
      '--duckdb-only',
      students,
      registry,
      path.join(dir, 'duckdb-out.csv'),
    ]);
  const d1 = duck();
  const j = measure([
    node,
    'bin/jiaofu.mjs',
    'match',
    '--students',
    students,
    '--registry',
    registry,
    '--out',
    path.join(dir, 'jiaofu-out.csv'),
    '--unenrolled',
    path.join(dir, 'jiaofu-unenrolled.csv'),
    '--as-of',
    opt('as-of', '2020-09-01'),
    '--threads',
    opt('threads', '2'),
  ]);
  const d2 = duck();
  const d = d1.seconds <= d2.seconds ? d1 : d2;
  // The floor of any JavaScript implementation: the same bare join, hand-written, one thread.
  const floor = measure([
    node,
    'bench/node-join.mjs',
    students,
    registry,
    path.join(dir, 'node-join-out.csv'),
  ]);
  const ratio = j.seconds / d.seconds;
  console.log('| | 用时 (s) | 峰值内存 (MB) |');
  console.log('|---|---:|---:|');
  console.log(
    `| DuckDB 仅按身份证号精确连接 (2 线程，两次取快) | ${d.seconds.toFixed(1)} (${d1.seconds.toFixed(1)} / ${d2.seconds.toFixed(1)}) | ${d.maxRssMb.toFixed(0)} |`,
  );
  console.log(
    `| Node.js 手写同一精确连接 (1 线程，任何 JS 实现的下限；bench/node-join.mjs) | ${floor.seconds.toFixed(1)} | ${floor.maxRssMb.toFixed(0)} |`,
  );
  console.log(
    `| jiaofu match 全量比对 (${opt('threads', '2')} 线程) | ${j.seconds.toFixed(1)} | ${j.maxRssMb.toFixed(0)} |`,
  );
  console.log(
    `\njiaofu / DuckDB = ${ratio.toFixed(2)}× (target ≤ 3×); bare Node.js join / DuckDB = ${(floor.seconds / d.seconds).toFixed(2)}×; peak RSS ${j.maxRssMb.toFixed(0)} MB (target < 1536 MB)`,
  );
  console.log(j.stdout);
}

await main();
