import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { maskStudentNo } from '../src/domain/identity/personal-mask.ts';
import { listComparison } from '../src/modules/comparison/comparison.queries.ts';
import { defaultAsOf, runComparison } from '../src/modules/comparison/comparison.service.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import {
  fakeId,
  makeRegistryPerson,
  makeStudent,
  resetFactories,
  yearsAgo,
} from './helpers/dropout-factories.ts';

// One registry child, 林小梅, on two rows of 明溪's roll (two 学籍号, the same ID, name and birth
// date: 一人多籍). The run confirms both rows, keeps her off the out-of-school list, and each row's
// explanation names the other by the pupil's name and 学籍号: a row number of the run means
// nothing in the app.

let database: Database;
const mingxi: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };
const born = yearsAgo(10);
const id = fakeId(born);
let childId = 0;
const rows: { id: number; student_no: string; name: string }[] = [];

/** A roll row whose ID the comparison reads (the factory stores only the trusted ID). */
async function pupil(name: string, schoolCode: string) {
  const s = await makeStudent(database.db, { name, birthDate: born, idNumber: id, schoolCode });
  await database.db.updateTable('student').set({ id_number_raw: id }).where('id', '=', s.id).execute();
  rows.push({ id: s.id, student_no: s.student_no, name });
}

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const rp = await makeRegistryPerson(database.db, { name: '林小梅', birthDate: born, idNumber: id });
  await database.db
    .updateTable('registry_person')
    .set({ id_number_raw: id })
    .where('id', '=', rp.id)
    .execute();
  childId = rp.id;
  await pupil('林小梅', '2135000001');
  await pupil('林小梅', '2135000001');
});

afterAll(() => database?.close());

describe(`one pupil on two rows (${testDbKind})`, () => {
  it('confirms both rows of the pupil enrolled twice, each naming the other by name and 学籍号', async () => {
    const { stats } = await runComparison(database.db, mingxi, { asOf: defaultAsOf() });
    const linked = (await listComparison(database.db, mingxi, 'linked', { page: 1, pageSize: 50 })) as {
      items: { student_id: number; explanation: string }[];
    };
    expect(linked.items.map((r) => r.student_id).sort()).toEqual([rows[0]!.id, rows[1]!.id].sort());
    for (const r of linked.items) expect(r.explanation).toContain('一人多籍：同一身份证号有两个学籍，请核实');
    const first = linked.items.find((r) => r.student_id === rows[0]!.id)!;
    expect(first.explanation).toContain(
      `同一人另见学生林小梅（学籍号 ${maskStudentNo(rows[1]!.student_no)}）`,
    );
    const oos = await database.db.selectFrom('out_of_school').select('registry_person_id').execute();
    expect(oos.map((o) => o.registry_person_id)).not.toContain(childId);
    expect(stats.outOfSchool).toBe(0);
    expect(first.explanation).not.toMatch(/第\d+行/);
  });
});
