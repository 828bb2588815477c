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
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * 一生一档 after a newer roll renumbered a pupil (temporary L… → G + ID, roll-diff.ts renumbered):
 * the old 学籍号 — on a paper form, in last year's list — still finds the pupil, within scope, and
 * the person file says the number was changed, from what to what and when.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-former-no-'));
let database: Database;
let app: App;
const cookie: Record<string, string> = {};

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const PID = id('20120606', 81);
/** A G + ID 学籍号 as it leaves the server: masked like the ID it holds. */
const shown = (pid: string) => `G${pid.slice(0, 6)}***********${pid.slice(17)}`;
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const line = (no: string, name: string, ymd: string, x: string, school = '2135000001 明溪县实验小学') =>
  `${no},${name},${Number(x[16]) % 2 === 1 ? '男' : '女'},${ymd},${x},${school.replace(' ', ',')},小学,三年级`;
const OTHERS = [
  line('L2024002', '孙乙', '2012-07-07', id('20120707', 82)),
  line('L2024003', '孙丙', '2012-08-08', id('20120808', 83)),
];

async function roll(name: string, lines: string[], asOf: string) {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
  const r = await importStudents(database.db, SYSTEM_ACTOR, { path: f, filename: name }, { asOf });
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
  return r;
}

const county = (scopeCode: string): Actor => ({ ...SYSTEM_ACTOR, role: 'county_admin', scopeCode });
let personId: number;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'ql-admin', 'county_admin', { scopeCode: '350423' });
  await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: '2135000001' });
  app = await testApp(database);
  for (const u of ['mx-admin', 'ql-admin', 'mx-school']) cookie[u] = await login(app, u);
  await roll('r-1.csv', [line('L2024001', '孙甲', '2012-06-06', PID), ...OTHERS], '2021-09-01');
  const next = await roll('r-2.csv', [line(`G${PID}`, '孙甲', '2012-06-06', PID), ...OTHERS], '2021-10-08');
  expect(next.counts).toMatchObject({ new: 0, left: 0, updated: 1 });
  const s = await database.db
    .selectFrom('student')
    .select(['person_id', 'student_no'])
    .where('name', '=', '孙甲')
    .executeTakeFirstOrThrow();
  expect(s.student_no).toBe(`G${PID}`);
  personId = s.person_id!;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.JIAOFU_TODAY;
  else process.env.JIAOFU_TODAY = saved;
});

describe(`一生一档 by a 学籍号 the pupil had before renumbering (${testDbKind})`, () => {
  it('finds the pupil by the old temporary 学籍号, in any case, and says which number matched', async () => {
    for (const q of ['L2024001', 'l2024001', ' L2024001 ']) {
      const hits = await searchPersons(database.db, SYSTEM_ACTOR, q);
      expect(
        hits.map((h) => h.id),
        q,
      ).toEqual([personId]);
      expect(hits[0]!.former_student_no).toEqual({ former: 'L2024001', current: shown(PID) });
    }
    // By the new number as before, with no former number named.
    const now = await searchPersons(database.db, SYSTEM_ACTOR, `G${PID}`);
    expect(now.map((h) => h.id)).toEqual([personId]);
    expect(now[0]!.former_student_no).toBeNull();
    // An old number is matched whole, as a 学籍号 always is: its beginning finds nobody.
    expect(await searchPersons(database.db, SYSTEM_ACTOR, 'L202400')).toEqual([]);
    // Classmates never renumbered are found by their own numbers only.
    expect((await searchPersons(database.db, SYSTEM_ACTOR, 'L2024002')).map((h) => h.name)).toEqual(['孙乙']);
  });

  it('keeps the search in scope: 明溪县 finds the pupil by the old number, 清流县 does not', async () => {
    expect((await searchPersons(database.db, county('350421'), 'L2024001')).map((h) => h.id)).toEqual([
      personId,
    ]);
    expect(await searchPersons(database.db, county('350423'), 'L2024001')).toEqual([]);
    const mx = await callAs(app, cookie, 'mx-admin', 'GET', '/api/persons?q=L2024001');
    expect(mx.status).toBe(200);
    expect(mx.body.items.map((h: { id: number }) => h.id)).toEqual([personId]);
    // (A G + ID 学籍号 leaves the server masked, like the ID it holds.)
    expect(mx.body.items[0].former_student_no).toEqual({
      former: 'L2024001',
      current: shown(PID),
    });
    const school = await callAs(app, cookie, 'mx-school', 'GET', '/api/persons?q=L2024001');
    expect(school.body.items.map((h: { id: number }) => h.id)).toEqual([personId]);
    const ql = await callAs(app, cookie, 'ql-admin', 'GET', '/api/persons?q=L2024001');
    expect(ql.status).toBe(200);
    expect(ql.body.items).toEqual([]);
  });

  it('the person file names the change of 学籍号: old → new and when', async () => {
    const file = await getPersonFile(database.db, SYSTEM_ACTOR, personId);
    expect(file!.renumbered).toEqual([{ from: 'L2024001', to: shown(PID), at: expect.any(Date) }]);
    const r = await callAs(app, cookie, 'mx-admin', 'GET', `/api/persons/${personId}`);
    expect(r.status).toBe(200);
    expect(r.body.renumbered).toEqual([
      {
        from: 'L2024001',
        to: shown(PID),
        at: expect.any(String),
      },
    ]);
    // Out of scope, no file at all.
    expect((await callAs(app, cookie, 'ql-admin', 'GET', `/api/persons/${personId}`)).status).toBe(404);
  });

  it('shows each roll change under the 学籍号 of its time: the 新入学籍 under the old temporary number', async () => {
    const file = await getPersonFile(database.db, SYSTEM_ACTOR, personId);
    expect(file!.changes.map((c) => [c.kind, c.student_no])).toEqual([
      ['new', 'L2024001'],
      ['updated', `G${PID}`],
    ]);
    // On the wire, the G + ID number is masked like the ID it holds; the L… number is not personal.
    const r = await callAs(app, cookie, 'mx-admin', 'GET', `/api/persons/${personId}`);
    expect(r.body.changes.map((c: { kind: string; student_no: string }) => [c.kind, c.student_no])).toEqual([
      ['new', 'L2024001'],
      ['updated', shown(PID)],
    ]);
    expect(JSON.stringify(r.body)).not.toContain(PID);
  });

  it('follows a pupil renumbered twice by either earlier number, naming each change in order', async () => {
    const pid = id('20120909', 91);
    await roll(
      'r-3.csv',
      [line(`G${PID}`, '孙甲', '2012-06-06', PID), ...OTHERS, line('L2024009', '孙丁', '2012-09-09', pid)],
      '2021-10-10',
    );
    await roll(
      'r-4.csv',
      [line(`G${PID}`, '孙甲', '2012-06-06', PID), ...OTHERS, line('J2024009', '孙丁', '2012-09-09', pid)],
      '2021-10-12',
    );
    await roll(
      'r-5.csv',
      [line(`G${PID}`, '孙甲', '2012-06-06', PID), ...OTHERS, line(`G${pid}`, '孙丁', '2012-09-09', pid)],
      '2021-10-15',
    );
    const first = await searchPersons(database.db, SYSTEM_ACTOR, 'L2024009');
    expect(first.map((h) => h.name)).toEqual(['孙丁']);
    expect(first[0]!.former_student_no).toEqual({ former: 'L2024009', current: shown(pid) });
    const file = await getPersonFile(database.db, SYSTEM_ACTOR, first[0]!.id);
    expect(file!.renumbered.map((c) => [c.from, c.to])).toEqual([
      ['L2024009', 'J2024009'],
      ['J2024009', shown(pid)],
    ]);
    expect(file!.renumbered[0]!.at.getTime()).toBeLessThan(file!.renumbered[1]!.at.getTime());
    // Its history: enrolled under L2024009, renumbered to J2024009, then to the G + ID number.
    expect(file!.changes.map((c) => [c.kind, c.student_no])).toEqual([
      ['new', 'L2024009'],
      ['updated', 'J2024009'],
      ['updated', `G${pid}`],
    ]);
    // The middle number finds the pupil too, naming it as the former one.
    const middle = await searchPersons(database.db, SYSTEM_ACTOR, 'J2024009');
    expect(middle.map((h) => [h.name, h.former_student_no])).toEqual([
      ['孙丁', { former: 'J2024009', current: shown(pid) }],
    ]);
  });
});
