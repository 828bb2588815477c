/**
 * The 学籍号 is G + the ID: every API answer shows it masked like the ID (a list that masks the ID
 * beside a whole 学籍号 gives it away), and one copied from a list finds the pupil again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { App } from '../src/server/http.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { type ForeignComparison, seedForeignComparison } from './helpers/comparison-foreign.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
let app: App;
let cookie: string;
let seeded: ForeignComparison;
let studentNo: string;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'ql-admin', 'county_admin', { scopeCode: '350423' });
  seeded = await seedForeignComparison(database.db);
  studentNo = (
    await database.db
      .selectFrom('student')
      .select('student_no')
      .where('id', '=', seeded.studentId)
      .executeTakeFirstOrThrow()
  ).student_no;
  app = await testApp(database);
  cookie = await login(app, 'ql-admin');
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
const masked = (no: string) => `${no.slice(0, 7)}***********${no.slice(-1)}`;

describe(`学籍号 (G + ID) in API answers (${testDbKind})`, () => {
  it('is masked in the comparison lists, the review and 一生一档, and nowhere shown whole', async () => {
    expect(studentNo).toMatch(/^G\d{18}$/);
    const list = await get('/api/comparison/results?list=review');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { student_no: string }) => r.student_no)).toEqual([masked(studentNo)]);
    const review = await get(`/api/comparison/review/${seeded.studentId}`);
    expect(review.statusCode).toBe(200);
    const file = await get(`/api/persons/${seeded.personId}`);
    expect(file.statusCode).toBe(200);
    for (const res of [list, review, file]) {
      expect(res.body).not.toContain(studentNo.slice(1));
      expect(res.body).toContain(masked(studentNo));
    }
  });

  it('finds the pupil by the 学籍号 as a list shows it, and by the whole one', async () => {
    for (const q of [masked(studentNo), studentNo]) {
      const list = await get(`/api/comparison/results?list=review&q=${encodeURIComponent(q)}`);
      expect(list.json().items, q).toHaveLength(1);
      const persons = await get(`/api/persons?q=${encodeURIComponent(q)}`);
      expect(
        persons.json().items.map((p: { id: number }) => p.id),
        q,
      ).toEqual([seeded.personId]);
    }
    // Another pupil's digits in the masked positions' neighbours find nothing.
    const other = `${studentNo.slice(0, 7)}********${studentNo.slice(-4, -1)}${(Number(studentNo.slice(-1)) + 1) % 10}`;
    expect(
      (await get(`/api/comparison/results?list=review&q=${encodeURIComponent(other)}`)).json().items,
    ).toEqual([]);
  });
});
