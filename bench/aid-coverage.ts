/**
 * Re-times the city coverage report on a schema left by `bench/aid-entitle.ts --keep <schema>`
 * (best of 5, so a busy shared machine shows the query's own cost):
 *   npx tsx bench/aid-coverage.ts --db postgres://postgres@127.0.0.1:5432/test --schema aidbench
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/connect.ts';
import { coverageReport } from '../src/modules/aid/coverage.queries.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';

const { values } = parseArgs({
  options: { db: { type: 'string' }, schema: { type: 'string', default: 'aidbench' } },
});
const database = await openDatabase(values.db ?? 'postgres://postgres@127.0.0.1:5432/test', {
  schema: values.schema,
  poolSize: 2,
});
try {
  for (const level of ['county', 'school', 'stage'] as const) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await coverageReport(database.db, SYSTEM_ACTOR, '2020-autumn', level);
      times.push((performance.now() - t) / 1000);
    }
    console.log(
      `city coverage report by ${level}: best ${Math.min(...times).toFixed(2)} s, median ${times.sort()[2]!.toFixed(2)} s`,
    );
  }
} finally {
  await database.close();
}
