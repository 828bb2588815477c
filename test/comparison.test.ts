import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import type { MatchCandidateJson } from '../src/db/types-comparison.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { makeId } from '../src/domain/matching/fixtures.test-helpers.ts';
import { exportComparisonList } from '../src/modules/comparison/comparison.export.ts';
import {
  comparisonStaleness,
  comparisonSummary,
  listStudentResults as listComparison,
  listUnenrolled,
} from '../src/modules/comparison/comparison.queries.ts';
import { runComparison } from '../src/modules/comparison/comparison.service.ts';
import { decideReview, getReview, REJECT_NEEDS_NOTE } from '../src/modules/comparison/review.service.ts';
import { reportToXlsx } from '../src/modules/imports/import-report.ts';
import { getPersonFile, searchPersons } from '../src/modules/persons/persons.queries.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { importList, importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { insertSynthSchools } from './helpers/synth-db.ts';
import { withReviewCases } from './helpers/synth-review.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-cmp-'));
let database: Database;
let truth: Map<string, string>;
const county: Actor = {
  ...SYSTEM_ACTOR,
  id: 0,
  username: 'mingxi',
  role: 'county_admin',
  scopeCode: '350421',
};

function readTruth(): Map<string, string> {
  // students-truth.csv: row,kind,personNo,… (row = 0-based data row); the roll's 学籍号 is column 0.
  const truthLines = fs
    .readFileSync(path.join(dir, 'students-truth.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const rollLines = fs
    .readFileSync(path.join(dir, 'students.csv'), 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const header = truthLines[0]!.split(',');
  const pi = header.indexOf('personNo');
  const out = new Map<string, string>();
  truthLines.slice(1).forEach((line, i) => {
    const no = rollLines[i + 1]!.split(',')[0]!.replace(/^"|"$/g, '');
    const p = line.split(',')[pi];
    if (p) out.set(no, p);
  });
  return out;
}

beforeAll(async () => {
  database = await createTestDb();
  await loadReferenceData(database.db);
  // Five 疑似匹配 cases the review tests can count on (helpers/synth-review.ts).
  const ds = withReviewCases(generate({ seed: 7, households: 400, extraStudents: 500 }), 5);
  await insertSynthSchools(database.db, ds.schools);
  await writeDataset(ds, { outDir: dir, format: 'csv' });
  truth = readTruth();
});
afterAll(() => database.close());

/** Writes a 低保 list file of `text` and imports it. */
const importListText = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return importList(database.db, SYSTEM_ACTOR, { path: file, filename: name }, 'minimum_living');
};

/** Rows in a table, to check that a refused import wrote nothing. */
const count = async (table: 'student' | 'registry_person') =>
  (
    await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe(`comparison in the app (${testDbKind})`, () => {
  it('imports the registry and the roll, reporting damaged IDs as warnings', async () => {
    const reg = await importRegistry(database.db, SYSTEM_ACTOR, {
      path: path.join(dir, 'registry.csv'),
      filename: 'registry.csv',
    });
    expect(reg.errors).toEqual([]);
    expect(reg.ok).toBe(true);
    const roll = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: path.join(dir, 'students.csv'), filename: 'students.csv' },
      { asOf: '2020-09-01' },
    );
    expect(roll.errors.slice(0, 3)).toEqual([]);
    expect(roll.ok).toBe(true);
    expect(roll.counts.new).toBeGreaterThan(800);
    expect(roll.warnings.some((w) => w.column === '身份证件号')).toBe(true);
  });

  it('links confirmed students to the right registry person, without false links', async () => {
    const { stats } = await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    expect(stats.students).toBeGreaterThan(800);
    const linked = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 5000 });
    let wrong = 0;
    for (const r of linked.items) if (truth.get(r.student_no) !== r.person_no) wrong++;
    expect(wrong).toBe(0);
    // Recall of confirmed + review covers every registry child in the roll.
    const review = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 5000 });
    const found = new Set([...linked.items, ...review.items].map((r) => r.student_no));
    const missed = [...truth.keys()].filter((no) => !found.has(no));
    expect(missed.length / truth.size).toBeLessThan(0.01);
    expect(stats.outOfSchool).toBeGreaterThan(0);
    // Every list shows one spelling of an ID, masked: no quote, full-width digit or lower-case x
    // the roll's cells carried; an ID the 学籍号 gave back shows as that ID.
    const shown: string[] = [];
    for (const list of ['linked', 'review', 'unmatched', 'id_problems'] as const)
      for (const r of (await listComparison(database.db, SYSTEM_ACTOR, list, { page: 1, pageSize: 5000 }))
        .items)
        shown.push(r.id_masked);
    expect(shown.length).toBeGreaterThan(800);
    const odd = shown.filter((m) => m !== '' && !/^\d{6}\*+[\dX]$/.test(m) && !/^\d\.\d*\*+E\+\d+$/.test(m));
    expect(odd).toEqual([]);
  });

  it('dates each 建档立卡 row of a person file with its list file and import time', async () => {
    const linked = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 1 });
    const file = (await getPersonFile(database.db, SYSTEM_ACTOR, linked.items[0]!.person_id!))!;
    expect(file.registry.length).toBeGreaterThan(0);
    for (const r of file.registry) {
      expect(r.list_file).toBe('registry.csv');
      expect(Number.isNaN(new Date(r.imported_at).getTime())).toBe(false);
    }
  });

  it('marks the out-of-school children who are a candidate of an undecided 疑似 row', async () => {
    const rows = await database.db
      .selectFrom('match_result as r')
      .innerJoin('student as s', 's.id', 'r.student_id')
      .select('r.candidates')
      .where('r.result', '=', 'review')
      .where('s.status', '=', 'enrolled')
      .execute();
    const candidates = new Set(
      rows.flatMap((r) => (r.candidates as MatchCandidateJson[]).map((c) => c.personNo)),
    );
    const un = await listUnenrolled(database.db, SYSTEM_ACTOR, { page: 1, pageSize: 5000 });
    const flagged = un.items.filter((i) => i.in_review).map((i) => i.person_no);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.length).toBeLessThan(un.items.length);
    expect(flagged.sort()).toEqual(
      un.items
        .map((i) => i.person_no)
        .filter((p) => candidates.has(p))
        .sort(),
    );
    // For the city every review is its own to settle; for a county, a review of another county's
    // pupil is not (the tag says it waits on that county).
    expect(un.items.filter((i) => i.in_review_elsewhere)).toEqual([]);
    const byCounty = await database.db
      .selectFrom('match_result as r')
      .innerJoin('student as s', 's.id', 'r.student_id')
      .select(['r.candidates', 's.county_code'])
      .where('r.result', '=', 'review')
      .where('s.status', '=', 'enrolled')
      .execute();
    let elsewhere = 0;
    let elsewhereCode = '';
    for (const code of ['350421', '350423', '350424', '350425']) {
      const own = new Set(
        byCounty
          .filter((r) => r.county_code === code)
          .flatMap((r) => (r.candidates as MatchCandidateJson[]).map((c) => c.personNo)),
      );
      const actor: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: code };
      const mine = await listUnenrolled(database.db, actor, { page: 1, pageSize: 5000 });
      for (const i of mine.items) {
        expect(i.in_review).toBe(candidates.has(i.person_no));
        expect(i.in_review_elsewhere).toBe(i.in_review && !own.has(i.person_no));
        if (i.in_review_elsewhere) {
          elsewhere++;
          elsewhereCode = code;
        }
      }
    }
    // (The generated city has such a child: a namesake pupil in another county.)
    expect(elsewhere).toBeGreaterThan(0);
    // Both out-of-school exports carry the tag as words (疑似匹配), the file as the list.
    const countyActor: Actor = { ...SYSTEM_ACTOR, role: 'county_admin', scopeCode: elsewhereCode };
    const listed = (await listUnenrolled(database.db, countyActor, { page: 1, pageSize: 5000 })).items;
    const out = await exportComparisonList(database.db, countyActor, 'unenrolled', 'csv');
    const table = parseCsv(fs.readFileSync(out.file), { bom: true }) as string[][];
    fs.rmSync(out.file, { force: true });
    const tagCol = table[0]!.indexOf('疑似匹配');
    expect(tagCol).toBeGreaterThan(0);
    const tags = new Map(table.slice(1).map((r) => [r[0]!, r[tagCol]!]));
    expect([...tags.values()]).toContain('外县疑似匹配待核实');
    for (const i of listed)
      expect(tags.get(i.person_no), i.person_no).toBe(
        i.in_review ? (i.in_review_elsewhere ? '外县疑似匹配待核实' : '疑似匹配待核实') : '',
      );
    // The birth date stands beside the masked ID, in the list and the file (tester v26b F9).
    const birthCol = table[0]!.indexOf('出生日期');
    expect(birthCol).toBe(table[0]!.indexOf('年龄') - 1);
    const births = new Map(table.slice(1).map((r) => [r[0]!, r[birthCol]!]));
    for (const i of listed) {
      expect(i.birth_date ?? '').toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
      expect(births.get(i.person_no)).toBe(i.birth_date ?? '');
    }
    expect(listed.some((i) => i.birth_date !== null)).toBe(true);
  });

  it('marks for the reviewer a 出生日期 that contradicts the row’s ID, and a 户籍 in another county', async () => {
    const review = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 500 });
    const student = await database.db
      .selectFrom('student')
      .select(['id', 'id_number', 'id_number_raw', 'birth_date', 'hukou'])
      .where('id', '=', review.items[0]!.student_id)
      .executeTakeFirstOrThrow();
    // A pupil whose 出生日期 agrees with the ID: nothing to mark. (The review cases carry no ID:
    // one born on their date is given for the test.)
    const born = String(student.birth_date).slice(0, 10);
    const own = makeId('350424', born.replaceAll('-', ''), 7);
    await database.db
      .updateTable('student')
      .set({ id_number: own, id_number_raw: own })
      .where('id', '=', student.id)
      .execute();
    expect((await getReview(database.db, SYSTEM_ACTOR, student.id))!.student.idBirthDate).toBeNull();
    try {
      // A year off in the 出生日期 column, and a 户籍 in a county none of the candidates lives in.
      const wrong = `${Number(student.birth_date!.slice(0, 4)) - 1}${student.birth_date!.slice(4)}`;
      await database.db
        .updateTable('student')
        .set({ birth_date: wrong, hukou: '福建省福州市鼓楼区东街街道' })
        .where('id', '=', student.id)
        .execute();
      const r = (await getReview(database.db, SYSTEM_ACTOR, student.id))!;
      expect(r.student.idBirthDate).toBe(student.birth_date);
      expect(r.candidates.filter((c) => c.person).length).toBeGreaterThan(0);
      for (const c of r.candidates) if (c.person) expect(c.differences?.place).toBe(true);
    } finally {
      await database.db
        .updateTable('student')
        .set({
          birth_date: student.birth_date,
          hukou: student.hukou,
          id_number: student.id_number,
          id_number_raw: student.id_number_raw,
        })
        .where('id', '=', student.id)
        .execute();
    }
  });

  it('remembers a review decision in later runs', async () => {
    const review = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 10 });
    expect(review.items.length).toBeGreaterThan(1);
    const r = review.items[0]!;
    // A rejection holds in every later run: it says who checked and how (tester v25b F4).
    for (const note of [undefined, ' ', '否', '否决'])
      await expect(
        decideReview(database.db, SYSTEM_ACTOR, r.student_id, {
          personNo: r.person_no!,
          decision: 'reject',
          ...(note !== undefined && { note }),
        }),
        String(note),
      ).rejects.toThrow(REJECT_NEEDS_NOTE);
    const after = await decideReview(database.db, SYSTEM_ACTOR, r.student_id, {
      personNo: r.person_no!,
      decision: 'reject',
      note: '核实非本人',
    });
    expect(after.personNo).not.toBe(r.person_no);
    await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    const again = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 5000 });
    const same = [
      ...again.items,
      ...(await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 5000 })).items,
    ].find((x) => x.student_id === r.student_id);
    expect(same?.person_no ?? null).not.toBe(r.person_no);
  });

  it('keeps a confirmation even when a later run no longer lists the person', async () => {
    const review = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 10 });
    const r = review.items.find((x) => x.person_no !== null)!;
    await decideReview(database.db, SYSTEM_ACTOR, r.student_id, {
      personNo: r.person_no!,
      decision: 'confirm',
      note: '学校与村委会核实为同一人',
    });
    // The school then sends a roll in which nothing of the row agrees with the registry any more
    // (another name, no ID, another birth date and place): the matcher finds no candidate at all.
    await database.db
      .updateTable('student')
      .set({
        name: '欧阳某某',
        id_number_raw: null,
        id_number: null,
        birth_date: '1999-01-01',
        hukou: '北京市东城区',
        guardian_name: null,
        guardian_id_number: null,
      })
      .where('id', '=', r.student_id)
      .execute();
    await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    const linked = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 5000 });
    const same = linked.items.find((x) => x.student_id === r.student_id);
    expect(same?.person_no).toBe(r.person_no);
    expect(same?.explanation).toContain('人工已确认；本次比对未将该人员列为候选，以人工核实结果为准');
  });

  it('gives a person a reviewer confirmed for one student to no other student automatically', async () => {
    const linked = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 5000 });
    const auto = linked.items.find((x) => !x.explanation.startsWith('人工'))!;
    const review = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 10 });
    const other = review.items.find((x) => x.student_id !== auto.student_id)!;
    // A reviewer says the other student is that person (as a decision recorded elsewhere would).
    const student = await database.db
      .selectFrom('student')
      .select(['student_no', 'county_code', 'region_code'])
      .where('id', '=', other.student_id)
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('match_decision')
      .values({
        student_no: student.student_no,
        person_no: auto.person_no!,
        decision: 'confirm',
        note: null,
        actor_id: 0,
        county_code: student.county_code,
        region_code: student.region_code,
      })
      .execute();
    await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    expect((await comparisonSummary(database.db, SYSTEM_ACTOR)).importsSinceRun).toBe(0);
    expect((await comparisonStaleness(database.db, SYSTEM_ACTOR)).importsSinceRun).toBe(0);
    const after = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 5000 });
    expect(after.items.find((x) => x.student_id === other.student_id)?.person_no).toBe(auto.person_no);
    expect(after.items.some((x) => x.student_id === auto.student_id)).toBe(false);
    const again = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 5000 });
    expect(again.items.find((x) => x.student_id === auto.student_id)?.explanation).toContain(
      `该人员已由人工确认为学籍号${student.student_no}的学生，需人工核实`,
    );
  });

  it('keeps a county to its own results and its own person files', async () => {
    const list = await listComparison(database.db, county, 'linked', { page: 1, pageSize: 5000 });
    const all = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 5000 });
    expect(list.total).toBeLessThan(all.total);
    // A student of another county whose household is registered in another county too.
    const foreign = all.items.find(
      (x) => !list.items.some((y) => y.student_id === x.student_id) && x.registry_county !== '明溪县',
    )!;
    expect(await getPersonFile(database.db, county, foreign.person_id!)).toBeNull();
    const own = list.items[0];
    if (own?.person_id) {
      const file = await getPersonFile(database.db, county, own.person_id);
      expect(file?.students.length).toBeGreaterThan(0);
      expect(file?.person.id_masked).toMatch(/^\d{6}\*{11}[\dX]$/);
    }
    expect(
      (await searchPersons(database.db, county, foreign.name)).some((p) => p.id === foreign.person_id),
    ).toBe(false);
    // The search names the county, not its code.
    const hits = await searchPersons(database.db, county, list.items[0]!.name);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => h.county_name === '明溪县')).toBe(true);
  });

  it('records moved and left students when a newer roll arrives', async () => {
    const lines = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const header = lines[0]!.split(',');
    const schoolCol = header.indexOf('学校标识码');
    const stageCol = header.indexOf('学段');
    const rows = lines.slice(1).map((l) => l.split(','));
    // Move a student of the biggest school to another school of the same stage.
    const size = new Map<string, number>();
    for (const r of rows) size.set(r[schoolCol]!, (size.get(r[schoolCol]!) ?? 0) + 1);
    const biggest = [...size.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const cells = rows.find((r) => r[schoolCol] === biggest)!;
    const otherSchool = rows.find((r) => r[schoolCol] !== biggest && r[stageCol] === cells[stageCol])![
      schoolCol
    ]!;
    lines.splice(lines.indexOf(cells.join(',')), 1);
    lines.splice(1, 0, cells.join(','));
    const moved = [...cells];
    moved[schoolCol] = otherSchool;
    const schoolName = header.indexOf('学校名称');
    moved[schoolName] = '';
    // The second roll moves row 1 and drops one classmate; everyone else at both schools stays.
    const sameSchool = (l: string, code: string) => l.split(',')[schoolCol] === code;
    const rest = lines.slice(2).filter((l) => sameSchool(l, cells[schoolCol]!) || sameSchool(l, otherSchool));
    const dropped = rest.findIndex((l) => sameSchool(l, cells[schoolCol]!));
    expect(dropped).toBeGreaterThanOrEqual(0);
    const keep = rest.filter((_, i) => i !== dropped);
    const second = path.join(dir, 'students-2.csv');
    fs.writeFileSync(second, [lines[0], moved.join(','), ...keep].join('\n'));
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: second, filename: 'students-2.csv' },
      { asOf: '2020-10-15' },
    );
    expect(r.errors.slice(0, 3)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.counts.moved).toBe(1);
    expect(r.counts, JSON.stringify(r.counts)).toMatchObject({ moved: 1 });
    expect(r.counts.left).toBeGreaterThanOrEqual(1);
    // The results no longer describe the roll: the summary counts the imports since the last run.
    const summary = await comparisonSummary(database.db, SYSTEM_ACTOR);
    expect(summary.lastRun).not.toBeNull();
    expect(summary.importsSinceRun).toBeGreaterThanOrEqual(1);
    // … and so does the 应享资助 page, whose 建档立卡 pupils come from the comparison's results.
    expect((await comparisonStaleness(database.db, SYSTEM_ACTOR)).importsSinceRun).toBe(
      summary.importsSinceRun,
    );
    // The classmate who left keeps the stored result but is on no list (nor counted in the summary).
    const leftNo = rest[dropped]!.split(',')[0]!.replace(/^"|"$/g, '');
    const stored = await database.db
      .selectFrom('match_result as m')
      .innerJoin('student as s', 's.id', 'm.student_id')
      .select(['s.status'])
      .where('s.student_no', '=', leftNo)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('left');
    for (const list of ['linked', 'review', 'unmatched', 'suspect', 'id_problems'] as const)
      expect(
        (await listComparison(database.db, SYSTEM_ACTOR, list, { q: leftNo, page: 1, pageSize: 10 })).total,
      ).toBe(0);
  });

  it('finds a pupil in a list by the masked ID copied from it, a lower-case g or full-width digits (tester t28f F3)', async () => {
    const linked = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { page: 1, pageSize: 200 });
    const r = linked.items.find((x) => /^G\d{17}[\dX]$/.test(x.student_no))!;
    expect(r).toBeDefined();
    const id = r.student_no.slice(1);
    const masked = `${id.slice(0, 6)}***********${id.slice(17)}`;
    const fullWidth = id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    for (const q of [masked, `g${id}`, ` ${id.slice(0, 6)} ${id.slice(6)} `, fullWidth]) {
      const hits = await listComparison(database.db, SYSTEM_ACTOR, 'linked', { q, page: 1, pageSize: 200 });
      expect(
        hits.items.map((x) => x.student_id),
        q,
      ).toContain(r.student_id);
    }
  });

  it('records a new guardian and 户籍, and shows the change in the person file with IDs masked', async () => {
    const lines = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    const col = (h: string) => header.indexOf(h);
    const rows = lines.slice(1).map((l) => l.split(','));
    // The smallest school the previous test's roll did not touch: its whole roll again, one row changed.
    const touched = new Set(
      fs
        .readFileSync(path.join(dir, 'students-2.csv'), 'utf8')
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.split(',')[col('学校标识码')]),
    );
    const size = new Map<string, number>();
    for (const r of rows)
      if (!touched.has(r[col('学校标识码')]))
        size.set(r[col('学校标识码')]!, (size.get(r[col('学校标识码')]!) ?? 0) + 1);
    const school = [...size.entries()].sort((a, b) => a[1] - b[1])[0]![0];
    const own = rows.filter((r) => r[col('学校标识码')] === school);
    const target = own.find((r) => /^\d{17}[\dX]$/.test(r[col('监护人身份证件号')]!))!;
    const newGuardian = rows.find(
      (r) =>
        /^\d{17}[\dX]$/.test(r[col('监护人身份证件号')]!) &&
        r[col('监护人身份证件号')] !== target[col('监护人身份证件号')],
    )![col('监护人身份证件号')]!;
    const oldGuardian = target[col('监护人身份证件号')]!;
    target[col('监护人身份证件号')] = newGuardian;
    target[col('户籍所在地')] = '福建省三明市明溪县城关乡新村';
    const third = path.join(dir, 'students-3.csv');
    fs.writeFileSync(third, [lines[0], ...own.map((r) => r.join(','))].join('\n'));
    const r = await importStudents(database.db, SYSTEM_ACTOR, { path: third, filename: 'students-3.csv' });
    expect(r.ok).toBe(true);
    expect(r.counts, JSON.stringify(r.counts)).toMatchObject({ updated: 1, moved: 0, left: 0, new: 0 });
    const student = await database.db
      .selectFrom('student')
      .select(['person_id'])
      .where('student_no', '=', target[col('学籍号')]!.replace(/^"|"$/g, ''))
      .executeTakeFirstOrThrow();
    const file = (await getPersonFile(database.db, SYSTEM_ACTOR, student.person_id!))!;
    const change = file.changes.find((c) => c.kind === 'updated')!;
    expect(change.school_after).toBe(school);
    expect(change.fields.map((f) => f.field).sort()).toEqual(['guardian_id_number', 'hukou']);
    const guardian = change.fields.find((f) => f.field === 'guardian_id_number')!;
    expect(guardian).toEqual({
      field: 'guardian_id_number',
      before: `${oldGuardian.slice(0, 6)}***********${oldGuardian.slice(-1)}`,
      after: `${newGuardian.slice(0, 6)}***********${newGuardian.slice(-1)}`,
    });
    // Neither the whole stored snapshot nor any full ID number leaves the server.
    const json = JSON.stringify(file.changes);
    expect(json).not.toContain(oldGuardian);
    expect(json).not.toContain(newGuardian);
    expect(json).not.toContain('id_number_raw');
  });

  it('warns when a roll gives an ID that another row or another school’s enrolled student holds (一人多籍)', async () => {
    const lines = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    const col = (h: string) => header.indexOf(h);
    const rows = lines.slice(1).map((l) => l.split(','));
    const isId = (v: string | undefined) => /^\d{17}[\dX]$/.test(v ?? '');
    // A school's whole roll again, plus two new rows giving the ID of a student enrolled elsewhere.
    const school = rows[rows.length - 1]![col('学校标识码')]!;
    const own = rows.filter((r) => r[col('学校标识码')] === school);
    const stored = await database.db
      .selectFrom('student as s')
      .innerJoin('school as sc', 'sc.code', 's.school_code')
      .select(['s.student_no', 's.id_number', 's.name', 'sc.name as school_name', 's.county_code'])
      .where('s.status', '=', 'enrolled')
      .where('s.school_code', '!=', school)
      .where('s.id_number', 'is not', null)
      .where('s.id_type', 'is', null)
      .where('s.county_code', '!=', '350421')
      .executeTakeFirstOrThrow();
    const template = own.find((r) => isId(r[col('身份证件号')]))!;
    const twin = (no: string) => {
      const r = [...template];
      r[col('学籍号')] = no;
      r[col('身份证件号')] = stored.id_number!;
      r[col('出生日期')] =
        `${stored.id_number!.slice(6, 10)}-${stored.id_number!.slice(10, 12)}-${stored.id_number!.slice(12, 14)}`;
      r[col('性别')] = Number(stored.id_number![16]) % 2 === 1 ? '男' : '女';
      return r.join(',');
    };
    const file = path.join(dir, 'students-twice.csv');
    fs.writeFileSync(
      file,
      [lines[0], ...own.map((r) => r.join(',')), twin('L900001'), twin('L900002')].join('\n'),
    );
    const r = await importStudents(database.db, SYSTEM_ACTOR, { path: file, filename: 'students-twice.csv' });
    expect(r.ok).toBe(true);
    const first = own.length + 2;
    const idWarnings = r.warnings.filter((w) => w.column === '身份证件号' && w.row >= first);
    expect(idWarnings.map((w) => [w.row, w.message])).toEqual([
      [first, expect.stringContaining(`已有在读学籍（${stored.school_name}，学籍号 ${stored.student_no}）`)],
      [first + 1, expect.stringContaining(`与第 ${first} 行（学籍号 L900001，`)],
      [
        first + 1,
        expect.stringContaining(`已有在读学籍（${stored.school_name}，学籍号 ${stored.student_no}）`),
      ],
    ]);
    // Both rows are imported: a person decides which enrolment is right.
    expect(r.counts.new).toBe(2);
  });

  it('asks before a roll sends most of a school away, writing nothing until confirmed', async () => {
    const lines = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    const school = lines[lines.length - 1]!.split(',')[header.indexOf('学校标识码')]!;
    const enrolled = () =>
      database.db
        .selectFrom('student')
        .select(['student_no'])
        .where('school_code', '=', school)
        .where('status', '=', 'enrolled')
        .execute();
    const before = await enrolled();
    expect(before.length).toBeGreaterThanOrEqual(4);
    const batches = await count('student');
    // One pupil of the school: a partial file, not the school's roll.
    const one = path.join(dir, 'students-one.csv');
    fs.writeFileSync(one, [lines[0], lines[lines.length - 1]].join('\n'));
    const refused = await importStudents(database.db, SYSTEM_ACTOR, {
      path: one,
      filename: 'students-one.csv',
    });
    expect(refused.ok).toBe(false);
    expect(refused.confirm).toBe('left');
    expect(refused.batchId).toBeNull();
    expect(refused.fileError).toContain(
      `文件中 1 名，现有在读 ${before.length} 名，其中 ${before.length - 1} 名不在文件中，将记为离校`,
    );
    expect(refused.fileError).toContain('--confirm-left');
    expect((await enrolled()).length).toBe(before.length);
    expect(await count('student')).toBe(batches);
    // Confirmed: the file is the school's roll, the rest leave.
    const ok = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: one, filename: 'students-one.csv' },
      { confirmLeft: true },
    );
    expect(ok.ok).toBe(true);
    expect(ok.counts.left).toBe(before.length - 1);
    expect((await enrolled()).length).toBe(1);
  });

  it('imports assistance lists and refuses bad files with Chinese messages, writing nothing', async () => {
    const ok = await importListText(
      'dibao.csv',
      '\uFEFF姓名,身份证号,县(市、区),乡(镇)\n王小明,350421201005031231,明溪县,雪峰镇\n',
    );
    expect(ok.ok).toBe(true);
    // A newer 低保 list of the county without him names him as taken off; one that keeps him does not.
    const kept = await importListText(
      'dibao-2.csv',
      '\uFEFF姓名,身份证号,县(市、区),乡(镇)\n王小明,350421201005031231,明溪县,雪峰镇\n李小红,350421201106061229,明溪县,雪峰镇\n',
    );
    expect(kept.ok).toBe(true);
    expect(kept.counts.removed).toBeUndefined();
    expect((kept.notices ?? []).join('')).not.toContain('移出');
    const dropped = await importListText(
      'dibao-3.csv',
      '\uFEFF姓名,身份证号,县(市、区),乡(镇)\n李小红,350421201106061229,明溪县,雪峰镇\n',
    );
    expect(dropped.ok).toBe(true);
    expect(dropped.counts.removed).toBe(1);
    expect(dropped.notices).toContainEqual(
      expect.stringMatching(/^本次低保名单替换了原名单，移出 1 人：王小明。/),
    );

    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    expect(
      (await importStudents(database.db, SYSTEM_ACTOR, { path: empty, filename: 'empty.csv' })).fileError,
    ).toMatch(/空文件/);
    const noId = path.join(dir, 'noid.csv');
    fs.writeFileSync(noId, '学籍号,姓名,学校名称\nG1,张三,某校\n');
    expect(
      (await importStudents(database.db, SYSTEM_ACTOR, { path: noId, filename: 'noid.csv' })).fileError,
    ).toMatch(/缺少必需的列：“身份证件号”/);
    // A file named .xls that holds no table (nor a workbook): read as one, and refused for its content.
    const xls = path.join(dir, 'old.xls');
    fs.writeFileSync(xls, 'x');
    expect(
      (await importRegistry(database.db, SYSTEM_ACTOR, { path: xls, filename: 'old.xls' })).fileError,
    ).toMatch(/^建档立卡名单中未找到表头/);
    const before = await count('registry_person');
    const bad = path.join(dir, 'bad-registry.csv');
    fs.writeFileSync(
      bad,
      '户编号,人编号,姓名,证件号码,县(市、区),乡(镇)\nH1,P1,=cmd(),350421201005031231,明溪县,雪峰镇\nH1,P2,李四,123,明溪县,不存在镇\n',
    );
    const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: bad, filename: 'bad.csv' });
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, column: '姓名' }),
        expect.objectContaining({ row: 3, column: '乡(镇)' }),
      ]),
    );
    expect(await count('registry_person')).toBe(before);
  });

  it('refuses a roll whose cells an unquoted comma shifted, naming the row; a short list row is a warning', async () => {
    const lines = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const hukou = lines[0]!.split(',').indexOf('户籍所在地');
    const cells = lines[5]!.split(',');
    cells[hukou] = cells[hukou]!.replace('三明市', '三明市,');
    lines[5] = cells.join(',');
    const shifted = path.join(dir, 'students-shifted.csv');
    fs.writeFileSync(shifted, `${lines.join('\n')}\n`);
    const students = await count('student');
    const r = await importStudents(database.db, SYSTEM_ACTOR, { path: shifted, filename: 'shifted.csv' });
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatchObject({ row: 6, column: '整行', severity: 'error' });
    expect(r.errors[0]!.message).toMatch(/^该行有\d+个单元格，比表头的\d+列多.*未加引号的英文逗号/);
    expect(await count('student')).toBe(students);

    const ok = await importListText(
      'short-list.csv',
      '\uFEFF姓名,身份证号,县(市、区),乡(镇),备注\n王小红,350421201106041228,明溪县,雪峰镇\n王小刚,350421200907021214,明溪县,雪峰镇,因病\n',
    );
    expect(ok.errors).toEqual([]);
    expect(ok.ok).toBe(true);
    expect(ok.warnings).toContainEqual({
      row: 2,
      column: '整行',
      message: '该行只有4个单元格，表头有5列：缺少“备注”，已按空白处理（该行可能被截断或少了逗号）',
      severity: 'warning',
    });
  });

  it('reads IDs that an export wrote as Excel text formulas (="350…") instead of refusing them as formulas', async () => {
    const r = await importListText(
      'text-formula-list.csv',
      '\uFEFF姓名,身份证号,县(市、区),乡(镇)\n王小兰,="350421201203051225",明溪县,雪峰镇\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.ok).toBe(true);
  });
  it('imports a person listed twice in one list once, and says so', async () => {
    const r = await importListText(
      'dup-list.csv',
      '\uFEFF姓名,身份证号,县(市、区),乡(镇)\n王小兰,350421201203051225,明溪县,雪峰镇\n王小红,350421201106041228,明溪县,雪峰镇\n王小兰,350421201203051225,明溪县,雪峰镇\n',
    );
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      expect.objectContaining({
        row: 4,
        column: '身份证号',
        message: '与第 2 行是同一人（低保，同一身份证号），只导入一次',
      }),
    ]);
    const n = await database.db
      .selectFrom('assistance_entry')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('batch_id', '=', r.batchId!)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('fills a list’s merged 县, 乡 and 名单类别 cells from the row above, and says so', async () => {
    const file = path.join(dir, 'merged-list.csv');
    fs.writeFileSync(
      file,
      '\uFEFF县(市、区),乡(镇),名单类别,姓名,身份证号\n明溪县,雪峰镇,低保,王小兰,350421201203051225\n,,,王小红,350421201106041228\n,,特困供养,王小刚,350421200907021214\n',
    );
    // A mixed list: each row's kind is its 名单类别.
    const r = await importList(database.db, SYSTEM_ACTOR, { path: file, filename: 'merged-list.csv' }, null);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notices).toEqual([
      '注意：救助名单中 2 行（第3、4行）的县(市、区)、乡(镇)、名单类别为空，多为导出时合并了单元格，已按上一行补齐。如有不对，请补全后重新导入。',
    ]);
    const kinds = await database.db
      .selectFrom('assistance_entry')
      .select(['name', 'list_kind', 'region_code'])
      .where('name', 'in', ['王小兰', '王小红', '王小刚'])
      .where('batch_id', '=', r.batchId!)
      .orderBy('id')
      .execute();
    expect(kinds.map((k) => k.list_kind)).toEqual(['minimum_living', 'minimum_living', 'extreme_poverty']);
    expect(new Set(kinds.map((k) => k.region_code)).size).toBe(1);
  });

  it('says so once when the ID column of a registry or a list went through Excel, counting each damaged ID', async () => {
    // Of 40 registry rows, 10 IDs in 科学计数法 and 10 with 末三位 000 (an eleventh, 350421201005141000,
    // passes its check and is taken as written); 20 户编号 in 科学计数法 too, so the file is refused
    // and nothing is written — the notices still say why.
    const CN = '一二三四五六七八九十';
    const before = await count('registry_person');
    const rows = Array.from({ length: 40 }, (_, i) => {
      const day = String((i % 28) + 1).padStart(2, '0');
      const id = i < 10 ? '3.50421E+17' : i < 21 ? `35042120100${i < 15 ? '5' : '6'}${day}1000` : '';
      const household = i < 20 ? `H90${String(i).padStart(2, '0')}` : '3.50421E+15';
      return `${household},P90${String(i).padStart(2, '0')},王${CN[i % 10]}${'山水石林'[Math.floor(i / 10)]},${id},明溪县,雪峰镇`;
    });
    const reg = path.join(dir, 'excel-registry.csv');
    fs.writeFileSync(reg, `户编号,人编号,姓名,证件号码,县(市、区),乡(镇)\n${rows.join('\n')}\n`);
    const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: reg, filename: 'excel.csv' });
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(20);
    expect(r.errors.every((e) => e.column === '户编号')).toBe(true);
    expect(r.notices).toEqual([
      expect.stringMatching(/^注意：建档立卡名单中 20 行（50%）的证件号码被 Excel 转成了数字/),
      expect.stringMatching(/^注意：建档立卡名单中 20 行（50%）的户编号被 Excel 转成了数字.*这些行未导入/),
    ]);
    expect(await count('registry_person')).toBe(before);

    // A 残联 list's 残疾人证号 (the ID and two digits) is read for its ID: no Excel damage.
    const list = await importListText(
      'excel-list.csv',
      `\uFEFF姓名,身份证号,县(市、区),乡(镇)\n${[
        ...Array.from(
          { length: 20 },
          (_, i) => `王${CN[i % 10]}${'花草'[Math.floor(i / 10)]},3.50421E+17,明溪县,雪峰镇`,
        ),
        '王小兰,35042120120305122542,明溪县,雪峰镇',
        '王小红,35042120110604122812,明溪县,雪峰镇',
      ].join('\n')}\n`,
    );
    expect(list.ok).toBe(true);
    expect(list.notices).toEqual([
      expect.stringMatching(
        /^注意：救助名单中 20 行（91%）的身份证号被 Excel 转成了数字.*无法按身份证号与学生对应/,
      ),
    ]);
  });

  it('says so once when a list’s ID column holds numbers that are no IDs (tester v20b F11)', async () => {
    // 24 IDs of 25 with a wrong check character (another number's column): imported, one sentence.
    const CN = '一二三四五六七八九十';
    const rows = Array.from({ length: 25 }, (_, i) => {
      const day = String((i % 28) + 1).padStart(2, '0');
      const body = `35042120080${i < 12 ? '5' : '6'}${day}1${String(i % 10)}${i % 2}`;
      const valid = `${body}${idCheckChar(body)}`;
      const idNumber = i < 24 ? `${body}${idCheckChar(body) === '7' ? '8' : '7'}` : valid;
      return `王${CN[i % 10]}${'梅竹松'[Math.floor(i / 10)]},${idNumber},明溪县,雪峰镇`;
    });
    const list = await importListText(
      'invalid-list.csv',
      `姓名,身份证号,县(市、区),乡(镇)\n${rows.join('\n')}\n`,
    );
    expect(list.ok).toBe(true);
    expect(list.warnings.filter((w) => w.column === '身份证号')).toHaveLength(24);
    // (Beside it, the list replaced says whom it removed.)
    expect(list.notices?.filter((n) => n.includes('不是有效的身份证号'))).toEqual([
      '注意：救助名单中 24 行（96%）的身份证号不是有效的身份证号（校验位不正确、位数不对、含有非法字符或其中的出生日期无效），这些行照样导入，但无法按身份证号与学生对应。录入错误很少这样多：请检查该列是否选对（不是学籍号、监护人或户主的证件号、其他证件的号码），或从原系统重新导出。',
    ]);
  });

  it('says so once when the ID column of a roll went through Excel, beside the row warnings', async () => {
    const lines = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').split(/\r?\n/).filter(Boolean);
    const at = lines[0]!.split(',').indexOf('身份证件号');
    const damaged = lines.map((l, i) => {
      if (i === 0) return l;
      const cells = l.split(',');
      if (/^\d{17}[\dX]$/.test(cells[at]!))
        cells[at] = `${cells[at]!.slice(0, 1)}.${cells[at]!.slice(1, 6)}E+17`;
      return cells.join(',');
    });
    const file = path.join(dir, 'students-excel.csv');
    fs.writeFileSync(file, `${damaged.join('\n')}\n`);
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'excel.csv' },
      { asOf: '2020-10-15' },
    );
    // One notice on the file (beside it, a pupil the damaged column left with another ID than stored
    // has their comparison result voided, and is told so: roll-identity.ts voidedResultsNotice).
    expect(r.notices!.filter((n) => !n.includes('原比对结果已作废'))).toHaveLength(1);
    expect(r.notices![0]).toMatch(
      /^注意：学生名册中 \d+ 行（(9\d|100)%）的身份证件号被 Excel 转成了数字（科学计数法或末几位变为 0），原号码已残缺，(其中 \d+ 名学生的身份证号|这些学生的身份证号)已按学籍号（G \+ 身份证号）(或该学籍号原有的身份证号)?恢复/,
    );
    // A pupil whose 学籍号 is G + ID keeps the valid ID, not the damaged copy (a pupil imported
    // before with another 学籍号 keeps the stored one: test/roll-stored-id.test.ts).
    const kept = await database.db
      .selectFrom('student')
      .select(['student_no', 'id_number'])
      .where('student_no', 'like', 'G%')
      .where('batch_id', '=', r.batchId!)
      .limit(20)
      .execute();
    expect(kept.length).toBeGreaterThan(0);
    for (const s of kept) expect(s.id_number).toBe(s.student_no.slice(1).toUpperCase());
    // The downloadable report opens with it.
    const wb = new (loadExcel().Workbook)();
    const xlsx = path.join(dir, 'excel-report.xlsx');
    fs.writeFileSync(xlsx, await reportToXlsx(r));
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets[0]!.getRow(2).getCell(4).value).toBe(r.notices![0]);
  });

  it('keeps a passport number of a roll with 身份证件类型 as written, never as an ID problem', async () => {
    const text = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/).filter(Boolean);
    const header = lines[0]!.split(',');
    const at = header.indexOf('身份证件号');
    const noAt = header.indexOf('学籍号');
    const typed = lines.map((l, i) => {
      if (i === 0) return `${l},身份证件类型`;
      if (i !== 1) return `${l},居民身份证`;
      const cells = l.split(',');
      cells[at] = 'E12345678';
      return `${cells.join(',')},护照`;
    });
    const studentNo = lines[1]!.split(',')[noAt]!.replace(/^"|"$/g, '');
    const file = path.join(dir, 'students-typed.csv');
    fs.writeFileSync(file, `${typed.join('\n')}\n`);
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'typed.csv' },
      { asOf: '2020-10-20' },
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.filter((w) => w.row === 2)).toEqual([]);
    const row = await database.db
      .selectFrom('student')
      .select(['id_type', 'id_number_raw', 'id_number', 'id_problem'])
      .where('student_no', '=', studentNo)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ id_type: '护照', id_number_raw: 'E12345678', id_number: null, id_problem: null });
    await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    const problems = await listComparison(database.db, SYSTEM_ACTOR, 'id_problems', {
      page: 1,
      pageSize: 5000,
    });
    expect(problems.items.map((x) => x.student_no)).not.toContain(studentNo);
  });

  it('imports a registry whose household cells were merged (empty below the head), filling them from the row above', async () => {
    const text = fs.readFileSync(path.join(dir, 'registry.csv'), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/).filter(Boolean);
    const header = lines[0]!.split(',');
    const cols = [
      '户编号',
      '户主姓名',
      '户主证件号码',
      '县(市、区)',
      '乡(镇)',
      '行政村',
      '贫困户属性',
      '脱贫状态',
    ].map((h) => header.indexOf(h));
    expect(cols.every((c) => c >= 0)).toBe(true);
    let blankedRow = 0;
    let wanted: string[] = [];
    const merged = lines.map((l, i) => {
      const cells = l.split(',');
      if (i < 2 || lines[i - 1]!.split(',')[cols[0]!] !== cells[cols[0]!]) return l;
      if (blankedRow === 0) {
        blankedRow = i + 1;
        wanted = cols.map((c) => cells[c]!);
      }
      return cells.map((v, c) => (cols.includes(c) ? '' : v)).join(',');
    });
    expect(blankedRow).toBeGreaterThan(0);
    const file = path.join(dir, 'registry-merged.csv');
    fs.writeFileSync(file, `${merged.join('\n')}\n`);
    const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: file, filename: 'merged.csv' });
    expect(r.errors.slice(0, 3)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notices?.[0]).toMatch(/^注意：建档立卡名单中 \d+ 行（第\d+、.*已按同户上一行补齐/);
    const personNo = merged[blankedRow - 1]!.split(',')[header.indexOf('人编号')]!;
    const stored = await database.db
      .selectFrom('registry_person')
      .select([
        'household_no',
        'head_name',
        'head_id_number',
        'county_name',
        'township_name',
        'village_name',
        'poverty_attribute',
        'exit_status',
      ])
      .where('person_no', '=', personNo)
      .where('current', '=', true)
      .executeTakeFirstOrThrow();
    expect(Object.values(stored).map((v) => v ?? '')).toEqual(wanted);
  });

  it('skips the sum and signature rows at the foot of a list or a roll, with a warning naming the row', async () => {
    const list = await importListText(
      'foot-list.csv',
      '\uFEFF姓名,身份证号,县(市、区),乡(镇)\n王小明,350421201005031231,明溪县,雪峰镇\n合计：共1人,,,\n填表人：张三,,填报日期：2020年9月1日,\n',
    );
    expect(list.errors).toEqual([]);
    expect(list.ok).toBe(true);
    const skipped = {
      column: '整行',
      message: '表尾的合计、签名或日期行，不是人员信息，已跳过',
      severity: 'warning',
    };
    expect(list.warnings).toEqual([
      { row: 3, ...skipped },
      { row: 4, ...skipped },
    ]);
    const text = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/).filter(Boolean);
    const file = path.join(dir, 'students-foot.csv');
    fs.writeFileSync(
      file,
      `${[...lines, `合计：共${lines.length - 1}人`, '填表人：张三,,审核人：李四'].join('\n')}\n`,
    );
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'foot.csv' },
      { asOf: '2020-10-21' },
    );
    expect(r.errors.slice(0, 3)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.rows).toBe(lines.length - 1);
    expect(r.warnings.filter((w) => w.message === skipped.message).map((w) => w.row)).toEqual([
      lines.length + 1,
      lines.length + 2,
    ]);
  });

  it('finds a school by its name written with a 三明市 prefix, spaces or other brackets', async () => {
    const text = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').replace(/^\uFEFF/, '');
    const [head, first] = text.split(/\r?\n/);
    const header = head!.split(',');
    const cells = first!.split(',');
    const name = cells[header.indexOf('学校名称')]!;
    cells[header.indexOf('学校标识码')] = '';
    cells[header.indexOf('学校名称')] = `三明市${name.slice(0, 2)} ${name.slice(2)}`;
    const file = path.join(dir, 'students-school-name.csv');
    fs.writeFileSync(file, `${head}\n${cells.join(',')}\n`);
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'by-name.csv' },
      { asOf: '2020-10-22' },
    );
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    cells[header.indexOf('学校名称')] = `${name}分校`;
    fs.writeFileSync(file, `${head}\n${cells.join(',')}\n`);
    const bad = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'by-name.csv' },
      { asOf: '2020-10-22' },
    );
    expect(bad.errors).toEqual([
      {
        row: 2,
        column: '学校名称',
        message: `学校“${name}分校”不存在（请核对学校名称，或改填学校标识码）`,
        severity: 'error',
      },
    ]);
  });

  it('imports a roll whose school and class cells were merged, filling them from the row above', async () => {
    const text = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').replace(/^\uFEFF/, '');
    const [head, ...body] = text.split(/\r?\n/).filter(Boolean);
    const header = head!.split(',');
    const cols = ['学校标识码', '学校名称', '学段', '年级', '班级'].map((h) => header.indexOf(h));
    const key = (l: string) => cols.map((c) => l.split(',')[c]).join('|');
    const sorted = [...body].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    let merged = 0;
    const lines = sorted.map((l, i) => {
      if (i === 0 || key(sorted[i - 1]!) !== key(l)) return l;
      merged++;
      return l
        .split(',')
        .map((v, c) => (cols.includes(c) ? '' : v))
        .join(',');
    });
    expect(merged).toBeGreaterThan(50);
    const file = path.join(dir, 'students-merged.csv');
    fs.writeFileSync(file, `${[head, ...lines].join('\n')}\n`);
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'merged.csv' },
      { asOf: '2020-10-23' },
    );
    expect(r.errors.slice(0, 3)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.notices?.[0]).toMatch(
      new RegExp(
        `^注意：学生名册中 ${merged} 行（第\\d+、.*的学校标识码、学校名称、学段、年级、班级为空，多为导出时合并了单元格，已按上一行补齐`,
      ),
    );
    // Nobody moved: every pupil is still at the school of the unmerged roll.
    expect(r.counts.moved ?? 0).toBe(0);
  });

  it('fills 年级 and 班级 merged under one school (the school written on every row) from the row above', async () => {
    const text = fs.readFileSync(path.join(dir, 'students.csv'), 'utf8').replace(/^\uFEFF/, '');
    const [head, ...body] = text.split(/\r?\n/).filter(Boolean);
    const header = head!.split(',');
    const [code, grade, cls] = ['学校标识码', '年级', '班级'].map((h) => header.indexOf(h));
    const key = (l: string, cols: number[]) => cols.map((c) => l.split(',')[c]).join('|');
    const sorted = [...body].sort((a, b) =>
      key(a, [code!, grade!, cls!]).localeCompare(key(b, [code!, grade!, cls!])),
    );
    let merged = 0;
    const lines = sorted.map((l, i) => {
      const prev = sorted[i - 1];
      if (prev === undefined || key(prev, [code!, grade!, cls!]) !== key(l, [code!, grade!, cls!])) return l;
      merged++;
      return l
        .split(',')
        .map((v, c) => (c === grade || c === cls ? '' : v))
        .join(',');
    });
    expect(merged).toBeGreaterThan(50);
    const file = path.join(dir, 'students-grade-merged.csv');
    fs.writeFileSync(file, `${[head, ...lines].join('\n')}\n`);
    const before = await database.db
      .selectFrom('student')
      .select(['student_no', 'grade', 'class_name'])
      .execute();
    const r = await importStudents(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'grade-merged.csv' },
      { asOf: '2020-10-24' },
    );
    expect(r.ok).toBe(true);
    expect(r.notices).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^注意：学生名册中 ${merged} 行（第\\d+、.*的年级、班级为空，多为导出时合并了单元格，已按上一行补齐`,
        ),
      ),
    );
    // Every pupil keeps the grade and class of the unmerged roll: nothing changed.
    expect(r.counts.updated ?? 0).toBe(0);
    const after = new Map(
      (await database.db.selectFrom('student').select(['student_no', 'grade', 'class_name']).execute()).map(
        (x) => [x.student_no, x],
      ),
    );
    for (const b of before) expect(after.get(b.student_no)).toEqual(b);
  });

  it('imports a 残联 list that gives the 残疾人证号 in place of the ID', async () => {
    const file = path.join(dir, 'disability.csv');
    fs.writeFileSync(
      file,
      '\uFEFF姓名,残疾人证号,县(市、区),乡(镇)\n王小明,35042120100503123142,明溪县,雪峰镇\n王小红,3504212011060412284,明溪县,雪峰镇\n',
    );
    const r = await importList(
      database.db,
      SYSTEM_ACTOR,
      { path: file, filename: 'disability.csv' },
      'disability',
    );
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    // The second number is one digit short of a card: a damaged ID, as any other.
    expect(r.warnings.map((w) => [w.row, w.column])).toEqual([[3, '身份证号']]);
    const rows = await database.db
      .selectFrom('assistance_entry')
      .select(['name', 'id_number', 'detail'])
      .where('batch_id', '=', r.batchId!)
      .orderBy('id')
      .execute();
    expect(rows[0]).toEqual({ name: '王小明', id_number: '350421201005031231', detail: '肢体残疾二级' });
  });

  it('dates a county’s run as that county’s in the city’s summary, and as the whole run in the county’s', async () => {
    await runComparison(database.db, county, { asOf: '2020-09-01' });
    const city = await comparisonSummary(database.db, SYSTEM_ACTOR);
    expect(city.lastRun).toMatchObject({ scope_code: '350421', scope_name: '明溪县', partial: true });
    // The default as-of date follows the server's today (JIAOFU_TODAY, as a training setup fixes it).
    const pinned = process.env.JIAOFU_TODAY;
    try {
      process.env.JIAOFU_TODAY = '2021-10-08';
      expect((await comparisonSummary(database.db, SYSTEM_ACTOR)).defaultAsOf).toBe('2021-09-01');
      process.env.JIAOFU_TODAY = '2022-03-01';
      expect((await comparisonSummary(database.db, SYSTEM_ACTOR)).defaultAsOf).toBe('2021-09-01');
    } finally {
      process.env.JIAOFU_TODAY = pinned;
    }
    const own = await comparisonSummary(database.db, county);
    expect(own.lastRun).toMatchObject({ scope_code: '350421', partial: false });
  });

  it('takes a child off the out-of-school list as soon as a reviewer confirms them as a pupil', async () => {
    await runComparison(database.db, SYSTEM_ACTOR, { asOf: '2020-09-01' });
    const un = await listUnenrolled(database.db, SYSTEM_ACTOR, { page: 1, pageSize: 5000 });
    const child = un.items.find((i) => i.in_review);
    expect(child).toBeDefined();
    const review = await listComparison(database.db, SYSTEM_ACTOR, 'review', { page: 1, pageSize: 500 });
    const rows = await database.db
      .selectFrom('match_result')
      .select(['student_id', 'candidates'])
      .where(
        'student_id',
        'in',
        review.items.map((x) => x.student_id),
      )
      .execute();
    const row = rows.find((r) =>
      (r.candidates as MatchCandidateJson[]).some((c) => c.personNo === child!.person_no),
    )!;
    await decideReview(database.db, SYSTEM_ACTOR, row.student_id, {
      personNo: child!.person_no,
      decision: 'confirm',
      note: '村委会核实在该校就读',
    });
    const after = await listUnenrolled(database.db, SYSTEM_ACTOR, { page: 1, pageSize: 5000 });
    expect(after.items.map((i) => i.person_no)).not.toContain(child!.person_no);
    expect(after.total).toBe(un.total - 1);
  });

  it('tells, on a new 建档立卡 list, how many households and persons it adds and removes', async () => {
    const text = fs.readFileSync(path.join(dir, 'registry.csv'), 'utf8').replace(/^\uFEFF/, '');
    const [head, ...rows] = text.split(/\r?\n/).filter(Boolean);
    const h = head!.split(',').indexOf('户编号');
    const household = rows[0]!.split(',')[h]!;
    const members = rows.filter((r) => r.split(',')[h] === household).length;
    const without = path.join(dir, 'registry-without.csv');
    fs.writeFileSync(without, `${[head, ...rows.filter((r) => r.split(',')[h] !== household)].join('\n')}\n`);
    const first = await importRegistry(database.db, SYSTEM_ACTOR, {
      path: without,
      filename: 'registry-without.csv',
    });
    expect(first.ok).toBe(true);
    expect(first.notices).toContainEqual(
      `与所覆盖县(市、区)的上一版建档立卡名单相比：新增 0 户、0 人，移出 1 户、${members} 人。请重新比对：移出人员的学生将不再列为建档立卡学生，新增人员中的适龄儿童将与学籍比对。`,
    );
    expect(first.counts).toMatchObject({ households_removed: 1, persons_removed: members });
    // And who: the household by its number (tester v17b B2: only counts were told), in the audit too.
    expect(first.notices).toContainEqual(
      expect.stringMatching(new RegExp(`^移出的户（1 户）：${household}（户主 .+，${members} 人）。请核实`)),
    );
    const audit = await database.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'import_batch')
      .where('entity_id', '=', String(first.batchId))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain(`"households_removed_nos":["${household}"]`);
    const back = await importRegistry(database.db, SYSTEM_ACTOR, {
      path: path.join(dir, 'registry.csv'),
      filename: 'registry.csv',
    });
    expect(back.counts).toMatchObject({ households_added: 1, persons_added: members, households_removed: 0 });
  });
});
