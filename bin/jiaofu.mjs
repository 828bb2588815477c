#!/usr/bin/env node
// Entry point of the `jiaofu` command: loads the TypeScript sources through tsx.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// V8 flags that only work on Node's command line, so the commands that read big files start Node
// again with them (about 50 ms); signals sent to this process reach that one.
// - A larger young generation: reading a roll allocates short-lived strings at a high rate. Given
//   at run time (v8.setFlagsFromString, below) it does not take: an xlsx comparison of 373k × 200k
//   took 45 s and 2.6 GB, against 23 s and 1.4 GB with it on the command line (docs/BENCHMARKS.md).
// - `match` keeps both cores busy with JavaScript; V8's parallel GC helpers then compete with them
//   for the same two cores, and the 1M comparison ran about 4 % faster with the GC on each
//   JavaScript thread alone.
const SEMI_SPACE = '--max-semi-space-size=64';
const GC_FLAG = '--single-threaded-gc';
const RE_EXEC = { match: [GC_FLAG, SEMI_SPACE], import: [SEMI_SPACE] };
const hasFlag = (flag) => process.execArgv.some((a) => a.split('=')[0] === flag.split('=')[0]);
const wanted = (RE_EXEC[process.argv[2]] ?? []).filter((f) => !hasFlag(f));

if (wanted.length > 0) {
  // Handlers first: a signal that comes while Node is still starting the child is passed on too
  // (handlers run on the event loop, after `child` is set).
  let child = null;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child = spawn(
    process.execPath,
    [...wanted, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    // The IPC channel only tells the child when this process is gone (below).
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
  );
  child.on('error', (e) => {
    process.stderr.write(`错误: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  // Started again by the lines above: when that process dies — killed outright, so that it could
  // pass nothing on (tester v20b F15: the import went on writing and held the database's lock) —
  // its channel closes, and this one stops too. (Unreferenced: the channel keeps nothing running.)
  if (process.channel) {
    process.channel.unref();
    process.on('disconnect', () => process.exit(137));
  }
  // Other commands (`serve` is started with the flag by `npm start`): the run-time setting, which
  // helps the CSV comparison a little.
  if (!hasFlag(SEMI_SPACE)) v8.setFlagsFromString(SEMI_SPACE);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
