/**
 * `npm run bench`: every benchmark in turn, each in its own process so one's memory does not
 * colour another's. Results print to the terminal; docs/BENCHMARKS.md records them with the date
 * and machine load. `npm run bench -- --quick` runs the small sizes only (a few minutes).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const quick = process.argv.includes('--quick');
const pg = process.env.DATABASE_URL;
const runs: Array<{ title: string; args: string[]; skip?: string }> = [
  { title: '审计链 audit chain (PGlite)', args: ['bench/audit-chain.ts', quick ? '20000' : '100000'] },
  ...(pg
    ? [
        {
          title: '审计链 audit chain (PostgreSQL)',
          args: ['bench/audit-chain.ts', quick ? '20000' : '100000', '--db', pg],
        },
      ]
    : []),
  {
    title: '信息识别比对 quality',
    args: [
      'bench/match-quality.ts',
      ...(quick ? ['--dir', 'test-data/quality-quick', '--households', '6000', '--extra', '8000'] : []),
    ],
  },
  {
    title: '信息识别比对 speed vs DuckDB',
    args: ['bench/match-speed.ts'],
    skip: quick ? '--quick' : undefined,
  },
];

console.log(
  `jiaofu benchmarks — ${new Date().toISOString()} — ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
let failed = 0;
for (const r of runs) {
  console.log(`\n=== ${r.title}`);
  if (r.skip) {
    console.log(`(skipped: ${r.skip})`);
    continue;
  }
  const res = spawnSync(process.execPath, ['--import', 'tsx', ...r.args], { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
