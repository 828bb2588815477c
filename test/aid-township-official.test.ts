import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { AID_CARE_ONLY, AID_READ_REFUSED } from '../src/modules/aid/aid.access.ts';
import type { App } from '../src/server/http.ts';
import { type ForeignAidExtras, seedForeignAidExtras } from './helpers/aid-extras-foreign.ts';
import { type ForeignAid, resetAidFactories, seedForeignAid } from './helpers/aid-foreign.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

// An outside tester found the 乡镇干部 (控辍保学) reading 困难认定 records with their reasons and
// reviews, 应急救助 applications, entitlements and coverage with its export, with the 学生资助 menu
// shown. Families' hardship data is not needed for dropout control: every 学生资助 record is refused
// to the role (roles.ts aid.read), but the pupil picker of 新建个案 (GET /api/aid/students). The
// records are those of the scope matrix, placed in 清流县龙津镇 (350423100) — the township official
// and the county aid centre are placed there too, so the refusal is the role's, not the scope's.
// Likewise 教师科 (teacher data), placed in 清流县, read them all; it keeps 红烛暖心 only (roles.ts
// aid.care.read): the pairings of children with caring teachers and their visits.

let database: Database;
let app: App;
const c: Record<string, string> = {};
let aid: ForeignAid;
let extras: ForeignAidExtras;

const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: c[who]! } });

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const countyId = await addUser(database, 'ql-county', 'county_aid_centre', { scopeCode: '350423' });
  await addUser(database, 'lj-township', 'township_official', { scopeCode: '350423100' });
  await addUser(database, 'ql-teacher-section', 'teacher_section', { scopeCode: '350423' });
  aid = await seedForeignAid(database.db);
  extras = await seedForeignAidExtras(database.db, countyId);
  app = await testApp(database);
  for (const u of ['ql-county', 'lj-township', 'ql-teacher-section']) c[u] = await login(app, u);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** Reads of 学生资助 records (and two aid files' downloads), each with what the county finds in it. */
function reads(): [url: string, marker: string][] {
  return [
    [`/api/aid/recognitions/${aid.recognitionId}`, '清流家庭困难'],
    ['/api/aid/recognitions?schoolYear=2020&pageSize=500', '清流资助生'],
    [`/api/aid/relief/${extras.reliefId}`, '清流县 患病住院'],
    ['/api/aid/relief?pageSize=500', '清流县 患病住院'],
    ['/api/aid/entitlements?term=2020-autumn&pageSize=500', '清流资助生'],
    ['/api/aid/coverage?term=2020-autumn&level=school', '2135000002'],
    ['/api/aid/coverage/students?term=2020-autumn&pageSize=500', '清流资助生'],
    ['/api/aid/coverage/gaps?term=2020-autumn&kind=without_aid&pageSize=500', '清流无资助'],
    ['/api/aid/coverage/export?term=2020-autumn&format=csv', '清流资助生'],
    [`/api/aid/payment-lists/${aid.listId}`, '清流资助生'],
    [`/api/aid/notices/${aid.noticeId}`, '清流县实验小学认定公示'],
    [`/api/aid/attachments/${aid.attachmentId}`, '清流'],
    ['/api/aid/fund/entries?pageSize=500', '清流助'],
    [`/api/aid/care/pairings/${extras.pairingId}`, '清流老师'],
    [`/api/persons/${aid.personId}/aid`, '清流'],
    [`/api/persons/${extras.personId}/relief`, '清流县 患病住院'],
    [`/api/persons/${extras.personId}/care`, '清流老师'],
    ['/api/aid/policies/active?year=2020', 'programmes'],
  ];
}

describe(`乡镇干部 and 学生资助 (${testDbKind})`, () => {
  it('refuses every 学生资助 record to the township official, in Chinese, that the county reads', async () => {
    for (const [url, marker] of reads()) {
      const county = await get('ql-county', url);
      expect(county.statusCode, `${url} as county`).toBe(200);
      expect(county.body, `${url} as county`).toContain(marker);
      const township = await get('lj-township', url);
      expect(township.statusCode, `${url} as township`).toBe(403);
      expect(township.json().error.message, url).toBe(AID_READ_REFUSED);
      expect(township.body, url).not.toContain(marker);
    }
    // Writes too (before any other check), and the funds export.
    const apply = await app.inject({
      method: 'POST',
      url: '/api/aid/relief',
      headers: { cookie: c['lj-township']! },
      payload: { personId: extras.personId, amountFen: 100_000, reason: 'illness', description: 'x' },
    });
    expect(apply.statusCode).toBe(403);
    expect(apply.json().error.message).toBe(AID_READ_REFUSED);
    const funds = await get('lj-township', '/api/aid/supervision-export?term=2020-autumn&format=csv');
    expect(funds.statusCode).toBe(403);
    expect(funds.json().error.message).toBe(AID_READ_REFUSED);
  });

  it('refuses the township official a roll import (tester v20b F3: one marked a school’s pupils as left), and says so in the session', async () => {
    const roll =
      '学籍号,姓名,身份证件号,出生日期,学校标识码,学段,年级\nL1,林一,,2012-05-06,2135000002,小学,三年级\n';
    const before = await database.db
      .selectFrom('student')
      .select(['student_no', 'status'])
      .orderBy('student_no')
      .execute();
    const res = await app.inject({
      method: 'POST',
      url: '/api/imports/students?filename=roll.csv',
      headers: { cookie: c['lj-township']!, 'content-type': 'text/csv' },
      payload: roll,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe(
      '学生名册由学校和县(市、区)教育局导入；乡镇干部负责控辍保学，不导入学籍',
    );
    expect(
      await database.db
        .selectFrom('student')
        .select(['student_no', 'status'])
        .orderBy('student_no')
        .execute(),
    ).toEqual(before);
    expect((await get('lj-township', '/api/auth/me')).json().user.permissions.importRoll).toBe(false);
    expect((await get('ql-county', '/api/auth/me')).json().user.permissions.importRoll).toBe(true);
  });

  it('keeps the 新建个案 pupil picker (pupils of the township, no aid data) and says the rest in the session', async () => {
    const picker = await get('lj-township', `/api/aid/students?q=${encodeURIComponent('清流')}`);
    expect(picker.statusCode).toBe(200);
    expect(picker.json().items.map((i: { name: string }) => i.name)).toContain('清流留守');
    const me = await get('lj-township', '/api/auth/me');
    expect(me.json().user.permissions).toMatchObject({ readAid: false, exportAidFunds: false });
    expect((await get('ql-county', '/api/auth/me')).json().user.permissions).toMatchObject({
      readAid: true,
      readCare: true,
    });
    // Anonymous: still asked to sign in first.
    const anon = await app.inject({ method: 'GET', url: `/api/aid/relief/${extras.reliefId}` });
    expect(anon.statusCode).toBe(401);
  });

  it('gives 教师科 the 红烛暖心 pairings and visits (the person file’s too) and refuses it every other record', async () => {
    const care = [
      `/api/aid/care/pairings/${extras.pairingId}`,
      '/api/aid/care/pairings?pageSize=500',
      `/api/persons/${extras.personId}/care`,
    ];
    for (const url of care) {
      const res = await get('ql-teacher-section', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('清流老师');
    }
    const visits = (await get('ql-teacher-section', `/api/persons/${extras.personId}/care`)).json().visits;
    expect(visits.map((v: { notes: string }) => v.notes)).toEqual(['清流家访']);
    // The teacher's phone stays masked and not to be unmasked; nothing to write.
    expect((await get('ql-teacher-section', care[0]!)).body).not.toContain('13935042300');
    for (const [url, marker] of [
      ...reads().filter(([u]) => !care.includes(u)),
      ['/api/aid/care/eligible?pageSize=500', '清流留守'] as [string, string],
      ['/api/aid/supervision-export?term=2020-autumn&format=csv', '清流'] as [string, string],
      ['/api/aid/meta', 'stages'] as [string, string],
    ]) {
      const res = await get('ql-teacher-section', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.message, url).toBe(AID_CARE_ONLY);
      expect(res.body, url).not.toContain(marker);
    }
    for (const [method, url, payload] of [
      [
        'POST',
        `/api/aid/care/pairings/${extras.pairingId}/visits`,
        { date: '2020-09-01', kind: 'talk', notes: 'x' },
      ],
      ['POST', `/api/aid/care/pairings/${extras.pairingId}/unmask`, undefined],
      [
        'POST',
        '/api/aid/relief',
        { personId: extras.personId, amountFen: 100_000, reason: 'illness', description: 'x' },
      ],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers: { cookie: c['ql-teacher-section']! },
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.message, url).toBe(AID_CARE_ONLY);
    }
    expect((await get('ql-teacher-section', '/api/auth/me')).json().user.permissions).toMatchObject({
      readAid: false,
      readCare: true,
      exportAidFunds: false,
    });
    // Not the 控辍保学 pupil picker either: 教师科 opens no case, and it lists the whole roll.
    expect(
      (await get('ql-teacher-section', `/api/aid/students?q=${encodeURIComponent('清流')}`)).statusCode,
    ).toBe(403);
  });
});
