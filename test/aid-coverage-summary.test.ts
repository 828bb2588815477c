/**
 * The trigger-kept coverage summary (migration 0007, ADR 0005) under writes the services never
 * make but SQL sessions can: updates that move a line to another student, programme or term,
 * multi-row deletes, a rolled-back transaction, TRUNCATE, concurrent writers, and a
 * backup → restore. After every step it must equal a recomputation from the lines.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../src/db/backup.ts';
import type { Database } from '../src/db/connect.ts';
import { coverageReport } from '../src/modules/aid/coverage.queries.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, makePaymentList, resetAidFactories } from './helpers/aid-foreign.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { expectCoverageSummaryConsistent } from './helpers/coverage-summary.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

let database: Database;
const term = '2020-autumn';
const ids: number[] = [];
let listId = 0;

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const { db } = database;
  for (let i = 0; i < 6; i++) {
    const { student } = await makeAidStudent(db, {
      name: `学生${i}`,
      boarding: i % 2 === 0,
      registeredPoor: i < 4,
    });
    ids.push(student.id);
  }
  await runEntitlements(db, SYSTEM_ACTOR, { term });
  listId = await makePaymentList(db, { term });
});
afterAll(async () => {
  await database?.close();
});

/** Payment lines for the given students (copied from their boarding entitlement, or 300 元). */
async function addLines(status: 'pending' | 'paid', students: number[], programme = 'boarding_subsidy') {
  await sql`insert into payment_line (list_id, student_id, person_id, student_no, name, programme, term,
      amount_fen, status, school_code, county_code, region_code)
    select ${listId}, s.id, s.person_id, s.student_no, s.name, ${programme}, ${term}, 30000, ${status},
      s.school_code, s.county_code, s.region_code
    from student s where s.id = any(${sql.lit(`{${students.join(',')}}`)}::bigint[])`.execute(database.db);
}

describe(`coverage summary kept by triggers (${testDbKind})`, () => {
  it('follows inserts, status changes and updates that move lines between students, programmes and terms', async () => {
    const { db } = database;
    expect(await expectCoverageSummaryConsistent(db)).toBeGreaterThan(0);
    await addLines('pending', ids.slice(0, 4));
    await expectCoverageSummaryConsistent(db);
    await db.updateTable('payment_line').set({ status: 'paid' }).where('list_id', '=', listId).execute();
    const afterPaid = await expectCoverageSummaryConsistent(db);
    expect(afterPaid).toBeGreaterThan(0);
    // One line moves to another student, one to another programme, one to another term.
    const lines = await db
      .selectFrom('payment_line')
      .select('id')
      .where('list_id', '=', listId)
      .orderBy('id')
      .execute();
    await db
      .updateTable('payment_line')
      .set({ student_id: ids[5]! })
      .where('id', '=', lines[0]!.id)
      .execute();
    await db
      .updateTable('payment_line')
      .set({ programme: 'nutrition' })
      .where('id', '=', lines[1]!.id)
      .execute();
    await db
      .updateTable('payment_line')
      .set({ term: '2021-spring' })
      .where('id', '=', lines[2]!.id)
      .execute();
    await db
      .updateTable('entitlement')
      .set({ amount_fen: sql`amount_fen + 1` })
      .where('student_id', '=', ids[1]!)
      .execute();
    await expectCoverageSummaryConsistent(db);
    // An update that touches no counted column changes nothing.
    const before = await db
      .selectFrom('coverage_student')
      .selectAll()
      .orderBy('term')
      .orderBy('student_id')
      .execute();
    await db
      .updateTable('payment_line')
      .set({ bank_message: '已入账' })
      .where('list_id', '=', listId)
      .execute();
    expect(
      await db.selectFrom('coverage_student').selectAll().orderBy('term').orderBy('student_id').execute(),
    ).toEqual(before);
    // A paid line back to failed, a multi-row delete.
    await db.updateTable('payment_line').set({ status: 'failed' }).where('id', '=', lines[3]!.id).execute();
    await db.deleteFrom('entitlement').where('student_id', 'in', [ids[0]!, ids[2]!]).execute();
    await expectCoverageSummaryConsistent(db);
  });

  it('keeps nothing of a rolled-back transaction', async () => {
    const { db } = database;
    const before = await db
      .selectFrom('coverage_student')
      .selectAll()
      .orderBy('term')
      .orderBy('student_id')
      .execute();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('payment_line').where('list_id', '=', listId).execute();
        await trx.updateTable('entitlement').set({ amount_fen: 1 }).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(
      await db.selectFrom('coverage_student').selectAll().orderBy('term').orderBy('student_id').execute(),
    ).toEqual(before);
    await expectCoverageSummaryConsistent(db);
  });

  it('adds up concurrent writers on the same students', async () => {
    const { db } = database;
    await Promise.all([
      addLines('paid', ids, 'nutrition'),
      addLines('paid', ids, 'nutrition'),
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable('entitlement')
          .set({ amount_fen: sql`amount_fen + 100` })
          .where('term', '=', term)
          .execute();
      }),
      addLines('pending', ids.slice(2)),
    ]);
    await expectCoverageSummaryConsistent(db);
  });

  it('rebuilds after TRUNCATE, and the report reads the same totals as the lines', async () => {
    const { db } = database;
    await sql`truncate payment_line`.execute(db);
    await expectCoverageSummaryConsistent(db);
    await addLines('paid', ids.slice(0, 3));
    const report = await coverageReport(db, SYSTEM_ACTOR, term, 'county');
    const lines = await sql<{ ent: string; paid: string }>`select
        (select coalesce(sum(amount_fen), 0) from entitlement where term = ${term})::text as ent,
        (select coalesce(sum(amount_fen), 0) from payment_line where term = ${term} and status = 'paid')::text as paid`.execute(
      db,
    );
    expect(String(report.totals.entitled_fen)).toBe(lines.rows[0]!.ent);
    expect(String(report.totals.paid_fen)).toBe(lines.rows[0]!.paid);
    expect(report.totals.paid).toBe(3);
  });

  it('is skipped by backups and rebuilt by the restore', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jiaofu-cov-')), 'b.jsonl.gz');
    await backupDatabase(database.db, file);
    const target = await createTestDb();
    try {
      await restoreDatabase(target.db, file);
      await expectCoverageSummaryConsistent(target.db);
      const count = async (d: Database) =>
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from coverage_student where ent_fen <> 0 or paid_fen <> 0`.execute(
            d.db,
          )
        ).rows[0]!.n;
      expect(await count(target)).toBe(await count(database));
      expect(await count(target)).toBeGreaterThan(0);
    } finally {
      await target.close();
    }
  });
});
