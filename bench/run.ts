/**
 * `npm run bench`: every benchmark in turn, each in its own process so one's memory does not
 * colour another's. Results print to the terminal; docs/BENCHMARKS.md records them with the date
 * and machine load. `npm run bench -- --quick` runs the small sizes only (a few minutes).
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

const quick = process.argv.includes('--quick');
const pg = process.env.DATABASE_URL;
const runs: Array<{ title: string; args: string[]; node?: string[]; skip?: string }> = [
  { title: '审计链 audit chain (PGlite)', args: ['bench/audit-chain.ts', quick ? '20000' : '100000'] },
  ...(pg
    ? [
        {
          title: '审计链 audit chain (PostgreSQL)',
          args: ['bench/audit-chain.ts', quick ? '20000' : '100000', '--db', pg],
        },
      ]
    : []),
  { title: '学校名单 import (PGlite)', args: ['bench/schools-import.ts', quick ? '5000' : '20000'] },
  ...(pg
    ? [
        {
          title: '学校名单 import (PostgreSQL)',
          args: ['bench/schools-import.ts', quick ? '5000' : '20000', '--db', pg],
        },
      ]
    : []),
  {
    title: '信息识别比对 quality',
    args: [
      'bench/match-quality.ts',
      '--check',
      ...(quick ? ['--dir', 'test-data/quality-quick', '--households', '6000', '--extra', '8000'] : []),
    ],
  },
  // Harder profiles than the defaults, so that a rule is not tuned to one mix of damage.
  {
    title: '信息识别比对 quality — heavy damage (3–7× the default rates, seed 59)',
    args: [
      'bench/match-quality.ts',
      '--check',
      '--dir',
      'test-data/quality-heavy',
      '--seed',
      '59',
      ...(quick ? ['--households', '6000', '--extra', '8000'] : []),
      '--hard-negative-rate',
      '0.05',
      '--same-name-rate',
      '0.1',
      '--damage',
      'scientific=0.1,trailing000=0.05,oneDigit=0.05,swap=0.03,guardianId=0.05,missingId=0.1,homophone=0.08,traditional=0.03,nameSpaces=0.04,renamed=0.03,spaces=0.05,fullwidth=0.03,apostrophe=0.05',
      '--registry-damage',
      'oneDigit=0.01,swap=0.01,homophone=0.01,traditional=0.01,fifteenDigit=0.05,missingId=0.01,spaces=0.01',
    ],
  },
  {
    title: '信息识别比对 quality — many namesakes (5× same name and birth date, seed 47)',
    args: [
      'bench/match-quality.ts',
      '--check',
      '--dir',
      'test-data/quality-namesakes',
      '--seed',
      '47',
      ...(quick ? ['--households', '6000', '--extra', '8000'] : []),
      '--hard-negative-rate',
      '0.1',
      '--same-name-rate',
      '0.2',
      '--registry-damage',
      'oneDigit=0.01,swap=0.01,homophone=0.01,traditional=0.005,fifteenDigit=0.05,missingId=0.01',
    ],
  },
  // Two or three damages on one row, on the sets the runs above generated.
  {
    title: '信息识别比对 — two damages on one row (default set)',
    args: ['bench/combined-damage.ts', '--dir', quick ? 'test-data/quality-quick' : 'test-data/quality'],
  },
  {
    title: '信息识别比对 — two damages on one row (many namesakes)',
    args: ['bench/combined-damage.ts', '--dir', 'test-data/quality-namesakes', '--seed', '6'],
  },
  {
    title: '信息比对 in the app: import + comparison job (PGlite folder)',
    args: ['bench/match-app.ts', ...(quick ? ['--households', '6000', '--extra', '8000'] : [])],
    node: ['--expose-gc'],
  },
  ...(pg
    ? [
        {
          title: '信息比对 in the app: import + comparison job (PostgreSQL)',
          args: [
            'bench/match-app.ts',
            '--db',
            pg,
            ...(quick ? ['--households', '6000', '--extra', '8000'] : []),
          ],
          node: ['--expose-gc'],
        },
      ]
    : []),
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
  const res = spawnSync(process.execPath, [...(r.node ?? []), '--import', 'tsx', ...r.args], {
    stdio: 'inherit',
  });
  if (res.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
