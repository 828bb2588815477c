import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import type { App } from '../src/server/http.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { fakeId, makePerson, makeStudent, resetFactories } from './helpers/dropout-factories.ts';

// An outside tester's finding (B11): a school imported another county's school roll; the report said
// 未写入任何数据 (学校标识码 not in scope), yet each warning said the pupil was 按转学转入本校. A report of
// an import that wrote nothing lists what is doubtful in the file, not what writing would have done.

let database: Database;
let app: App;
const cookie: Record<string, string> = {};
const qlPupil = { no: '', id: '' };

const upload = (who: string, kind: string, body: string, query = '') =>
  app.inject({
    method: 'POST',
    url: `/api/imports/${kind}?filename=r.csv${query}`,
    headers: { cookie: cookie[who]!, 'content-type': 'application/octet-stream' },
    payload: body,
  });

/** The import job's result once it has ended, and its xlsx problem report's rows. */
async function imported(who: string, kind: string, body: string, query = '') {
  const res = await upload(who, kind, body, query);
  expect(res.statusCode, res.body).toBe(202);
  const { jobId } = res.json();
  let job: { status: string; result?: any } = { status: '' };
  for (let i = 0; i < 200 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    job = (
      await app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: { cookie: cookie[who]! } })
    ).json().job;
  }
  expect(job.status).toBe('succeeded');
  const xlsx = await app.inject({
    method: 'GET',
    url: `/api/imports/report/${jobId}`,
    headers: { cookie: cookie[who]! },
  });
  expect(xlsx.statusCode).toBe(200);
  const wb = new (loadExcel().Workbook)();
  await wb.xlsx.load(xlsx.rawPayload as never);
  const rows: string[] = [];
  wb.worksheets[0]!.eachRow((r) => {
    rows.push((r.values as unknown[]).slice(1).join('|'));
  });
  return { report: job.result, xlsx: rows.join('\n') };
}

beforeAll(async () => {
  resetFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  const { db } = database;
  // A pupil of 清流县实验小学 (outside 明溪's scope).
  const birth = '2012-05-06';
  qlPupil.id = fakeId(birth, '350423');
  const person = await makePerson(db, {
    name: '罗清流',
    birthDate: birth,
    regionCode: '350423100',
    idNumber: qlPupil.id,
  });
  const s = await makeStudent(db, {
    name: '罗清流',
    birthDate: birth,
    schoolCode: '2135000002',
    regionCode: '350423100',
    personId: person.id,
    idNumber: qlPupil.id,
  });
  qlPupil.no = s.student_no;
  await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: '2135000001' });
  await addUser(database, 'mx-county', 'county_admin', { scopeCode: '350421' });
  app = await testApp(database);
  cookie.school = await login(app, 'mx-school');
  cookie.county = await login(app, 'mx-county');
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const HEADER = '学籍号,姓名,身份证件号,出生日期,学校标识码,学段,年级,班级';

describe(`a refused import's warnings tell of the file, not of writing (${testDbKind})`, () => {
  it('another school’s roll: no 按转学转入本校 in the answer, the jobs list or the xlsx report', async () => {
    const roll = `${HEADER}\n${qlPupil.no},罗清流,${qlPupil.id},2012-05-06,2135000002,小学,三年级,1\n`;
    const { report, xlsx } = await imported('school', 'students', roll);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e: { message: string }) => e.message).join('\n')).toContain('2135000002');
    expect(JSON.stringify(report.warnings)).not.toContain('转入本校');
    expect(report.warnings).toEqual([]);
    // The one row is refused and listed: no "另有 1 行" to read as a second, pending change (tester v20a F10).
    expect(JSON.stringify(report.notices ?? [])).not.toContain('另有');
    expect(xlsx).not.toContain('与其相符：按转学转入本校');
  });

  it('the same pupil on the school’s own roll, written: the transfer in is told', async () => {
    const roll = `${HEADER}\n${qlPupil.no},罗清流,${qlPupil.id},2012-05-06,2135000001,小学,三年级,1\n`;
    // (The pupil is still 在读 at the 清流 school: the transfer waits for the user's word, given here.)
    const { report } = await imported('school', 'students', roll, '&confirmTransfer=true');
    expect(report.ok, JSON.stringify(report.errors)).toBe(true);
    expect(report.warnings.map((w: { message: string }) => w.message).join('\n')).toContain('按转学转入本校');
    expect(JSON.stringify(report.notices ?? [])).not.toContain('本次未写入');
  });

  it('one 学籍号 on two rows: a repeated row, or two names — two pupils, no row to delete (tester v22b F6)', async () => {
    const twin = fakeId('2013-06-06', '350421');
    const rows = (second: string) =>
      `${HEADER}\nL2021000099,王浩,${twin},2013-06-06,2135000001,小学,一年级,1\n${second}\n`;
    const again = await imported(
      'school',
      'students',
      rows(`L2021000099,王浩,${twin},2013-06-06,2135000001,小学,一年级,1`),
    );
    expect(again.report.ok).toBe(false);
    expect(again.report.errors.map((e: { row: number; message: string }) => [e.row, e.message])).toEqual([
      [3, '学籍号 L2021000099 与第 2 行重复：同一学生在名册中出现两次：请删除多余的一行后重新导入'],
    ]);
    const two = await imported(
      'school',
      'students',
      rows('L2021000099,王涛,,2013-06-06,2135000001,小学,一年级,1'),
    );
    expect(two.report.errors.map((e: { row: number; message: string }) => [e.row, e.message])).toEqual([
      [
        3,
        '学籍号 L2021000099 与第 2 行重复：两行姓名不同（王浩、王涛）：一个学籍号不能属于两名学生，请在学籍系统中核对哪一行的学籍号有误，更正后重新导入',
      ],
    ]);
  });

  it('a refused school list does not say a school was renamed', async () => {
    const list =
      '学校标识码,学校名称,县(市、区),乡(镇),学段,办学类型\n' +
      '2135000001,明溪县第一实验小学,明溪县,雪峰镇,小学,公办\n' +
      '2135000009,清流县新小学,清流县,龙津镇,小学,公办\n';
    const { report, xlsx } = await imported('county', 'schools', list);
    expect(report.ok).toBe(false);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(report.warnings)).not.toContain('改为');
    expect(xlsx).not.toContain('改为');
    expect(report.notices).toContainEqual(expect.stringMatching(/^本次未写入任何数据/));
  });

  it('a roll whose ID column holds numbers that are no IDs says so once, for the file (tester v20b F11)', async () => {
    // 24 of 25 new pupils' IDs fail their check: another column's numbers, not typing errors.
    const rows = Array.from({ length: 25 }, (_, i) => {
      const valid = fakeId('2013-03-04');
      const idNumber = i < 24 ? `${valid.slice(0, 17)}${valid[17] === '7' ? '8' : '7'}` : valid;
      return `L35042100${String(i).padStart(2, '0')},学生${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]},${idNumber},2013-03-04,2135000001,小学,一年级,1`;
    });
    const roll = `${HEADER}\n${qlPupil.no},罗清流,${qlPupil.id},2012-05-06,2135000001,小学,三年级,1\n${rows.join('\n')}\n`;
    const { report, xlsx } = await imported('school', 'students', roll);
    expect(report.ok, JSON.stringify(report.errors)).toBe(true);
    expect(report.notices).toContainEqual(
      expect.stringMatching(
        /^注意：学生名册中 24 行（92%）的身份证件号不是有效的身份证号（校验位不正确.*已照常导入并标记为证件号问题.*请检查该列是否选对/,
      ),
    );
    expect(xlsx).toContain('24 行（92%）的身份证件号不是有效的身份证号');
    // The same kind of file held for the user's word (it would mark the school's pupils as left):
    // the notice says what importing would do, not that it was done (tester v26b F4).
    const others = Array.from({ length: 25 }, (_, i) => {
      const valid = fakeId('2013-05-06');
      const idNumber = `${valid.slice(0, 17)}${valid[17] === '7' ? '8' : '7'}`;
      return `L35042199${String(i).padStart(2, '0')},新生${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'一二三'[Math.floor(i / 10)]},${idNumber},2013-05-06,2135000001,小学,一年级,1`;
    });
    const held = await imported('school', 'students', `${HEADER}\n${others.join('\n')}\n`);
    expect(held.report.confirm).toBe('left');
    const notice = (held.report.notices as string[]).find((n) => n.includes('不是有效的身份证号'));
    expect(notice).toContain('导入后这些行将标记为证件号问题');
    expect(notice).not.toContain('已照常导入');
  });
});
