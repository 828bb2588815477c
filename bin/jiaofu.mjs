#!/usr/bin/env node
// Entry point of the `jiaofu` command: loads the TypeScript sources through tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// `jiaofu match` keeps both cores busy with JavaScript; V8's parallel GC helpers then compete with
// them for the same two cores, and the 1M comparison ran about 4 % faster with the GC on each
// JavaScript thread alone (docs/BENCHMARKS.md). That flag cannot be set once V8 is running, so
// `match` starts Node again with it (about 50 ms).
const GC_FLAG = '--single-threaded-gc';
if (process.argv[2] === 'match' && !process.execArgv.includes(GC_FLAG)) {
  const r = spawnSync(
    process.execPath,
    [GC_FLAG, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  if (r.error) throw r.error;
  process.exit(r.status ?? 1);
}

// A larger young generation: a comparison allocates short-lived strings at a high rate, and with
// the default semi-space the 1M comparison took about 8 % longer (docs/BENCHMARKS.md).
v8.setFlagsFromString('--max-semi-space-size=64');
register();
await import('../src/cli/main.ts');
