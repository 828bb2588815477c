#!/usr/bin/env node
// Entry point of the `jiaofu` command: loads the TypeScript sources through tsx.
import v8 from 'node:v8';
import { register } from 'tsx/esm/api';

// A larger young generation: a comparison allocates short-lived strings at a high rate, and with
// the default semi-space the 1M comparison took about 8 % longer (docs/BENCHMARKS.md).
v8.setFlagsFromString('--max-semi-space-size=64');
register();
await import('../src/cli/main.ts');
