import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The rolls below say their own as-of days; the file pins the bureau's day like every other.
const saved = vi.hoisted(() => {
  const before = process.env.JIAOFU_TODAY;
  process.env.JIAOFU_TODAY = '2021-10-20';
  return before;
});

import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { getPersonFile, searchPersons } from '../src/modules/persons/persons.queries.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import type { App } from '../src/server/http.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { todayInChina } from '../src/server/today.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * 一生一档 after a roll corrected a pupil's ID within the importer's scope (a valid ID replaced by
 * another: roll-identity.ts idCorrectedWarning): the record moves to the person of the new ID, and the
 * file of the former ID — opened from an old list, an old export, a search by the old ID — says
 * where it went (domain/roll/moved-record.ts), within the scope of the correction only, with a link
 * to the other file when the viewer may open it; the new file says where the record came from.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-moved-record-'));
let database: Database;
let app: App;
const cookie: Record<string, string> = {};

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
/** The ID the school typed first, and the one its next roll corrected it to. */
const OLD = id('20120606', 81);
const NEW = id('20120606', 95);
/** An ID as the person page shows it. */
const m = (x: string) => `${x.slice(0, 6)}***********${x.slice(-1)}`;
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const MX = '2135000001 明溪县实验小学';
const line = (no: string, name: string, ymd: string, x: string, school = MX) =>
  `${no},${name},${Number(x[16]) % 2 === 1 ? '男' : '女'},${ymd},${x},${school.replace(' ', ',')},小学,三年级`;
const OTHERS = [
  line('L2024002', '孙乙', '2012-07-07', id('20120707', 82)),
  line('L2024003', '孙丙', '2012-08-08', id('20120808', 83)),
];
/** The pupil's 学籍号: G + the ID given at registration (the wrong one). */
const NO = `G${OLD}`;

const county = (scopeCode: string): Actor => ({ ...SYSTEM_ACTOR, role: 'county_admin', scopeCode });
const MINGXI = county('350421');

async function roll(actor: Actor, name: string, lines: string[], asOf: string) {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
  // (Pupils still 在读 at another county's school move in only once confirmed: transferHoldMessage.)
  const r = await importStudents(
    database.db,
    actor,
    { path: f, filename: name },
    { asOf, confirmTransfer: true },
  );
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
  return r;
}

const personOf = async (idNumber: string) =>
  Number(
    (
      await database.db
        .selectFrom('person')
        .select('id')
        .where('id_number', '=', idNumber)
        .executeTakeFirstOrThrow()
    ).id,
  );

/** The former person (OLD) and the new one (NEW). */
let former: number;
let current: number;
/** The day the correcting roll was imported (its change's time, in China). */
let day: string;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await database.db
    .insertInto('school')
    .values({
      code: '2135000003',
      name: '明溪县第二小学',
      county_code: '350421',
      township_code: '350421100',
      region_code: '350421100',
      stages: ['primary'],
      ownership: 'public',
      boarding: false,
      kind: 'regular',
      urban_rural: 'urban',
      urban_rural_manual: false,
    })
    .execute();
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'ql-admin', 'county_admin', { scopeCode: '350423' });
  await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: '2135000001' });
  await addUser(database, 'mx-school-2', 'school_aid_officer', { schoolCode: '2135000003' });
  app = await testApp(database);
  for (const u of ['mx-admin', 'ql-admin', 'mx-school', 'mx-school-2']) cookie[u] = await login(app, u);
  await roll(MINGXI, 'r-1.csv', [line(NO, '孙甲', '2012-06-06', OLD), ...OTHERS], '2021-09-01');
  former = await personOf(OLD);
  const next = await roll(MINGXI, 'r-2.csv', [line(NO, '孙甲', '2012-06-06', NEW), ...OTHERS], '2021-10-08');
  expect(next.warnings.map((w) => w.message)).toEqual([
    expect.stringMatching(/^身份证件号 350421\*{11}[\dX] 与该学籍号原有的身份证件号 .*已按更正身份证号导入/),
  ]);
  current = await personOf(NEW);
  const s = await database.db
    .selectFrom('student')
    .select('person_id')
    .where('student_no', '=', NO)
    .executeTakeFirstOrThrow();
  expect(Number(s.person_id)).toBe(current);
  expect(current).not.toBe(former);
  const change = await database.db
    .selectFrom('student_change')
    .select('at')
    .where('student_no', '=', NO)
    .where('kind', '=', 'updated')
    .executeTakeFirstOrThrow();
  day = todayInChina(change.at);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.JIAOFU_TODAY;
  else process.env.JIAOFU_TODAY = saved;
});

const OUT_NOTE = () =>
  `学籍记录已转出：学籍号 G${m(OLD)} 的学籍记录于 ${day} 因身份证号更正（由 ${m(OLD)} 改为 ${m(NEW)}）转至另一人员档案`;
const IN_NOTE = () =>
  `学籍记录由更正身份证号转入：学籍号 G${m(OLD)} 的学籍记录于 ${day} 因身份证号更正（由 ${m(OLD)} 改为 ${m(NEW)}）由原身份证号的人员档案转入本档案`;

describe(`一生一档 of a former ID after a roll corrected it (${testDbKind})`, () => {
  it('the former person’s file says where the record went, IDs masked, linking the new file in scope', async () => {
    const file = await getPersonFile(database.db, MINGXI, former);
    expect(file).not.toBeNull();
    expect(file!.history_only).toBe(true);
    // No record is brought back: the record is the new person's.
    expect(file!.students).toEqual([]);
    expect(file!.changes).toEqual([]);
    expect(file!.moved_out).toEqual([
      {
        direction: 'out',
        student_no: `G${m(OLD)}`,
        day,
        from_id: m(OLD),
        to_id: m(NEW),
        note: OUT_NOTE(),
        person_id: current,
      },
    ]);
    for (const who of ['mx-admin', 'mx-school']) {
      const r = await callAs(app, cookie, who, 'GET', `/api/persons/${former}`);
      expect(r.status, who).toBe(200);
      expect(r.body.person.id_masked).toBe(m(OLD));
      expect(r.body.moved_out.map((x: { note: string; person_id: number }) => [x.note, x.person_id])).toEqual(
        [[OUT_NOTE(), current]],
      );
      expect(JSON.stringify(r.body)).not.toContain(OLD);
      expect(JSON.stringify(r.body)).not.toContain(NEW);
    }
  });

  it('keeps it from other scopes: another county and another school get 404, and no unmasking', async () => {
    expect(await getPersonFile(database.db, county('350423'), former)).toBeNull();
    expect((await callAs(app, cookie, 'ql-admin', 'GET', `/api/persons/${former}`)).status).toBe(404);
    expect((await callAs(app, cookie, 'mx-school-2', 'GET', `/api/persons/${former}`)).status).toBe(404);
    expect(await searchPersons(database.db, county('350423'), OLD)).toEqual([]);
    const other = await callAs(app, cookie, 'mx-school-2', 'GET', `/api/persons?q=${OLD}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
    // The note is no access to the person's ID: unmasking stays for persons with a record in scope.
    expect((await callAs(app, cookie, 'mx-admin', 'POST', `/api/persons/${former}/unmask`)).status).toBe(404);
  });

  it('finds the former person by the old ID, whole or masked, within the scope of the correction', async () => {
    for (const q of [OLD, m(OLD)]) {
      const hits = await searchPersons(database.db, MINGXI, q);
      expect(
        hits.map((h) => [h.id, h.moved_out, h.history_only]),
        q,
      ).toEqual([[former, true, true]]);
    }
    const r = await callAs(app, cookie, 'mx-school', 'GET', `/api/persons?q=${OLD}`);
    expect(r.body.items.map((h: { id: number }) => h.id)).toEqual([former]);
    // By the new ID, the new person, as before; by the name, the person with the record only.
    expect((await searchPersons(database.db, MINGXI, NEW)).map((h) => [h.id, h.moved_out])).toEqual([
      [current, false],
    ]);
    expect((await searchPersons(database.db, MINGXI, '孙甲')).map((h) => h.id)).toEqual([current]);
    // By the 学籍号 (G + the former ID), whole: the pupil who holds it, and the former ID's file.
    expect((await searchPersons(database.db, MINGXI, NO)).map((h) => h.id).sort()).toEqual(
      [former, current].sort(),
    );
  });

  it('the new person’s file says the record came by an ID correction, linking the former file', async () => {
    const file = await getPersonFile(database.db, MINGXI, current);
    expect(file!.history_only).toBe(false);
    expect(file!.students.map((s) => s.student_no)).toEqual([NO]);
    expect(file!.moved_out).toEqual([]);
    expect(file!.moved_in).toEqual([
      {
        direction: 'in',
        student_no: `G${m(OLD)}`,
        day,
        from_id: m(OLD),
        to_id: m(NEW),
        note: IN_NOTE(),
        person_id: former,
      },
    ]);
    const r = await callAs(app, cookie, 'mx-school', 'GET', `/api/persons/${current}`);
    expect(r.body.moved_in.map((x: { person_id: number }) => x.person_id)).toEqual([former]);
  });

  it('logs each opening of a file — who, which, in the file’s area — and none refused (tester v24b F6)', async () => {
    const views = () =>
      database.db
        .selectFrom('audit_log as a')
        .select(['a.actor_name', 'a.scope_code'])
        .where('a.action', '=', 'view_file')
        .where('a.entity', '=', 'person')
        .where('a.entity_id', '=', String(current))
        .orderBy('a.seq')
        .execute();
    const before = (await views()).length;
    expect((await callAs(app, cookie, 'mx-admin', 'GET', `/api/persons/${current}`)).status).toBe(200);
    expect((await callAs(app, cookie, 'ql-admin', 'GET', `/api/persons/${current}`)).status).toBe(404);
    const after = await views();
    expect(after.slice(before)).toEqual([
      { actor_name: 'mx-admin', scope_code: expect.stringMatching(/^350421/) },
    ]);
  });

  it('names no file the viewer may not open: the pupil moved to another county', async () => {
    // 清流县 takes the pupil in (转入, the same name, ID and birth date): the record leaves 明溪县.
    await roll(
      county('350423'),
      'ql-1.csv',
      [line(NO, '孙甲', '2012-06-06', NEW, '2135000002 清流县实验小学')],
      '2021-10-15',
    );
    // 明溪县 still reads the note of its correction, but the record's file is now 清流县's.
    const mx = await getPersonFile(database.db, MINGXI, former);
    expect(mx!.moved_out.map((x) => [x.note, x.person_id])).toEqual([[OUT_NOTE(), null]]);
    expect((await callAs(app, cookie, 'mx-admin', 'GET', `/api/persons/${current}`)).status).toBe(404);
    // 清流县 reads the pupil's file and where the record came from, not the former file (明溪县's correction).
    const ql = await callAs(app, cookie, 'ql-admin', 'GET', `/api/persons/${current}`);
    expect(ql.status).toBe(200);
    expect(
      ql.body.moved_in.map((x: { note: string; person_id: number | null }) => [x.note, x.person_id]),
    ).toEqual([[IN_NOTE(), null]]);
    expect((await callAs(app, cookie, 'ql-admin', 'GET', `/api/persons/${former}`)).status).toBe(404);
    // 清流县 finds the pupil by the whole 学籍号 they brought (G + the former ID), under 清流县 now.
    const byNo = await callAs(app, cookie, 'ql-admin', 'GET', `/api/persons?q=${NO}`);
    expect(
      byNo.body.items.map((h: { id: number; county_code: string; county_name: string }) => [
        h.id,
        h.county_code,
        h.county_name,
      ]),
    ).toEqual([[current, '350423', '清流县']]);
  });
});
