import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { seedDemo } from '../src/modules/demo/demo.ts';
import { seedDemoPeople } from '../src/modules/demo/demo-people.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
  await seedDemo(database.db, { password: 'jiaofu2020' });
});
afterAll(() => database.close());

describe(`demo students and registry (${testDbKind})`, () => {
  it('imports a roll and a registry through the real importers and compares them, once', async () => {
    const s = await seedDemoPeople(database.db, { households: 150, extraStudents: 200 });
    expect(s).not.toBeNull();
    expect(s!.students).toBeGreaterThan(200);
    expect(s!.confirmed).toBeGreaterThan(50);
    const enrolled = await database.db
      .selectFrom('student')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(enrolled.n)).toBe(s!.students);
    // 2020-autumn entitlements are computed, so the aid pages show something from the first start;
    // the coverage summary follows them.
    expect(s!.entitlementLines).toBeGreaterThan(0);
    const cov = await database.db
      .selectFrom('coverage_student')
      .select((eb) => eb.fn.sum<string>('ent_fen').as('fen'))
      .where('term', '=', '2020-autumn')
      .executeTakeFirstOrThrow();
    expect(Number(cov.fen)).toBe(s!.entitledFen);
    expect(await seedDemoPeople(database.db)).toBeNull();
  });
});
