import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { seedDemo } from '../src/modules/demo/demo.ts';
import { seedDemoPeople } from '../src/modules/demo/demo-people.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
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
    // Every school a demo account works for has pupils to show: the head teacher's 中心小学 shares
    // its 镇 with the school officer's 实验小学, and both get some.
    const accountSchools = await database.db
      .selectFrom('app_user as u')
      .leftJoin('student as st', (j) =>
        j.onRef('st.school_code', '=', 'u.school_code').on('st.status', '=', 'enrolled'),
      )
      .select(['u.username', (eb) => eb.fn.count<number>('st.id').as('n')])
      .where('u.school_code', 'is not', null)
      .groupBy('u.username')
      .execute();
    expect(accountSchools.length).toBeGreaterThan(12);
    for (const a of accountSchools) expect(Number(a.n), a.username).toBeGreaterThan(0);
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

  it('writes no demo people over an imported 建档立卡 list, even before any roll is imported', async () => {
    const other = await createTestDb();
    try {
      await seedDemo(other.db, { password: 'jiaofu2020' });
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'jiaofu-demo-reg-')), 'registry.csv');
      const lines = Array.from(
        { length: 30 },
        (_, i) =>
          `H${Math.floor(i / 3)},P${i},林${'一二三四五六七八九十'[i % 10]}${'春夏秋冬'[Math.floor(i / 10)]},,明溪县,雪峰镇`,
      );
      writeFileSync(file, `户编号,人编号,姓名,证件号码,县(市、区),乡(镇)\n${lines.join('\n')}\n`);
      const r = await importRegistry(other.db, SYSTEM_ACTOR, { path: file, filename: 'registry.csv' });
      expect(r.ok, r.fileError ?? JSON.stringify(r.errors[0])).toBe(true);
      expect(await seedDemoPeople(other.db, { households: 50, extraStudents: 20 })).toBeNull();
      const count = async (t: 'student' | 'registry_person') =>
        Number(
          (
            await other.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('student')).toBe(0);
      expect(await count('registry_person')).toBe(30);
    } finally {
      await other.close();
    }
  });
});
