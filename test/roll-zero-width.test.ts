/**
 * Zero-width characters (U+200B, U+FEFF, U+2060…) pasted into a roll from a web page or a chat: never
 * data. A 学籍号 holding one would be another number — the pupil 离校 and a stranger 新增 — so every
 * imported cell is stored without them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { generate } from '../src/synth/generate.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { insertSynthSchools } from './helpers/synth-db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-zero-width-'));
let database: Database;
let school: { code: string; name: string };

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级,班级';
const PUPILS = [
  { no: 'L2030001', name: '周甲', sex: '男', birth: '2012-03-03', id: id('20120303', 11) },
  { no: `G${id('20120404', 22)}`, name: '周乙', sex: '女', birth: '2012-04-04', id: id('20120404', 22) },
  { no: 'L2030003', name: '周丙', sex: '男', birth: '2012-05-05', id: id('20120505', 31) },
];

function write(name: string, zw: (s: string, i: number) => string) {
  const lines = PUPILS.map((p, i) =>
    [
      zw(p.no, i),
      zw(p.name, i),
      p.sex,
      p.birth,
      zw(p.id, i),
      school.code,
      school.name,
      '小学',
      '三年级',
      zw('2班', i),
    ].join(','),
  );
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[HEAD, ...lines].join('\n')}\n`);
  return { path: file, filename: name };
}

beforeAll(async () => {
  database = await createTestDb();
  await loadReferenceData(database.db);
  const ds = generate({ seed: 9, households: 10, extraStudents: 5 });
  await insertSynthSchools(database.db, ds.schools);
  const s = ds.schools.find((x) => x.countyCode === '350421' && x.stage === '小学') ?? ds.schools[0]!;
  school = { code: s.code, name: s.name };
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  return database.close();
});

describe(`zero-width characters in a roll's cells (${testDbKind})`, () => {
  it('stores every cell without them, so a newer roll holding them keeps each pupil', async () => {
    const first = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      write('zw-1.csv', (s) => s),
      {
        asOf: '2020-10-15',
      },
    );
    expect(first.ok, JSON.stringify(first.errors)).toBe(true);
    const marks = ['\u200b', '\ufeff', '\u2060'];
    const second = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      write('zw-2.csv', (s, i) => `${s.slice(0, 3)}${marks[i]}${s.slice(3)}\u200d`),
      { asOf: '2020-11-15' },
    );
    expect(second.ok, JSON.stringify(second.errors)).toBe(true);
    expect(second.counts).toMatchObject({ new: 0, left: 0, updated: 0, unchanged: 3 });
    const rows = await database.db
      .selectFrom('student')
      .select(['student_no', 'name', 'id_number', 'class_name', 'status'])
      .where('school_code', '=', school.code)
      .orderBy('student_no')
      .execute();
    expect(rows).toEqual(
      PUPILS.map((p) => ({
        student_no: p.no,
        name: p.name,
        id_number: p.id,
        class_name: '2班',
        status: 'enrolled',
      })).sort((a, b) => a.student_no.localeCompare(b.student_no)),
    );
  });
});
