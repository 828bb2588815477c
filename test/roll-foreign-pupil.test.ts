/**
 * A roll row whose 学籍号 is a pupil of a school outside the importer's scope (an outside tester's
 * P1): a county or school account could take such a pupil over — move, rename, clear, re-point to
 * another person — by putting the 学籍号 in its own roll. The row is refused when its name, ID or
 * birth date is not the pupil's (domain/roll/roll-identity.ts), and imported as a transfer in (转入)
 * with a warning naming the former school when they are. Within scope, a changed valid ID is a
 * correction: warned, its comparison result voided so that no 建档立卡 aid follows the old identity.
 * Review decisions are scoped by the pupil's current school.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { getPersonFile } from '../src/modules/persons/persons.queries.ts';
import { importList, importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import type { App } from '../src/server/http.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { addUser, callAs, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-foreign-pupil-'));
let database: Database;
let app: App;
const cookie: Record<string, string> = {};

const id = (area: string, ymd: string, seq: number): string => {
  const first17 = `${area}${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
/** 明溪县 pupils (测试甲 and 测试丁 are 建档立卡), and a 清流县 ID for the impostor. */
const JIA = id('350421', '20080505', 309);
const YI = id('350421', '20080606', 311);
const BING = id('350421', '20080707', 313);
const DING = id('350421', '20090303', 415);
const DING_FIXED = id('350421', '20090303', 417);
/** 测试戊's 学籍号 was given under another ID than the one the rolls give (G + WU_NO_ID). */
const WU = id('350421', '20080404', 319);
const WU_NO_ID = id('350421', '20080404', 317);
const QL1 = id('350423', '20080808', 511);
const QL2 = id('350423', '20080909', 513);
const IMPOSTOR = id('350423', '20100101', 622);
/** A 明溪 建档立卡 person on no roll (丁父, 测试丁's father). */
const GENG = id('350421', '19810202', 211);

const MX = '2135000001,明溪县实验小学';
const QL = '2135000002,清流县实验小学';
const QL_OTHER = '2135000003,清流县第二小学';
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级,监护人姓名,户籍所在地';
const sexOf = (x: string): string => (Number(x[16]) % 2 === 1 ? '男' : '女');
const birthOf = (x: string): string => `${x.slice(6, 10)}-${x.slice(10, 12)}-${x.slice(12, 14)}`;
/** A full row of a pupil, from their ID. */
const row = (
  no: string,
  name: string,
  x: string,
  school: string,
  guardian = '家长',
  hukou = '明溪县雪峰镇',
) => [no, name, sexOf(x), birthOf(x), x, school, '小学', '五年级', guardian, hukou].join(',');
const ql1 = row(`G${QL1}`, '清流一', QL1, QL, '清流家长', '清流县龙津镇');
const ql2 = row(`G${QL2}`, '清流二', QL2, QL_OTHER, '清流家长', '清流县龙津镇');
const mxRoll = [
  row(`G${JIA}`, '测试甲', JIA, MX, '测试父'),
  row(`G${YI}`, '测试乙', YI, MX),
  row(`G${BING}`, '测试丙', BING, MX),
  row(`G${DING}`, '测试丁', DING, MX, '丁父'),
  row(`G${WU_NO_ID}`, '测试戊', WU, MX),
];

const mingxi: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_admin', scopeCode: '350421' };
const qingliu: Actor = { ...SYSTEM_ACTOR, id: 0, role: 'county_admin', scopeCode: '350423' };
const qingliuSchool: Actor = {
  ...SYSTEM_ACTOR,
  id: 0,
  role: 'school_aid_officer',
  scopeCode: '350423100',
  schoolCode: '2135000002',
};

let n = 0;
async function roll(actor: Actor, lines: string[], asOf = '2020-10-15', confirmTransfer = false) {
  const name = `roll-${++n}.csv`;
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
  return importStudents(database.db, actor, { path: f, filename: name }, { asOf, confirmTransfer });
}

const student = (no: string) =>
  database.db
    .selectFrom('student')
    .select(['id', 'name', 'school_code', 'county_code', 'id_number', 'person_id', 'guardian_name', 'hukou'])
    .where('student_no', '=', no)
    .executeTakeFirstOrThrow();

/** Lines of the term's entitlement run (of `actor`'s scope) for one student. */
async function entitled(actor: Actor, studentId: number) {
  const run = await runEntitlements(database.db, actor, { term: '2020-autumn' });
  return database.db
    .selectFrom('entitlement')
    .select(['programme', 'rule'])
    .where('run_id', '=', run.runId)
    .where('student_id', '=', studentId)
    .execute();
}

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
  await database.db
    .insertInto('school')
    .values({
      code: '2135000003',
      name: '清流县第二小学',
      county_code: '350423',
      township_code: '350423100',
      region_code: '350423100',
      stages: ['primary'],
      ownership: 'public',
      boarding: false,
      kind: 'regular',
      urban_rural: 'urban',
      urban_rural_manual: false,
    })
    .execute();
  await addUser(database, 'mingxi', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'qingliu', 'county_admin', { scopeCode: '350423' });
  app = await testApp(database);
  for (const u of ['mingxi', 'qingliu']) cookie[u] = await login(app, u);

  const reg = path.join(dir, 'registry.csv');
  fs.writeFileSync(
    reg,
    [
      '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)',
      `H1,P11,测试父,${id('350421', '19800101', 111)},户主,明溪县,雪峰镇`,
      `H1,P12,测试甲,${JIA},之子,明溪县,雪峰镇`,
      `H2,P21,丁父,${GENG},户主,明溪县,雪峰镇`,
      `H2,P22,测试丁,${DING},之子,明溪县,雪峰镇`,
      '',
    ].join('\n'),
  );
  const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: reg, filename: 'registry.csv' });
  expect(r.ok, JSON.stringify(r.errors)).toBe(true);
  const a = await roll(mingxi, mxRoll);
  expect(a.ok, JSON.stringify(a.errors)).toBe(true);
  const b = await roll(qingliu, [ql1, ql2]);
  expect(b.ok, JSON.stringify(b.errors)).toBe(true);
  await runComparison(database.db, mingxi, {});
  const confirmed = await database.db
    .selectFrom('match_result as r')
    .innerJoin('student as s', 's.id', 'r.student_id')
    .select(['s.name', 'r.result'])
    .where('r.result', '=', 'confirmed')
    .orderBy('s.name')
    .execute();
  expect(confirmed.map((c) => c.name)).toEqual(['测试丁', '测试甲']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a roll row naming a pupil outside the importer's scope (${testDbKind})`, () => {
  it('refuses a county’s row that renames another county’s pupil under a blank ID (tester step 1)', async () => {
    const before = await student(`G${JIA}`);
    const r = await roll(qingliu, [
      ql1,
      [`G${JIA}`, '假名甲', '', '', '', QL, '小学', '五年级', '', ''].join(','),
    ]);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: '学籍号', severity: 'error' })]);
    expect(r.errors[0]!.message).toContain('您管辖范围以外学校的学生');
    expect(r.errors[0]!.message).toContain('姓名');
    // (The 学籍号 is quoted masked, like the IDs: it holds the pupil's ID.)
    expect(r.errors[0]!.message).toContain(`G${JIA.slice(0, 6)}***********${JIA.slice(17)}`);
    expect(r.errors[0]!.message).not.toContain(JIA);
    // Nothing written: the pupil is where and who they were.
    expect(await student(`G${JIA}`)).toEqual(before);
  });

  it('refuses a row that re-points another county’s pupil to a different valid ID (tester step 2)', async () => {
    const before = await student(`G${DING}`);
    const r = await roll(qingliu, [
      ql1,
      [`G${DING}`, '冒名丁', sexOf(IMPOSTOR), birthOf(IMPOSTOR), IMPOSTOR, QL, '小学', '五年级', '', ''].join(
        ',',
      ),
    ]);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: '学籍号', severity: 'error' })]);
    expect(r.errors[0]!.message).toContain('身份证件号');
    expect(r.errors[0]!.message).not.toContain(IMPOSTOR);
    expect(await student(`G${DING}`)).toEqual(before);
    // The real 测试丁 keeps his file: his enrolment and its history.
    const file = await getPersonFile(database.db, mingxi, before.person_id!);
    expect(file!.students.map((s) => s.student_no)).toEqual([`G${DING}`]);
    expect(file!.changes.length).toBeGreaterThan(0);
  });

  it('refuses the same from a school account, with only the 学籍号 (tester step 3)', async () => {
    const before = await student(`G${JIA}`);
    const r = await roll(qingliuSchool, [
      ql1,
      [`G${JIA}`, '假名甲', '', '', '', QL, '小学', '五年级', '', ''].join(','),
    ]);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: '学籍号' })]);
    expect(await student(`G${JIA}`)).toEqual(before);
    // Another school of the same county is outside a school account's scope too.
    const other = await student(`G${QL2}`);
    const s = await roll(qingliuSchool, [
      ql1,
      [`G${QL2}`, '别人', '', '', '', QL, '小学', '五年级', '', ''].join(','),
    ]);
    expect(s.ok).toBe(false);
    expect(s.errors).toEqual([expect.objectContaining({ row: 3, column: '学籍号' })]);
    expect(await student(`G${QL2}`)).toEqual(other);
  });

  it('refuses a row whose birth date is not the pupil’s, under a blank ID', async () => {
    const r = await roll(qingliu, [
      ql1,
      [`G${JIA}`, '测试甲', '', '2008-05-06', '', QL, '小学', '五年级', '', ''].join(','),
    ]);
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.message).toContain('出生日期');
  });

  it('refuses a row that would take the pupil’s ID away, though the name agrees', async () => {
    // Blank, the ID cell would be read from the 学籍号 — not the ID 测试戊's record holds.
    const before = await student(`G${WU_NO_ID}`);
    const r = await roll(qingliu, [
      ql1,
      [`G${WU_NO_ID}`, '测试戊', '', '', '', QL, '小学', '五年级', '', ''].join(','),
    ]);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: '学籍号', severity: 'error' })]);
    expect(r.errors[0]!.message).toContain('本行的身份证件号与该学生不一致');
    // (And no warning that would say it was imported.)
    expect(r.warnings.filter((w) => w.row === 3)).toEqual([]);
    expect(await student(`G${WU_NO_ID}`)).toEqual(before);
    // Nor may a cell that is no ID (无) leave the pupil without theirs.
    const s = await roll(qingliu, [
      ql1,
      [`G${JIA}`, '测试甲', '', '', '无', QL, '小学', '五年级', '', ''].join(','),
    ]);
    expect(s.ok).toBe(false);
    expect(s.errors[0]!.message).toContain('身份证件号');
  });

  it('refuses the pupil’s own 学籍号 and ID under another name (no rename from another scope)', async () => {
    const before = await student(`G${BING}`);
    const r = await roll(qingliu, [
      ql1,
      [`G${BING}`, '改名丙', sexOf(BING), birthOf(BING), BING, QL, '小学', '五年级', '王大明', ''].join(','),
    ]);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, column: '学籍号', severity: 'error' })]);
    expect(r.errors[0]!.message).toContain('本行的姓名与该学生不一致');
    expect(await student(`G${BING}`)).toEqual(before);
  });

  it('imports a new 学籍号 under another county pupil’s ID and another name without filing it under that pupil (verifier N1)', async () => {
    const before = await student(`G${BING}`);
    const r = await roll(qingliu, [
      ql1,
      [
        'L350423201100000002',
        '另一个人',
        sexOf(BING),
        birthOf(BING),
        BING,
        QL,
        '小学',
        '五年级',
        '',
        '',
      ].join(','),
    ]);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    const w = r.warnings.filter((x) => x.row === 3 && x.column === '身份证件号');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('在系统中属于您管辖范围以外的另一人');
    expect(w[0]!.message).toContain('未关联到该人员的一生一档');
    expect(w[0]!.message).not.toContain(BING);
    // (Not told as a 一人多籍: it is no second enrolment of 测试丙.)
    expect(r.warnings.filter((x) => x.message.includes('一人多籍'))).toEqual([]);
    // The row is on 清流's roll, under a person of its own; the pupil keeps their name and their
    // file stays 明溪's alone.
    const other = await student('L350423201100000002');
    expect(other.person_id).not.toBe(before.person_id);
    expect(await student(`G${BING}`)).toEqual(before);
    expect(await getPersonFile(database.db, qingliu, before.person_id!)).toBeNull();
    const person = await database.db
      .selectFrom('person')
      .select('name')
      .where('id', '=', before.person_id!)
      .executeTakeFirstOrThrow();
    expect(person.name).toBe('测试丙');
  });

  it('files a list or registry row under another county child’s ID and another name apart from that child; keeps the 一生一档 name (verifier N2, F2)', async () => {
    const yi = await student(`G${YI}`);
    const nameOf = async () =>
      (
        await database.db
          .selectFrom('person')
          .select('name')
          .where('id', '=', yi.person_id!)
          .executeTakeFirstOrThrow()
      ).name;
    const list = (file: string, name: string) => {
      const f = path.join(dir, file);
      fs.writeFileSync(f, `姓名,身份证号,县(市、区),乡(镇),名单类别\n${name},${YI},清流县,龙津镇,低保\n`);
      return importList(database.db, qingliu, { path: f, filename: file }, null);
    };
    // Under another name: imported, not linked — 清流 cannot open the child's file.
    const l = await list('dibao-1.csv', '低保冒名');
    expect(l.ok, JSON.stringify(l.errors)).toBe(true);
    expect(l.warnings).toEqual([
      expect.objectContaining({ row: 2, column: '身份证号', severity: 'warning' }),
    ]);
    expect(l.warnings[0]!.message).toContain('在系统中属于您管辖范围以外的另一人');
    expect(l.warnings[0]!.message).not.toContain(YI);
    expect(await getPersonFile(database.db, qingliu, yi.person_id!)).toBeNull();
    const unlinked = await database.db
      .selectFrom('assistance_entry')
      .select(['person_id', 'id_number'])
      .where('name', '=', '低保冒名')
      .executeTakeFirstOrThrow();
    expect(unlinked).toEqual({ person_id: null, id_number: YI });
    const reg = path.join(dir, 'ql-registry.csv');
    fs.writeFileSync(
      reg,
      [
        '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)',
        `Q1,Q11,清流户主,${id('350423', '19790101', 711)},户主,清流县,龙津镇`,
        `Q1,Q12,顶替者,${YI},之子,清流县,龙津镇`,
        '',
      ].join('\n'),
    );
    const g = await importRegistry(database.db, qingliu, { path: reg, filename: 'ql-registry.csv' });
    expect(g.ok, JSON.stringify(g.errors)).toBe(true);
    expect(g.warnings).toContainEqual(
      expect.objectContaining({ row: 3, column: '证件号码', severity: 'warning' }),
    );
    expect(await nameOf()).toBe('测试乙');
    expect(await getPersonFile(database.db, qingliu, yi.person_id!)).toBeNull();
    // Under the child's name as it reads (a homophone typed by one office or the other): the same
    // child, on 清流's list (a family living there), filed under the child.
    const same = await list('dibao-2.csv', '测试以');
    expect(same.ok, JSON.stringify(same.errors)).toBe(true);
    expect(same.warnings).toEqual([]);
    const linked = await database.db
      .selectFrom('assistance_entry')
      .select('person_id')
      .where('name', '=', '测试以')
      .executeTakeFirstOrThrow();
    expect(linked.person_id).toBe(yi.person_id);
    // Once linked, a later list under another name is imported, but the 一生一档 keeps its name
    // (the child has records outside 清流) and the import says so; the list keeps the file's name.
    const later = await list('dibao-3.csv', '低保改名');
    expect(later.ok, JSON.stringify(later.errors)).toBe(true);
    expect(later.notices!.join('')).toContain('1 人的姓名与系统中同一身份证号人员的一生一档姓名不同');
    expect(await nameOf()).toBe('测试乙');
    const entry = await database.db
      .selectFrom('assistance_entry')
      .select('name')
      .where('person_id', '=', yi.person_id!)
      .where('current', '=', true)
      .executeTakeFirstOrThrow();
    expect(entry.name).toBe('低保改名');
    // 明溪's person file shows the name the list gave beside the file's own.
    const file = await getPersonFile(database.db, mingxi, yi.person_id!);
    expect(file!.person.name).toBe('测试乙');
    expect(file!.lists).toContainEqual(
      expect.objectContaining({ list_kind: 'minimum_living', name: '低保改名', list_file: 'dibao-3.csv' }),
    );
    // Each of the child's list rows says which file it came from (newest first).
    expect(file!.lists.map((l) => l.list_file)).toEqual(['dibao-3.csv', 'dibao-2.csv']);
    const g2 = await importRegistry(database.db, qingliu, { path: reg, filename: 'ql-registry.csv' });
    expect(g2.ok, JSON.stringify(g2.errors)).toBe(true);
    expect(g2.notices!.join('')).toContain('一生一档的姓名未改');
    expect(await nameOf()).toBe('测试乙');
    // A person new to the system takes the name the file gives.
    const own = await database.db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('id_number', '=', id('350423', '19790101', 711))
      .executeTakeFirstOrThrow();
    expect(own.name).toBe('清流户主');
    // Within its scope an import still renames a person whose records are all in it.
    const renamed = await roll(qingliu, [row(`G${QL1}`, '清流新名', QL1, QL, '清流家长', '清流县龙津镇')]);
    expect(renamed.ok, JSON.stringify(renamed.errors)).toBe(true);
    expect(renamed.warnings.filter((w) => w.column === '姓名')).toEqual([]);
    const ql1Person = await database.db
      .selectFrom('person')
      .select('name')
      .where('id_number', '=', QL1)
      .executeTakeFirstOrThrow();
    expect(ql1Person.name).toBe('清流新名');
  });

  it('does not file a new 学籍号 under the ID of another county’s registry person on no roll and another name under that person (verifier F1)', async () => {
    const r = await roll(qingliu, [
      ql1,
      ['L350423201600000777', '钱冒名', sexOf(GENG), '', GENG, QL, '小学', '一年级', '', ''].join(','),
    ]);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ row: 3, column: '身份证件号', severity: 'warning' }),
    );
    const geng = await database.db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('id_number', '=', GENG)
      .executeTakeFirstOrThrow();
    expect(geng.name).toBe('丁父');
    expect(await getPersonFile(database.db, qingliu, geng.id)).toBeNull();
    expect((await student('L350423201600000777')).person_id).not.toBe(geng.id);
  });

  it('files a pupil whose row holds a parent’s ID under the pupil, not the parent (verifier round 3, N3)', async () => {
    const father = id('350421', '19800101', 111);
    const r = await roll(mingxi, [
      ...mxRoll,
      ['L2020999', '测试辛', '男', '2012-01-01', father, MX, '小学', '二年级', '测试父', ''].join(','),
    ]);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    expect(r.warnings).toContainEqual(
      expect.objectContaining({
        row: 7,
        column: '身份证件号',
        message: '身份证号中的出生日期与出生日期列不一致',
      }),
    );
    const dad = await database.db
      .selectFrom('person')
      .select(['id', 'name'])
      .where('id_number', '=', father)
      .executeTakeFirstOrThrow();
    // The father's 一生一档 keeps his name, and holds no 学籍 of the child.
    expect(dad.name).toBe('测试父');
    const xin = await student('L2020999');
    expect(xin.id_number).toBe(father);
    expect(xin.person_id).not.toBe(dad.id);
    const file = await getPersonFile(database.db, mingxi, dad.id);
    expect(file!.students).toEqual([]);
  });

  it('imports a consistent row as a transfer in once confirmed, with a warning naming the former school', async () => {
    const before = await student(`G${JIA}`);
    // The same pupil: the 学籍号, and the name (in traditional characters: the same name); no ID.
    const lines = [
      ql1,
      // (The guardian cell blank: what the new school does not know yet, not a fact to clear.)
      [`G${JIA}`, '測試甲', '', '', '', QL, '小学', '五年级', '', '清流县龙津镇'].join(','),
    ];
    // Still 在读 at the 明溪 school, which has not let them go: the import waits for the user (tester
    // v17b B1: a stale roll pulled a pupil away from the school she was at, without a word to it).
    const held = await roll(qingliu, lines);
    expect(held).toMatchObject({ ok: false, confirm: 'transfer', batchId: null });
    expect(held.fileError).toContain(
      `第 3 行（学籍号 G${JIA.slice(0, 6)}***********${JIA.slice(17)}）目前在明溪县实验小学在读`,
    );
    expect(held.fileError).not.toContain(JIA);
    expect(await student(`G${JIA}`)).toEqual(before);
    const r = await roll(qingliu, lines, '2020-10-15', true);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    expect(r.counts).toMatchObject({ moved: 1, transferred_in: 1 });
    const w = r.warnings.filter((x) => x.row === 3 && x.column === '学籍号');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('明溪县实验小学');
    expect(w[0]!.message).toContain('转入');
    // It claims what the row gave: the name (no ID cell, no birth date — the ID and the date inside the
    // G + ID 学籍号 are the 学籍号 again).
    expect(w[0]!.message).toContain('本行的姓名与其相符');
    const after = await student(`G${JIA}`);
    // The same student record and the same person (one lifelong file), now at the 清流 school.
    expect(after).toMatchObject({
      id: before.id,
      person_id: before.person_id,
      id_number: JIA,
      school_code: '2135000002',
      guardian_name: '测试父',
      hukou: '清流县龙津镇',
    });
    // The move keeps the 明溪 snapshot in the history the person file shows.
    const file = await getPersonFile(database.db, SYSTEM_ACTOR, before.person_id!);
    const moved = file!.changes.find((c) => c.kind === 'moved')!;
    expect(moved).toMatchObject({
      school_before_name: '明溪县实验小学',
      school_after_name: '清流县实验小学',
    });
  });

  it('holds a new 学籍号 under the ID and name of a pupil 在读 in another county until the user confirms (tester v25b F2)', async () => {
    const bing = await student(`G${BING}`);
    // (测试甲 moved to 清流 above: on its roll too.)
    const jia = [`G${JIA}`, '測試甲', '', '', '', QL, '小学', '五年级', '', '清流县龙津镇'].join(',');
    const lines = [ql1, jia, row('L350423209900000001', '测试丙', BING, QL, '家长', '清流县龙津镇')];
    const held = await roll(qingliu, lines);
    expect(held).toMatchObject({ ok: false, confirm: 'transfer', batchId: null });
    expect(held.fileError).toContain(`第 4 行（身份证件号 ${BING.slice(0, 6)}***********${BING.slice(17)}）`);
    expect(held.fileError).toContain('一人多籍');
    expect(held.fileError).not.toContain(BING);
    // Nothing written, and the child's 一生一档 stays 明溪's alone.
    expect(
      await database.db
        .selectFrom('student')
        .select('id')
        .where('student_no', '=', 'L350423209900000001')
        .executeTakeFirst(),
    ).toBeUndefined();
    expect(await getPersonFile(database.db, qingliu, bing.person_id!)).toBeNull();
    // (A child whose file 清流 already opens — 测试乙 is on its 低保 list — is not held.)
    // Confirmed (the pupil did move here): imported under her person, as a second enrolment.
    const r = await roll(qingliu, lines, '2020-10-15', true);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    expect((await student('L350423209900000001')).person_id).toBe(bing.person_id);
    expect(r.warnings.some((w) => w.row === 4 && w.message.includes('一人多籍'))).toBe(true);
    // 明溪's own roll of her is not held: her file was 明溪's already.
    const own = await roll(mingxi, [
      row(`G${YI}`, '测试乙', YI, MX),
      row(`G${BING}`, '测试丙', BING, MX),
      row(`G${DING}`, '测试丁', DING, MX, '丁父'),
      row(`G${WU_NO_ID}`, '测试戊', WU, MX),
    ]);
    expect(own.ok, own.fileError ?? JSON.stringify(own.errors)).toBe(true);
  });

  it('lets only the county of the pupil’s current school decide their review (tester step 4)', async () => {
    const s = await student(`G${JIA}`);
    const stale = await database.db
      .selectFrom('match_result')
      .select(['person_no', 'region_code'])
      .where('student_id', '=', s.id)
      .executeTakeFirstOrThrow();
    // The result of 明溪's run, made while the pupil was at a 明溪 school.
    expect(stale.region_code.startsWith('350421')).toBe(true);
    const decide = { personNo: stale.person_no!, decision: 'confirm' as const };
    const url = `/api/comparison/review/${s.id}`;
    expect((await callAs(app, cookie, 'mingxi', 'POST', url, decide)).status).toBe(404);
    expect((await callAs(app, cookie, 'mingxi', 'GET', url)).status).toBe(404);
    // Nor does 明溪's list show the pupil any more; 清流's does.
    const list = (who: string) =>
      callAs(app, cookie, who, 'GET', '/api/comparison/results?list=linked&pageSize=500').then((x) =>
        x.body.items.map((i: { student_id: number }) => i.student_id),
      );
    expect(await list('mingxi')).not.toContain(s.id);
    expect(await list('qingliu')).toContain(s.id);
    // 清流 re-runs its comparison and decides.
    await runComparison(database.db, qingliu, {});
    // A note is plain text: a spreadsheet formula is refused, as in every form (tester v25b F8).
    const formula = await callAs(app, cookie, 'qingliu', 'POST', url, {
      ...decide,
      note: '=HYPERLINK("http://evil","点我")',
    });
    expect(formula.status).toBe(400);
    expect(JSON.stringify(formula.body)).toContain('疑似公式');
    const res = await callAs(app, cookie, 'qingliu', 'POST', url, decide);
    expect(res.status).toBe(200);
    expect((await callAs(app, cookie, 'mingxi', 'POST', url, decide)).status).toBe(404);
  });

  it('warns of an ID corrected within scope, and no 建档立卡 aid follows the former ID', async () => {
    const before = await student(`G${DING}`);
    expect((await entitled(mingxi, before.id)).map((e) => e.programme)).toContain('nonboarding_living');
    const r = await roll(mingxi, [
      row(`G${YI}`, '测试乙', YI, MX),
      row(`G${BING}`, '测试丙', BING, MX),
      row(`G${DING}`, '测试丁', DING_FIXED, MX, '丁父'),
      row(`G${WU_NO_ID}`, '测试戊', WU, MX),
    ]);
    expect(r.ok, JSON.stringify(r.errors)).toBe(true);
    const w = r.warnings.filter((x) => x.row === 4 && x.column === '身份证件号');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain(`${DING.slice(0, 6)}***********${DING.slice(17)}`);
    expect(w[0]!.message).toContain(`${DING_FIXED.slice(0, 6)}***********${DING_FIXED.slice(17)}`);
    expect(w[0]!.message).not.toContain(DING);
    expect(w[0]!.message).toContain('人员档案');
    const after = await student(`G${DING}`);
    expect(after.id_number).toBe(DING_FIXED);
    expect(after.person_id).not.toBe(before.person_id);
    // The change is recorded, with the person the record belonged to before.
    const change = await database.db
      .selectFrom('student_change')
      .select(['kind', 'before'])
      .where('student_no', '=', `G${DING}`)
      .where('batch_id', '=', r.batchId!)
      .executeTakeFirstOrThrow();
    expect(change.kind).toBe('updated');
    expect(change.before).toMatchObject({ personId: before.person_id });
    // The result confirmed for the former ID is void: no 建档立卡 aid until the comparison says so again.
    expect(
      await database.db.selectFrom('match_result').select('id').where('student_id', '=', before.id).execute(),
    ).toEqual([]);
    expect(r.notices!.join('')).toContain('重新比对');
    // The notice names the row it counts (tester t28b F2: it counted pupils it named nowhere).
    expect(r.notices!.join('')).toContain('1 名学生（第 4 行）的身份证号与系统中原有的不同');
    expect((await entitled(mingxi, before.id)).map((e) => e.programme)).not.toContain('nonboarding_living');
  });
});
