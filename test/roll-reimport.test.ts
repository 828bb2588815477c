/**
 * A newer roll over one stored before: ID cells that went through Excel, were left blank or
 * mistyped, for pupils whose 学籍号 is not G + ID (so the 学籍号 cannot give the ID back) — the
 * IDs stored from the earlier roll stand, and each pupil stays the same person (一生一档); and
 * columns the newer roll leaves out, whose stored values stay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { reportToXlsx } from '../src/modules/imports/import-report.ts';
import { getPersonFile } from '../src/modules/persons/persons.queries.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { generate } from '../src/synth/generate.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { insertSynthSchools } from './helpers/synth-db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-stored-id-'));
let database: Database;
let school: { code: string; name: string };
/** Another school, for the second test (a one-pupil roll of the first would send its pupils away). */
let other: { code: string; name: string };
/** A third school, for the transfer test. */
let third: { code: string; name: string };
/** A fourth, for the new 学籍号 test. */
let fourth: { code: string; name: string };

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const HEAD = '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级';
const PUPILS = [
  { no: 'L2020001', name: '王甲', birth: '2012-03-03', id: id('20120303', 11) },
  { no: 'L2020002', name: '王乙', birth: '2012-04-04', id: id('20120404', 21) },
  { no: 'L2020003', name: '王丙', birth: '2012-05-05', id: id('20120505', 31) },
  { no: 'L2020004', name: '王丁', birth: '2012-06-06', id: id('20120606', 41) },
  { no: 'L2020005', name: '王戊', birth: '2012-07-07', id: id('20120707', 51) },
  { no: 'L2020006', name: '王己', birth: '2012-09-09', id: id('20120909', 61) },
  // Twenty more, whose ID cells the second roll has in 科学计数法 too (enough for the file notice).
  ...Array.from({ length: 20 }, (_, i) => ({
    no: `L20201${String(i).padStart(2, '0')}`,
    name: `李${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'春秋'[Math.floor(i / 10)]}`,
    birth: '2012-08-08',
    id: id('20120808', 100 + i),
  })),
];
const sexOf = (x: string): string => (Number(x[16]) % 2 === 1 ? '男' : '女');
/** The roll row (basic columns) of 陈甲, the pupil of the second school the later tests share. */
const chenJia = (grade: string): string =>
  ['L2021001', '陈甲', '男', '2011-01-01', id('20110101', 11), other.code, other.name, '小学', grade].join(
    ',',
  );

/** Writes a roll of the five pupils, their ID cells given by `cell`, and imports it. */
async function importRoll(name: string, cell: (p: (typeof PUPILS)[number], i: number) => string) {
  const lines = PUPILS.map(
    (p, i) =>
      `${p.no},${p.name},${sexOf(p.id)},${p.birth},${cell(p, i)},${school.code},${school.name},小学,三年级`,
  );
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${[HEAD, ...lines].join('\n')}\n`);
  return importStudents(database.db, SYSTEM_ACTOR, { path: file, filename: name }, { asOf: '2020-10-15' });
}

const stored = () =>
  database.db
    .selectFrom('student')
    .select(['student_no', 'id_number', 'id_problem', 'person_id'])
    .where('student_no', 'like', 'L2020%')
    .orderBy('student_no')
    .execute();

beforeAll(async () => {
  database = await createTestDb();
  await loadReferenceData(database.db);
  const ds = generate({ seed: 5, households: 20, extraStudents: 10 });
  await insertSynthSchools(database.db, ds.schools);
  const s = ds.schools.find((x) => x.countyCode === '350421' && x.stage === '小学') ?? ds.schools[0]!;
  school = { code: s.code, name: s.name };
  const o = ds.schools.find((x) => x.stage === '小学' && x.code !== s.code)!;
  other = { code: o.code, name: o.name };
  const t = ds.schools.find((x) => x.stage === '小学' && x.code !== s.code && x.code !== o.code)!;
  third = { code: t.code, name: t.name };
  const f = ds.schools.find((x) => x.stage === '小学' && ![s.code, o.code, t.code].includes(x.code))!;
  fourth = { code: f.code, name: f.name };
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  return database.close();
});

describe(`a newer roll with blank or Excel-damaged IDs (${testDbKind})`, () => {
  it('keeps the stored IDs and persons, says so per row and in the notice; a readable new ID still replaces', async () => {
    const first = await importRoll('roll-1.csv', (p) => p.id);
    expect(first.ok).toBe(true);
    const before = await stored();
    expect(before.map((s) => s.id_number)).toEqual(PUPILS.map((p) => p.id));
    expect(before).toHaveLength(26);

    const corrected = id('20120707', 53);
    const second = await importRoll(
      'roll-2.csv',
      (p, i) =>
        [
          `${p.id.slice(0, 1)}.${p.id.slice(1, 6)}E+17`, // Excel's scientific display
          `${p.id.slice(0, 15)}000`, // Excel's …000
          '', // left blank
          '3.50431E+17', // damaged, and the digits Excel kept are not this pupil's
          corrected, // a corrected, valid ID
          `${p.id.slice(0, 10)}${p.id[11]}${p.id[10]}${p.id.slice(12)}`, // two digits swapped (fails its check)
        ][i] ?? `${p.id.slice(0, 1)}.${p.id.slice(1, 6)}E+17`,
    );
    expect(second.ok).toBe(true);
    const after = (await stored()).slice(0, 6);
    expect(after.map((s) => s.id_number)).toEqual([
      PUPILS[0]!.id,
      PUPILS[1]!.id,
      PUPILS[2]!.id,
      null,
      corrected,
      PUPILS[5]!.id,
    ]);
    // The same person as before for the four kept; the corrected ID is the file's.
    const kept = [0, 1, 2, 5];
    expect(kept.map((i) => after[i]!.person_id)).toEqual(kept.map((i) => before[i]!.person_id));
    expect(kept.map((i) => after[i]!.id_problem)).toEqual([null, null, null, null]);
    expect(after[4]!.person_id).not.toBe(before[4]!.person_id);
    expect(after[3]!.id_problem).toBe('被 Excel 转为科学计数法，后几位已丢失');

    const idWarnings = second.warnings
      .filter((w) => w.column === '身份证件号' && w.row <= 7)
      .map((w) => [w.row, w.message]);
    expect(second.warnings.filter((w) => w.row > 7).map((w) => w.message)).toEqual(
      Array(20).fill(
        '身份证件号“3.50421E+17”被 Excel 转为科学计数法，后几位已丢失，与该学籍号原有的身份证号相符：沿用原有号码',
      ),
    );
    expect((await stored()).slice(6).map((s) => s.id_number)).toEqual(PUPILS.slice(6).map((p) => p.id));
    expect(idWarnings).toEqual([
      [
        2,
        `身份证件号“3.50421E+17”被 Excel 转为科学计数法，后几位已丢失，与该学籍号原有的身份证号相符：沿用原有号码`,
      ],
      [
        3,
        `身份证件号“${PUPILS[1]!.id.slice(0, 15)}000”末三位被 Excel 改为 000，与该学籍号原有的身份证号相符：沿用原有号码`,
      ],
      [4, '身份证件号为空：沿用该学籍号原有的身份证号'],
      [5, expect.stringMatching(/^身份证件号“3\.50431E\+17”.*不影响导入，标记为证件号问题/)],
      // A readable new ID replaces the stored one, and says so: the record moves to another person.
      [
        6,
        expect.stringMatching(
          /^身份证件号 350421\*{11}[\dX] 与该学籍号原有的身份证件号 350421\*{11}[\dX] 不同：已按更正身份证号导入/,
        ),
      ],
      [
        7,
        expect.stringMatching(
          /^身份证件号“\d{17}[\dX]”(校验位不正确|其中的出生日期无效(，校验位也不正确)?)，与该学籍号原有的身份证号只差一位（或两位颠倒），应为录入错误：沿用原有号码，请在学籍系统中改正$/,
        ),
      ],
    ]);
    // No ID is shown whole in the messages.
    for (const [, m] of idWarnings) for (const p of PUPILS) expect(m).not.toContain(p.id);
    expect(second.notices).toEqual([
      expect.stringMatching(
        /^注意：学生名册中 23 行（88%）的身份证件号被 Excel 转成了数字.*其中 22 名学生的身份证号已按该学籍号原有的身份证号恢复，其余导入时标记为证件号问题/,
      ),
    ]);
  });

  it('keeps what a column the newer roll leaves out held, and says which columns', async () => {
    const full =
      '学籍号,姓名,性别,出生日期,身份证件号,学校标识码,学校名称,学段,年级,户籍所在地,监护人姓名,监护人身份证件号,是否寄宿';
    const dad = id('19800101', 11);
    const pupil = (grade: string) => chenJia(grade).split(',');
    const file = (name: string, lines: string[]) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, `${lines.join('\n')}\n`);
      return f;
    };
    const first = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      {
        path: file('full.csv', [
          full,
          [...pupil('四年级'), '福建省三明市明溪县雪峰镇城关村', '陈父', dad, '是'].join(','),
        ]),
        filename: 'full.csv',
      },
      { asOf: '2020-10-15' },
    );
    expect(first.errors).toEqual([]);
    expect(first.fileError ?? '').toBe('');
    expect(first.ok).toBe(true);
    const short = file('short.csv', [HEAD, pupil('五年级').join(',')]);
    const second = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: short, filename: 'short.csv' },
      { asOf: '2021-09-15' },
    );
    expect(second.ok).toBe(true);
    const s = await database.db
      .selectFrom('student')
      .select(['grade', 'hukou', 'guardian_name', 'guardian_id_number', 'boarding'])
      .where('student_no', '=', 'L2021001')
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({
      grade: '五年级',
      hukou: '福建省三明市明溪县雪峰镇城关村',
      guardian_name: '陈父',
      guardian_id_number: dad,
      boarding: true,
    });
    expect(second.notices).toEqual([
      '学生名册中没有“户籍所在地”、“监护人姓名”、“监护人身份证件号”、“是否寄宿”列：已在系统中的学生保留原有的这些信息，不会被清空；新学生的这些信息为空。',
    ]);
    // The change recorded is the grade's alone.
    const changes = await database.db
      .selectFrom('student_change')
      .select(['kind', 'before', 'after'])
      .where('student_no', '=', 'L2021001')
      .where('batch_id', '=', second.batchId!)
      .execute();
    expect(changes.map((c) => c.kind)).toEqual(['updated']);
    const before = (changes[0]!.before as { fields: Record<string, unknown> }).fields;
    const after = (changes[0]!.after as { fields: Record<string, unknown> }).fields;
    const changed = Object.keys({ ...before, ...after }).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    expect(changed).toEqual(['grade']);
    // The columns there, the guardian's cells blank or a placeholder: the stored guardian stays, and
    // the file is told so (tester v26b F10: "-" cleared the name and kept the ID, "—" was stored as one).
    for (const [k, [gname, gid]] of [
      ['-', ''],
      ['—', '/'],
      ['', '无'],
    ].entries()) {
      const third = await importStudents(
        database.db,
        SYSTEM_ACTOR,
        {
          path: file(`blank-${k}.csv`, [
            full,
            [...pupil('五年级'), '福建省三明市明溪县雪峰镇城关村', gname, gid, '是'].join(','),
          ]),
          filename: `blank-${k}.csv`,
        },
        { asOf: '2021-09-16' },
      );
      expect(third.ok, JSON.stringify(third.errors)).toBe(true);
      expect(
        await database.db
          .selectFrom('student')
          .select(['guardian_name', 'guardian_id_number'])
          .where('student_no', '=', 'L2021001')
          .executeTakeFirstOrThrow(),
      ).toEqual({ guardian_name: '陈父', guardian_id_number: dad });
      expect(third.notices).toContainEqual(
        expect.stringMatching(/^1 名学生的监护人姓名或身份证件号在文件中为空/),
      );
    }
    // A new guardian's ID beside a blank name: not the old guardian's name (verifier v26f F2).
    const mum = id('19820202', 22);
    const fourth = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      {
        path: file('new-guardian.csv', [
          full,
          [...pupil('五年级'), '福建省三明市明溪县雪峰镇城关村', '-', mum, '是'].join(','),
        ]),
        filename: 'new-guardian.csv',
      },
      { asOf: '2021-09-17' },
    );
    expect(fourth.ok).toBe(true);
    expect(
      await database.db
        .selectFrom('student')
        .select(['guardian_name', 'guardian_id_number'])
        .where('student_no', '=', 'L2021001')
        .executeTakeFirstOrThrow(),
    ).toEqual({ guardian_name: null, guardian_id_number: mum });
  });

  it('counts a pupil whom the old school’s roll sent away and the new school’s roll has as moved, naming both schools', async () => {
    const row = (no: string, name: string, ymd: string, seq: number, at: { code: string; name: string }) => {
      const pid = id(ymd, seq);
      return `${no},${name},${sexOf(pid)},${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)},${pid},${at.code},${at.name},小学,三年级`;
    };
    const write = (name: string, lines: string[]) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
      return { path: f, filename: name };
    };
    const t1 = row('L2022001', '赵甲', '20120101', 11, third);
    const t2 = row('L2022002', '赵乙', '20120202', 21, third);
    const t3 = row('L2022003', '赵丙', '20120303', 31, third);
    const first = await importStudents(database.db, SYSTEM_ACTOR, write('t-1.csv', [t1, t2, t3]), {
      asOf: '2021-06-01',
    });
    expect(first.ok).toBe(true);
    // (A school's first roll: every row new, no 学籍变动 sheet to list them.)
    expect(first.rollChanges).toBeUndefined();
    // The old school imports first: 赵甲 is no longer on its roll.
    const old = await importStudents(database.db, SYSTEM_ACTOR, write('t-2.csv', [t2, t3]), {
      asOf: '2021-09-01',
    });
    expect(old.counts.left).toBe(1);
    // The report names him (tester t28b F1: the import said only how many left).
    expect(old.rollChanges).toEqual([
      {
        change: '离校',
        row: null,
        name: '赵甲',
        studentNo: 'L2022001',
        school: third.name,
        detail: '不在本次导入的名册中，记为离校',
      },
    ]);
    // A week later the new school's roll has him (with its pupil of before).
    const moved = row('L2022001', '赵甲', '20120101', 11, other);
    const kept = chenJia('五年级');
    const next = await importStudents(database.db, SYSTEM_ACTOR, write('t-3.csv', [kept, moved]), {
      asOf: '2021-09-08',
    });
    expect(next.ok).toBe(true);
    expect({ moved: next.counts.moved, returned: next.counts.returned }).toEqual({ moved: 1, returned: 0 });
    expect(next.rollChanges?.map((l) => [l.change, l.row, l.name, l.school, l.detail])).toEqual([
      ['转学', 3, '赵甲', other.name, `${third.name} → ${other.name}`],
    ]);
    // … on the downloadable report's 学籍变动 sheet.
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.load((await reportToXlsx(next)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('学籍变动')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '变动', '行号', '姓名', '学籍号', '学校', '变动内容']);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      '转学',
      3,
      '赵甲',
      'L2022001',
      other.name,
      `${third.name} → ${other.name}`,
    ]);
    const s = await database.db
      .selectFrom('student')
      .select(['person_id', 'status', 'school_code'])
      .where('student_no', '=', 'L2022001')
      .executeTakeFirstOrThrow();
    expect(s).toMatchObject({ status: 'enrolled', school_code: other.code });
    // A later roll of the old school that only adds a pupil lists the new one (verifier t28d N1:
    // no sheet, for every change was new).
    const added = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      write('t-4.csv', [t2, t3, row('L2022004', '赵丁', '20120404', 41, third)]),
      { asOf: '2021-09-15' },
    );
    expect(added.counts.new).toBe(1);
    expect(added.rollChanges?.map((l) => [l.change, l.row, l.name])).toEqual([['新入学籍', 4, '赵丁']]);
    const file = await getPersonFile(database.db, SYSTEM_ACTOR, s.person_id!);
    const last = file!.changes.find((c) => c.kind === 'moved')!;
    expect({ from: last.school_before_name, to: last.school_after_name }).toEqual({
      from: third.name,
      to: other.name,
    });
  });

  it('warns of a pupil stored without a grade when the 年级 cell stays empty', async () => {
    const f = path.join(dir, 'no-grade.csv');
    const pid = id('20120505', 71);
    fs.writeFileSync(
      f,
      `${HEAD}\nL2023001,钱甲,${sexOf(pid)},2012-05-05,${pid},${third.code},${third.name},小学,\n${chenJia('五年级')}\n`,
    );
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: f, filename: 'no-grade.csv' },
      // (Both pupils the school had are not in this file: a school of two losing them all asks first.)
      { asOf: '2021-09-20', confirmLeft: true },
    );
    expect(r.ok, r.fileError).toBe(true);
    expect(r.warnings.filter((w) => w.column === '年级')).toEqual([
      { row: 2, column: '年级', message: '年级为空：该生将以年级不详导入，请补全', severity: 'warning' },
    ]);
  });

  it('keeps a pupil whose temporary 学籍号 became G + ID as the same student: no 离校 and 新增, result, decisions and history kept', async () => {
    const pid = id('20120606', 81);
    const line = (no: string, name: string, ymd: string, x: string) =>
      `${no},${name},${sexOf(x)},${ymd},${x},${fourth.code},${fourth.name},小学,三年级`;
    const others = [
      line('L2024002', '孙乙', '2012-07-07', id('20120707', 82)),
      line('L2024003', '孙丙', '2012-08-08', id('20120808', 83)),
    ];
    const write = (name: string, lines: string[]) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
      return { path: f, filename: name };
    };
    const first = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      write('r-1.csv', [line('L2024001', '孙甲', '2012-06-06', pid), ...others]),
      { asOf: '2021-09-01' },
    );
    expect(first.ok).toBe(true);
    const before = await database.db
      .selectFrom('student')
      .select(['id', 'person_id', 'county_code', 'region_code'])
      .where('student_no', '=', 'L2024001')
      .executeTakeFirstOrThrow();
    // A review decision on the pupil, remembered by 学籍号.
    await database.db
      .insertInto('match_decision')
      .values({
        student_no: 'L2024001',
        person_no: 'P-孙甲',
        decision: 'confirm',
        actor_id: 0,
        county_code: before.county_code,
        region_code: before.region_code,
      })
      .execute();

    const next = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      write('r-2.csv', [line(`G${pid}`, '孙甲', '2012-06-06', pid), ...others]),
      { asOf: '2021-10-08' },
    );
    expect(next.ok).toBe(true);
    expect(next.counts).toMatchObject({ new: 0, left: 0, moved: 0, updated: 1 });
    expect(next.notices).toContainEqual(
      expect.stringMatching(/^1 名学生的学籍号与系统中不同.*已按同一学生改用新学籍号/),
    );
    const after = await database.db
      .selectFrom('student')
      .select(['id', 'person_id', 'status', 'student_no'])
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({
      id: before.id,
      person_id: before.person_id,
      status: 'enrolled',
      student_no: `G${pid}`,
    });
    expect(
      await database.db.selectFrom('student').select('id').where('student_no', '=', 'L2024001').execute(),
    ).toEqual([]);
    const decision = await database.db
      .selectFrom('match_decision')
      .select('student_no')
      .where('person_no', '=', 'P-孙甲')
      .executeTakeFirstOrThrow();
    expect(decision.student_no).toBe(`G${pid}`);
    const file = await getPersonFile(database.db, SYSTEM_ACTOR, before.person_id!);
    expect(file!.students.map((x) => x.student_no)).toEqual([`G${pid}`]);
    const change = file!.changes.find((c) => c.kind === 'updated')!;
    // (A G + ID 学籍号 is masked like the ID it holds.)
    expect(change.fields).toContainEqual({
      field: 'student_no',
      before: 'L2024001',
      after: `G${pid.slice(0, 6)}***********${pid.slice(17)}`,
    });
    // Its first record (新增 under L2024001) is filed under the new number too, so the file keeps it,
    // and shows it under the number of its time.
    expect(
      await database.db
        .selectFrom('student_change')
        .select('kind')
        .where('student_no', '=', `G${pid}`)
        .orderBy('id')
        .execute(),
    ).toEqual([{ kind: 'new' }, { kind: 'updated' }]);
    expect(file!.changes.map((c) => [c.kind, c.student_no])).toEqual([
      ['new', 'L2024001'],
      ['updated', `G${pid}`],
    ]);
  });

  it('keeps a pupil stored without an ID (hence the temporary 学籍号) when the new roll has her as G + ID', async () => {
    const pid = id('20120909', 91);
    const sibling = id('20120707', 82);
    const others = [
      `G${id('20120606', 81)},孙甲,${sexOf(id('20120606', 81))},2012-06-06,${id('20120606', 81)},${fourth.code},${fourth.name},小学,三年级`,
      `L2024002,孙乙,${sexOf(sibling)},2012-07-07,${sibling},${fourth.code},${fourth.name},小学,三年级`,
      `L2024003,孙丙,${sexOf(id('20120808', 83))},2012-08-08,${id('20120808', 83)},${fourth.code},${fourth.name},小学,三年级`,
    ];
    const write = (name: string, lines: string[]) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, `${[HEAD, ...lines].join('\n')}\n`);
      return { path: f, filename: name };
    };
    const noId = `L2024004,孙丁,女,2012-09-09,,${fourth.code},${fourth.name},小学,三年级`;
    const first = await importStudents(database.db, SYSTEM_ACTOR, write('r-3.csv', [...others, noId]), {
      asOf: '2021-10-20',
    });
    expect(first.ok, JSON.stringify(first.errors)).toBe(true);
    const before = await database.db
      .selectFrom('student')
      .select(['id', 'id_number'])
      .where('student_no', '=', 'L2024004')
      .executeTakeFirstOrThrow();
    expect(before.id_number).toBeNull();
    const withId = `G${pid},孙丁,${sexOf(pid)},2012-09-09,${pid},${fourth.code},${fourth.name},小学,三年级`;
    const next = await importStudents(database.db, SYSTEM_ACTOR, write('r-4.csv', [...others, withId]), {
      asOf: '2021-11-01',
    });
    expect(next.ok).toBe(true);
    expect(next.counts).toMatchObject({ new: 0, left: 0, updated: 1 });
    const after = await database.db
      .selectFrom('student')
      .select(['id', 'student_no', 'id_number', 'status'])
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ id: before.id, student_no: `G${pid}`, id_number: pid, status: 'enrolled' });
  });
});
