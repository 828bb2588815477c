import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { up as linkLeftEnrolments } from '../src/db/migrations/20261203_0014_dropout_case_left_enrolment.ts';
import { verifyAudit } from '../src/server/audit.ts';
import type { App } from '../src/server/http.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import {
  daysAgo,
  makePerson,
  makeRegistryPerson,
  makeStudent,
  resetFactories,
  TODAY,
} from './helpers/dropout-factories.ts';

// An outside tester's finding (B7): a township official opened a case from the out-of-school list for
// a registry child who had left 明溪县实验小学 (the school's new roll no longer had her): the case had
// no student, school or 离校日期, the school did not see it, and 流转学生监测 still offered to open one.

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const ids: Record<string, number> = {};

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  callAs(app, cookie, who, method, url, payload);

/** A registry child with a person, and their roll record, left `leftDaysAgo` days ago from `school`. */
async function leaver(name: string, school: { code: string; region: string }, leftDaysAgo = 30) {
  const { db } = database;
  const person = await makePerson(db, { name, birthDate: '2014-03-01' });
  const rp = await makeRegistryPerson(db, {
    name,
    birthDate: '2014-03-01',
    personId: person.id,
    idNumber: person.id_number,
  });
  const s = await makeStudent(db, {
    name,
    birthDate: '2014-03-01',
    personId: person.id,
    idNumber: person.id_number,
    schoolCode: school.code,
    regionCode: school.region,
    status: 'left',
    leftAt: daysAgo(leftDaysAgo),
    leftBehind: true,
  });
  return { person, rp, s };
}

const MINGXI = { code: '2135000001', region: '350421100' };
const XIAYANG = { code: '2135000003', region: '350421200' };
const QINGLIU = { code: '2135000002', region: '350423100' };

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const { db } = database;
  // A second township of 明溪 with its own school: a child of 雪峰镇 who went to school in 夏阳乡.
  await db
    .insertInto('region')
    .values({
      code: '350421200',
      name: '夏阳乡',
      level: 'township',
      parent_code: '350421',
      county_code: '350421',
      edition: '2020',
      current: true,
      is_county_seat: false,
      is_urban_district: false,
    })
    .execute();
  await db
    .insertInto('school')
    .values({
      code: XIAYANG.code,
      name: '明溪县夏阳中心小学',
      county_code: '350421',
      township_code: XIAYANG.region,
      region_code: XIAYANG.region,
      stages: ['primary'],
      ownership: 'public',
      boarding: false,
      kind: 'regular',
      urban_rural: 'rural',
      urban_rural_manual: false,
    })
    .execute();
  ids.xfUser = await addUser(database, 'xf-official', 'township_official', { scopeCode: '350421100' });
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: MINGXI.code });
  await addUser(database, 'xy-school', 'school_aid_officer', { schoolCode: XIAYANG.code });
  await addUser(database, 'ql-school', 'school_aid_officer', { schoolCode: QINGLIU.code });
  app = await testApp(database);
  cookie.xf = await login(app, 'xf-official');
  cookie.mx = await login(app, 'mx-admin');
  for (const who of ['mx-school', 'xy-school', 'ql-school']) cookie[who] = await login(app, who);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`a case for a registry child who left a school carries that enrolment (${testDbKind})`, () => {
  it('opened from the out-of-school list: student, school and 离校日期, seen by the school and by monitoring', async () => {
    const { rp, s } = await leaver('邓语颖', MINGXI);
    // The form's preview already gives the roll's 离校日期 and its groups.
    const preview = await call(
      'xf',
      'GET',
      `/api/dropout/case-child?source=out_of_school&registryPersonId=${rp.id}`,
    );
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.leftAt).toBe(daysAgo(30));
    expect(preview.body.keyGroups).toEqual(['registered_poor', 'left_behind']);

    const opened = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: rp.id,
      reason: 'family_hardship',
      responsibleSchool: '王校长',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const c = opened.body.case;
    expect(c).toMatchObject({
      student_id: s.id,
      school_code: MINGXI.code,
      left_at: daysAgo(30),
      registry_person_id: rp.id,
      region_code: '350421100',
    });
    ids.deng = c.id;

    // The school sees its case.
    const school = await call('mx-school', 'GET', '/api/dropout/cases');
    expect(school.body.items.map((i: { id: number }) => i.id)).toContain(c.id);
    expect((await call('mx-school', 'GET', `/api/dropout/cases/${c.id}`)).status).toBe(200);
    // 流转学生监测 shows the open case, for the county and the school …
    for (const who of ['mx', 'mx-school']) {
      const t = await call(who, 'GET', `/api/dropout/transfers?asOf=${TODAY}`);
      const row = t.body.items.find((i: { id: number }) => i.id === s.id);
      expect(row?.open_case, who).toEqual({ id: c.id, status: 'suspected' });
    }
    // … and does not let a second case be opened from it.
    const again = await call('mx-school', 'POST', '/api/dropout/cases', {
      source: 'transfer',
      studentId: s.id,
      reason: 'other',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(`案件编号 ${c.id}`);
  });

  it('still marks the open case when a newer 建档立卡 list gives the child a new row (verifier v17c C2)', async () => {
    const { db } = database;
    const old = await db
      .selectFrom('dropout_case as c')
      .innerJoin('registry_person as rp', 'rp.id', 'c.registry_person_id')
      .select(['c.registry_person_id', 'c.person_id', 'rp.id_number'])
      .where('c.id', '=', ids.deng!)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('registry_person')
      .set({ current: false })
      .where('id', '=', old.registry_person_id!)
      .execute();
    const fresh = await makeRegistryPerson(db, {
      name: '邓语颖',
      birthDate: '2014-03-01',
      personId: old.person_id,
      idNumber: old.id_number,
    });
    const list = await call('xf', 'GET', `/api/dropout/out-of-school?asOf=${TODAY}&pageSize=200`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const row = list.body.items.find((i: { id: number }) => i.id === fresh.id);
    expect(row?.open_case).toEqual({ id: ids.deng, status: 'suspected' });
  });

  it('keeps a 辍学日期 the form gives', async () => {
    const { rp } = await leaver('李日期', MINGXI);
    const r = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: rp.id,
      reason: 'other',
      leftAt: daysAgo(10),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.case).toMatchObject({ school_code: MINGXI.code, left_at: daysAgo(10) });
  });

  it('stays where the child lives, and the school of another township sees it', async () => {
    const { rp, s } = await leaver('黄跨乡', XIAYANG);
    const r = await call('mx', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: rp.id,
      reason: 'other',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.case).toMatchObject({
      student_id: s.id,
      school_code: XIAYANG.code,
      region_code: '350421100',
    });
    const seen = async (who: string) =>
      (await call(who, 'GET', '/api/dropout/cases')).body.items.some(
        (i: { id: number }) => i.id === r.body.case.id,
      );
    expect(await seen('xy-school')).toBe(true);
    expect(await seen('xf')).toBe(true);
    expect(await seen('mx-school')).toBe(false);
  });

  it('names no school outside the opener’s scope, nor a kindergarten or a graduation', async () => {
    const outside = await leaver('郑外县', QINGLIU);
    const r = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: outside.rp.id,
      reason: 'other',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.case).toMatchObject({ student_id: null, school_code: null, left_at: null });
    expect((await call('ql-school', 'GET', '/api/dropout/cases')).body.total).toBe(0);

    const { db } = database;
    const grad = await leaver('钱毕业', MINGXI);
    await db
      .updateTable('student')
      .set({ stage: 'junior', grade: '九年级' })
      .where('id', '=', grad.s.id)
      .execute();
    const g = await call('xf', 'POST', '/api/dropout/cases', {
      source: 'out_of_school',
      registryPersonId: grad.rp.id,
      reason: 'other',
    });
    expect(g.status, JSON.stringify(g.body)).toBe(201);
    expect(g.body.case).toMatchObject({ student_id: null, school_code: null, left_at: null });
  });
});

describe(`cases opened this way before the fix are linked by migration 0014 (${testDbKind})`, () => {
  it('links an old case to the enrolment left before it opened, audited, and leaves others', async () => {
    const { db } = database;
    const old = await leaver('孙旧案', MINGXI, 40);
    const later = await leaver('周后离', MINGXI, 5);
    /** A case row as the old code wrote it: no student, school or 离校日期. */
    const oldCase = async (
      who: { rp: { id: number; region_code: string }; person: { id: number } },
      name: string,
      openedAt: string,
    ) =>
      (
        await db
          .insertInto('dropout_case')
          .values({
            person_id: who.person.id,
            registry_person_id: who.rp.id,
            child_key: `person:${who.person.id}`,
            name,
            county_code: '350421',
            region_code: who.rp.region_code,
            source: 'out_of_school',
            reason: 'other',
            key_groups: ['registered_poor'],
            status: 'suspected',
            status_since: openedAt,
            opened_at: openedAt,
            opened_by: ids.xfUser,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const linked = await oldCase(old, '孙旧案', daysAgo(20));
    // Opened before the child left (the roll of that day still had them): no enrolment to carry.
    const before = await oldCase(later, '周后离', daysAgo(10));

    await db.transaction().execute((trx) => linkLeftEnrolments(trx));

    const rows = await db
      .selectFrom('dropout_case')
      .select(['id', 'student_id', 'school_code', 'left_at'])
      .where('id', 'in', [linked, before])
      .orderBy('id')
      .execute();
    expect(
      rows.map((r) => ({ ...r, id: Number(r.id), student_id: r.student_id && Number(r.student_id) })),
    ).toEqual([
      { id: Number(linked), student_id: Number(old.s.id), school_code: MINGXI.code, left_at: daysAgo(40) },
      { id: Number(before), student_id: null, school_code: null, left_at: null },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_name', 'action', 'before', 'after'])
      .where('entity', '=', 'dropout_case')
      .where('entity_id', '=', String(linked))
      .execute();
    expect(audit).toEqual([
      {
        actor_name: 'system',
        action: 'update',
        before: { student_id: null, school_code: null, left_at: null },
        after: { student_id: Number(old.s.id), school_code: MINGXI.code, left_at: daysAgo(40) },
      },
    ]);
    expect((await verifyAudit(db)).ok).toBe(true);
    // The school sees it, and monitoring marks it.
    expect(
      (await call('mx-school', 'GET', '/api/dropout/cases')).body.items.some(
        (i: { id: number }) => i.id === Number(linked),
      ),
    ).toBe(true);
    const t = await call('mx', 'GET', `/api/dropout/transfers?asOf=${TODAY}`);
    expect(t.body.items.find((i: { id: number }) => i.id === old.s.id)?.open_case?.id).toBe(Number(linked));
    // Run again: nothing more to link.
    await db.transaction().execute((trx) => linkLeftEnrolments(trx));
    const n = await db
      .selectFrom('audit_log')
      .select(db.fn.countAll<number>().as('n'))
      .where('entity', '=', 'dropout_case')
      .where('entity_id', '=', String(linked))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});
