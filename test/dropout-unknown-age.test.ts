import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { countUnknownAge, listUnknownAge } from '../src/modules/dropout/out-of-school.queries.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import {
  makePerson,
  makeRegistryPerson,
  makeStudent,
  resetFactories,
  yearsAgo,
} from './helpers/dropout-factories.ts';

// 另有 N 名建档立卡人员出生日期不详 above the out-of-school list counts the children it cannot age
// who are in no roll — not those already at school, nor the household's adults.

let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(() => database?.close());

describe(`registry persons of unknown age (${testDbKind})`, () => {
  it('counts only children in no roll', async () => {
    const unknown = (name: string, personId: number | null = null, relation: string | null = '之子') =>
      makeRegistryPerson(database.db, { name, birthDate: null, idNumber: null, personId }).then((rp) =>
        database.db.updateTable('registry_person').set({ relation }).where('id', '=', rp.id).execute(),
      );
    // Out of school, of unknown age: counted.
    await unknown('不详甲');
    await unknown('不详乙', null, null);
    // At school (the comparison linked the registry row to the pupil's 一生一档): not counted.
    const p = await makePerson(database.db, { name: '在读丙', birthDate: yearsAgo(9), idNumber: null });
    await makeStudent(database.db, {
      name: '在读丙',
      birthDate: yearsAgo(9),
      personId: p.id,
      idNumber: null,
    });
    await unknown('在读丙', p.id);
    // An adult of the household whose ID is missing: not counted.
    await unknown('户主丁', null, '户主');
    await unknown('配偶戊', null, '之配偶');
    expect(await countUnknownAge(database.db, mingxi)).toBe(2);
    // And the banner's list names them, to be checked by hand.
    expect((await listUnknownAge(database.db, mingxi)).map((r) => r.name).sort()).toEqual(
      ['不详乙', '不详甲'].sort(),
    );
    const app = await testApp(database);
    try {
      await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
      const cookie = await login(app, 'mx-admin');
      const page = await app.inject({
        method: 'GET',
        url: '/api/dropout/out-of-school',
        headers: { cookie },
      });
      expect(page.json().unknownAge).toBe(2);
      const res = await app.inject({
        method: 'GET',
        url: '/api/dropout/out-of-school/unknown-age',
        headers: { cookie },
      });
      expect(res.statusCode).toBe(200);
      expect(
        res
          .json()
          .items.map((i: { name: string }) => i.name)
          .sort(),
      ).toEqual(['不详乙', '不详甲'].sort());
    } finally {
      await app.close();
    }
  });
});
