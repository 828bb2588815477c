/**
 * Audit trail benchmark: append N entries in batches (as imports do), then verify the chain.
 * Run: npx tsx bench/audit-chain.ts [entries] [--db postgres://…]
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { appendAudit, verifyAudit } from '../src/server/audit.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';

const n = Number(process.argv[2] ?? 100_000);
const dbArg = process.argv.indexOf('--db');
const target = dbArg > 0 ? process.argv[dbArg + 1]! : 'memory://';

const database = await openDatabase(target);
await migrateToLatest(database.db);
const t0 = performance.now();
for (let i = 0; i < n; i += 5000) {
  await appendAudit(
    database.db,
    SYSTEM_ACTOR,
    Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({
      action: 'update' as const,
      entity: 'student',
      entityId: `G3504212010050312${String(i + j).padStart(6, '0')}`,
      scopeCode: '350421100',
      before: { grade: '三年级', school: '2135000001' },
      after: { grade: '四年级', school: '2135000001' },
    })),
  );
}
const t1 = performance.now();
const r = await verifyAudit(database.db);
const t2 = performance.now();
await database.close();
const line = `audit chain (${database.kind}): append ${n} entries ${((t1 - t0) / 1000).toFixed(1)} s (${Math.round(n / ((t1 - t0) / 1000))}/s); verify ${((t2 - t1) / 1000).toFixed(1)} s (${Math.round(n / ((t2 - t1) / 1000))}/s); ok=${r.ok}`;
console.log(line);
