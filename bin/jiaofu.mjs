#!/usr/bin/env node
// Entry point of the `jiaofu` command: loads the TypeScript sources through tsx.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// `jiaofu match` keeps both cores busy with JavaScript; V8's parallel GC helpers then compete with
// them for the same two cores, and the 1M comparison ran about 4 % faster with the GC on each
// JavaScript thread alone (docs/BENCHMARKS.md). That flag cannot be set once V8 is running, so
// `match` starts Node again with it (about 50 ms); signals sent to this process reach that one.
const GC_FLAG = '--single-threaded-gc';
// The young generation's size too is given on the command line: set at run time (below) it left
// an xlsx comparison of 373k × 200k at 2.6 GB and 45 s, against 1.3 GB and 23 s.
const SEMI_SPACE = '--max-semi-space-size=64';
if (process.argv[2] === 'match' && !process.execArgv.includes(GC_FLAG)) {
  // Handlers first: a signal that comes while Node is still starting the child is passed on too
  // (handlers run on the event loop, after `child` is set).
  let child = null;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child = spawn(
    process.execPath,
    [
      GC_FLAG,
      ...(process.execArgv.some((a) => a.startsWith('--max-semi-space-size')) ? [] : [SEMI_SPACE]),
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  child.on('error', (e) => {
    process.stderr.write(`错误: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  // A larger young generation: a comparison allocates short-lived strings at a high rate, and with
  // the default semi-space the 1M comparison took about 8 % longer (docs/BENCHMARKS.md).
  if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) v8.setFlagsFromString(SEMI_SPACE);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
