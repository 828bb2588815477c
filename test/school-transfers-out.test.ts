import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const saved = vi.hoisted(() => {
  const before = process.env.JIAOFU_TODAY;
  process.env.JIAOFU_TODAY = '2021-10-20';
  return before;
});

import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { transfersOut } from '../src/modules/schools/schools.queries.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import type { App } from '../src/server/http.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * 转出学生 (tester v21b F9): a pupil a newer roll moved to another school leaves a trace at the school
 * they left — name, masked 学籍号, grade, the school they went to and the day — since the school no
 * longer sees the pupil's record. Only roles that read pupils' files, and only for a school in scope.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-transfers-out-'));
let database: Database;
let app: App;
const cookie: Record<string, string> = {};

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const A = '2135000001,明溪县实验小学';
const B = '2135000003,明溪县第二小学';
const line = (no: string, name: string, ymd: string, x: string, school: string, grade = '三年级') =>
  `${no},${name},${Number(x[16]) % 2 === 1 ? '男' : '女'},${ymd},${x},${school},小学,${grade}`;
const MOVER = id('20120606', 81);
const NO = `G${MOVER}`;
const STAY = [
  line('L2024002', '孙乙', '2012-07-07', id('20120707', 82), A),
  line('L2024003', '孙丙', '2012-08-08', id('20120808', 83), A),
];
const MINGXI: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: '350421' };

async function roll(name: string, lines: string[], asOf: string) {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
  const r = await importStudents(
    database.db,
    MINGXI,
    { path: f, filename: name },
    { asOf, confirmTransfer: true },
  );
  expect(r.ok, JSON.stringify(r.errors.slice(0, 3))).toBe(true);
}

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
  await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: '2135000001' });
  await addUser(database, 'mx-school-2', 'school_aid_officer', { schoolCode: '2135000003' });
  await addUser(database, 'mx-admin', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'ql-admin', 'county_admin', { scopeCode: '350423' });
  await addUser(database, 'mx-teachers', 'teacher_section', { scopeCode: '350421' });
  app = await testApp(database);
  for (const u of ['mx-school', 'mx-school-2', 'mx-admin', 'ql-admin', 'mx-teachers'])
    cookie[u] = await login(app, u);
  await roll('a.csv', [line(NO, '孙甲', '2012-06-06', MOVER, A), ...STAY], '2021-09-01');
  // The next term's roll of the second school holds the pupil, in the next grade.
  await roll('b.csv', [line(NO, '孙甲', '2012-06-06', MOVER, B, '四年级')], '2021-10-08');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (saved === undefined) delete process.env.JIAOFU_TODAY;
  else process.env.JIAOFU_TODAY = saved;
});

const masked = `G${MOVER.slice(0, 6)}***********${MOVER.slice(-1)}`;

describe(`转出学生 of a school (${testDbKind})`, () => {
  it('lists the pupil at the school they left, as the school had them, with the school they went to', async () => {
    const r = await transfersOut(database.db, '2135000001');
    expect(r.total).toBe(1);
    expect(r.items.map((x) => [x.name, x.student_no, x.grade, x.to_school_code, x.to_school_name])).toEqual([
      ['孙甲', masked, '三年级', '2135000003', '明溪县第二小学'],
    ]);
    // The school they went to moved no one out.
    expect((await transfersOut(database.db, '2135000003')).total).toBe(0);
  });

  it('answers the school and its county over HTTP, never the whole 学籍号', async () => {
    for (const who of ['mx-school', 'mx-admin']) {
      const r = await callAs(
        app,
        cookie,
        who,
        'GET',
        '/api/schools/2135000001/transfers-out?page=1&pageSize=10',
      );
      expect(r.status, who).toBe(200);
      expect(r.body.total).toBe(1);
      expect(r.body.items[0].student_no).toBe(masked);
      expect(r.body.items[0].to_school_name).toBe('明溪县第二小学');
      expect(JSON.stringify(r.body)).not.toContain(MOVER);
    }
  });

  it('refuses a school out of scope (404) and a role that reads care files only (403)', async () => {
    expect(
      (await callAs(app, cookie, 'mx-school-2', 'GET', '/api/schools/2135000001/transfers-out')).status,
    ).toBe(404);
    expect(
      (await callAs(app, cookie, 'ql-admin', 'GET', '/api/schools/2135000001/transfers-out')).status,
    ).toBe(404);
    const t = await callAs(app, cookie, 'mx-teachers', 'GET', '/api/schools/2135000001/transfers-out');
    expect(t.status).toBe(403);
    expect(t.body.error.message).toMatch(/红烛暖心/);
    expect(
      (await callAs(app, cookie, 'mx-school', 'GET', '/api/schools/2135000001/transfers-out?pageSize=1000'))
        .status,
    ).toBe(400);
  });
});
