import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import { getActivePolicy } from '../src/modules/aid/policy.store.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import type { App } from '../src/server/http.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, makePaymentList, resetAidFactories } from './helpers/aid-foreign.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { expectCoverageSummaryConsistent } from './helpers/coverage-summary.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

// The day the tester ran the app on: payment dates after it are in the future.
process.env.JIAOFU_TODAY = '2020-10-20';

let database: Database;
let app: App;
const c: Record<string, string> = {};
const term = '2020-autumn';
let pupils: Awaited<ReturnType<typeof makeAidStudent>>[] = [];

async function api(
  who: string,
  method: string,
  url: string,
  payload?: unknown,
  raw?: { type: string; body: string },
) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: c[who]!, ...(raw ? { 'content-type': raw.type } : {}) },
    ...(raw ? { payload: raw.body } : payload ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  // Both schools board their boarders (a boarder at a non-boarding school is a warning of its own below).
  await database.db.updateTable('school').set({ boarding: true }).execute();
  await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: '2135000001' });
  await addUser(database, 'mx-county', 'county_aid_centre', { scopeCode: '350421' });
  await addUser(database, 'mx-county2', 'county_admin', { scopeCode: '350421' });
  await addUser(database, 'city-aid', 'city_aid_centre', { scopeCode: '3504' });
  app = await testApp(database);
  for (const u of ['mx-school', 'mx-county', 'mx-county2', 'city-aid']) c[u] = await login(app, u);
  const { db } = database;
  pupils = [
    await makeAidStudent(db, { name: '寄宿甲', boarding: true, registeredPoor: true }),
    await makeAidStudent(db, { name: '寄宿乙', boarding: true, registeredPoor: true }),
    await makeAidStudent(db, { name: '寄宿丙', boarding: true, lists: ['minimum_living'] }),
  ];
  await runEntitlements(db, SYSTEM_ACTOR, { term });
});
// Every write path below keeps the trigger-kept coverage summary equal to the lines (ADR 0005).
afterEach(async () => {
  await expectCoverageSummaryConsistent(database.db);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`payment lists (${testDbKind})`, () => {
  let listId: number;

  it('generates a draft from the entitlements and refuses absurd amounts', async () => {
    const gen = await api('mx-school', 'POST', '/api/aid/payment-lists/generate', {
      programme: 'boarding_subsidy',
      term,
    });
    expect(gen.status).toBe(200);
    expect(gen.body.created).toHaveLength(1);
    expect(gen.body.created[0]).toMatchObject({ lines: 3, totalFen: 150000 });
    listId = gen.body.created[0].id;
    const again = await api('mx-school', 'POST', '/api/aid/payment-lists/generate', {
      programme: 'boarding_subsidy',
      term,
    });
    expect(again.body.created).toHaveLength(0);
    const detail = await api('mx-school', 'GET', `/api/aid/payment-lists/${listId}`);
    expect(detail.body.lines[0].id_masked).toMatch(/\*{11}/);
    const line = detail.body.lines[0].id;
    const neg = await api('mx-school', 'PATCH', `/api/aid/payment-lists/${listId}/lines/${line}`, {
      amountFen: -100,
    });
    expect(neg.status).toBe(400);
    expect(neg.body.error.message).toContain('大于 0');
    const absurd = await api('mx-school', 'PATCH', `/api/aid/payment-lists/${listId}/lines/${line}`, {
      amountFen: 900000000,
    });
    expect(absurd.status).toBe(400);
    expect(absurd.body.error.message).toContain('超出每学期单项上限');
  });

  it('finds duplicates across schools (after a transfer) and wrong amounts before approval', async () => {
    const { db } = database;
    // 寄宿甲 was paid the same programme and term at a 清流县 school before moving (same person).
    const p = pupils[0]!;
    const old = await db
      .insertInto('payment_list')
      .values({
        programme: 'boarding_subsidy',
        term,
        school_code: '2135000002',
        status: 'submitted',
        created_by: 999,
        submitted_by: 999,
        county_code: '350423',
        region_code: '350423100',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('payment_line')
      .values({
        list_id: old.id,
        student_id: 9_999_999,
        person_id: p.person.id,
        student_no: 'G-old',
        name: '寄宿甲',
        id_number: p.person.id_number,
        programme: 'boarding_subsidy',
        term,
        amount_fen: 60000,
        school_code: '2135000002',
        county_code: '350423',
        region_code: '350423100',
      })
      .execute();
    const detail = await api('mx-school', 'GET', `/api/aid/payment-lists/${listId}`);
    const second = detail.body.lines.find((l: { name: string }) => l.name === '寄宿乙').id;
    const patched = await api('mx-school', 'PATCH', `/api/aid/payment-lists/${listId}/lines/${second}`, {
      amountFen: 55000,
    });
    expect(patched.status).toBe(200);
    // The answer masks the ID like every list does (the school account never gets it whole).
    expect(patched.body.line).not.toHaveProperty('id_number');
    expect(patched.body.line.id_masked).toMatch(/^350421\*{11}[\dX]$/);
    expect(JSON.stringify(patched.body)).not.toContain(pupils[1]!.person.id_number);
    const checks = await api('mx-county', 'GET', `/api/aid/payment-lists/${listId}/checks`);
    expect(checks.body.issues.map((i: { kind: string }) => i.kind).sort()).toEqual(['amount', 'duplicate']);
    // A list that fails the checks is not sent to the county: the school is told why first.
    const unsent = await api('mx-school', 'POST', `/api/aid/payment-lists/${listId}/submit`);
    expect(unsent.status).toBe(409);
    expect(unsent.body.error.message).toContain('发放名单未通过审批前检查（2 个问题），请先修改再提交：');
    expect(unsent.body.error.message).toContain('重复发放：寄宿甲');
    expect(unsent.body.error.details.issues).toHaveLength(2);
    expect((await api('mx-school', 'GET', `/api/aid/payment-lists/${listId}`)).body.list.status).toBe(
      'draft',
    );
    // The school fixes the amount and drops the duplicate.
    await api('mx-school', 'PATCH', `/api/aid/payment-lists/${listId}/lines/${second}`, { amountFen: 50000 });
    const first = detail.body.lines.find((l: { name: string }) => l.name === '寄宿甲').id;
    expect((await api('mx-school', 'DELETE', `/api/aid/payment-lists/${listId}/lines/${first}`)).status).toBe(
      204,
    );
    expect((await api('mx-county', 'GET', `/api/aid/payment-lists/${listId}/checks`)).body.issues).toEqual(
      [],
    );
  });

  it('answers a line added by hand with the ID masked', async () => {
    const { db } = database;
    const extra = await makeAidStudent(db, { name: '手工添加', boarding: true });
    const added = await api('mx-school', 'POST', `/api/aid/payment-lists/${listId}/lines`, {
      studentId: extra.student.id,
      amountFen: 50000,
    });
    expect(added.status).toBe(201);
    expect(added.body.line).not.toHaveProperty('id_number');
    expect(added.body.line.id_masked).toMatch(/\*{11}/);
    expect(JSON.stringify(added.body)).not.toContain(extra.person.id_number);
    expect(
      (await api('mx-school', 'DELETE', `/api/aid/payment-lists/${listId}/lines/${added.body.line.id}`))
        .status,
    ).toBe(204);
  });

  it('maker–checker: the submitter cannot approve; a school officer cannot; another county user can', async () => {
    const { db } = database;
    expect((await api('mx-county', 'POST', `/api/aid/payment-lists/${listId}/submit`)).status).toBe(200);
    // A duplicate that appears after submission (another school's list) still stops the approval.
    const other = await db
      .selectFrom('payment_list')
      .select('id')
      .where('school_code', '=', '2135000002')
      .executeTakeFirstOrThrow();
    const dup = await db
      .insertInto('payment_line')
      .values({
        list_id: other.id,
        student_id: 9_999_998,
        person_id: pupils[1]!.person.id,
        student_no: 'G-dup',
        name: '寄宿乙',
        id_number: pupils[1]!.person.id_number,
        programme: 'boarding_subsidy',
        term,
        amount_fen: 50000,
        school_code: '2135000002',
        county_code: '350423',
        region_code: '350423100',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const refused = await api('mx-county2', 'POST', `/api/aid/payment-lists/${listId}/approve`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('重复发放：寄宿乙');
    await db.deleteFrom('payment_line').where('id', '=', dup.id).execute();
    const own = await api('mx-county', 'POST', `/api/aid/payment-lists/${listId}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('不能审批自己提交');
    const school = await api('mx-school', 'POST', `/api/aid/payment-lists/${listId}/approve`);
    expect(school.status).toBe(403);
    const ok = await api('mx-county2', 'POST', `/api/aid/payment-lists/${listId}/approve`);
    expect(ok.status).toBe(200);
    expect(ok.body.list.status).toBe('approved');
  });

  it('locks the approved list: the API refuses and the database rejects direct SQL', async () => {
    const { db } = database;
    const lines = await db
      .selectFrom('payment_line')
      .select(['id', 'amount_fen'])
      .where('list_id', '=', listId)
      .execute();
    const edit = await api('mx-school', 'PATCH', `/api/aid/payment-lists/${listId}/lines/${lines[0]!.id}`, {
      amountFen: 1,
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain('已审批锁定');
    await expect(
      db.updateTable('payment_line').set({ amount_fen: 1 }).where('id', '=', lines[0]!.id).execute(),
    ).rejects.toThrow(/已审批锁定/);
    await expect(db.deleteFrom('payment_line').where('id', '=', lines[0]!.id).execute()).rejects.toThrow(
      /不能删除/,
    );
    await expect(
      db
        .insertInto('payment_line')
        .values({
          list_id: listId,
          student_id: 1,
          student_no: 'x',
          name: 'x',
          programme: 'boarding_subsidy',
          term,
          amount_fen: 1,
          school_code: '2135000001',
          county_code: '350421',
          region_code: '350421100',
        })
        .execute(),
    ).rejects.toThrow(/不能增加/);
    await expect(
      db.updateTable('payment_list').set({ school_code: '2135000002' }).where('id', '=', listId).execute(),
    ).rejects.toThrow(/不能修改/);
    await expect(
      db.updateTable('payment_line').set({ status: 'requeued' }).where('id', '=', lines[0]!.id).execute(),
    ).rejects.toThrow(/发放状态不能/);
    const after = await db
      .selectFrom('payment_line')
      .select(['id', 'amount_fen'])
      .where('list_id', '=', listId)
      .execute();
    expect(after).toEqual(lines);
  });

  it('refuses a policy edit that would change the approved list', async () => {
    const active = await getActivePolicy(database.db, 2020);
    const config = structuredClone(active.config);
    const p = config.programmes.find((x) => x.code === 'boarding_subsidy')!;
    if (p.amount.kind === 'per_year') p.amount.byStage.primary = 1100;
    const draft = await api('city-aid', 'POST', '/api/aid/policies', {
      year: 2020,
      config,
      note: '提高标准',
    });
    expect(draft.status).toBe(201);
    const act = await api('city-aid', 'POST', `/api/aid/policies/${draft.body.policy.id}/activate`);
    expect(act.status).toBe(409);
    expect(act.body.error.message).toContain('寄宿生生活费补助');
    if (p.amount.kind === 'per_year') p.amount.byStage.primary = -1;
    const neg = await api('city-aid', 'POST', '/api/aid/policies', { year: 2020, config });
    expect(neg.status).toBe(400);
    expect(neg.body.error.message).toContain('不能为负数');
    const byCounty = await api('mx-county', 'POST', '/api/aid/policies', {
      year: 2020,
      config: active.config,
    });
    expect(byCounty.status).toBe(403);
    // A change to another programme is fine.
    const other = structuredClone(active.config);
    other.terms.autumn.schoolDays = 98;
    const ok = await api('city-aid', 'POST', '/api/aid/policies', {
      year: 2020,
      config: other,
      activate: true,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.policy).toMatchObject({ status: 'active', version: 3 });
  });

  it('writes the bank payment file of an approved list (full IDs, audited) in the layout the return accepts', async () => {
    const { db } = database;
    const download = (who: string, id: number, format = 'csv') =>
      app.inject({
        method: 'GET',
        url: `/api/aid/payment-lists/${id}/bank-file?format=${format}`,
        headers: { cookie: c[who]! },
      });
    const res = await download('mx-school', listId);
    expect(res.statusCode).toBe(200);
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      `银行代发-明溪县实验小学-2020年秋季学期-${listId}.csv`,
    );
    const rows = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('序号,姓名,身份证号,金额,资助项目,学期,学校,学籍号,状态,失败原因,发放日期');
    const lines = await db
      .selectFrom('payment_line')
      .select(['name', 'id_number', 'amount_fen'])
      .where('list_id', '=', listId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(lines.length + 1);
    expect(rows[1]).toBe(
      `1,${lines[0]!.name},${lines[0]!.id_number},${(lines[0]!.amount_fen / 100).toFixed(2)},寄宿生生活费补助,2020年秋季学期,` +
        `${rows[1]!.split(',')[6]},${rows[1]!.split(',')[7]},,,`,
    );
    // In the xlsx, 序号 and 金额 are numbers (Excel sums them), the ID and the 学籍号 stay text.
    const xlsx = await download('mx-school', listId, 'xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(1).value).toBe(1);
    expect(row.getCell(3).value).toBe(lines[0]!.id_number);
    expect(row.getCell(4).value).toBe(lines[0]!.amount_fen / 100);
    expect(row.getCell(6).value).toBe('2020年秋季学期');
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'entity_id'])
      .where('entity', '=', 'bank_payment_file')
      .execute();
    expect(audit).toEqual([
      { action: 'view_personal', entity: 'bank_payment_file', entity_id: String(listId) },
      { action: 'view_personal', entity: 'bank_payment_file', entity_id: String(listId) },
    ]);
    // The bank fills in the result columns and sends the same file back: it is read by its headers
    // (here one amount is altered, so the return is refused naming that row and nothing changes).
    const filled = rows.map((r, i) => (i === 0 ? r : r.replace(/,,,$/, ',成功,,2020-10-20')));
    filled[1] = filled[1]!.replace(/,(\d+\.\d\d),/, ',1.00,');
    const back = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${listId}/bank-return?filename=${encodeURIComponent('回盘.csv')}`,
      undefined,
      { type: 'text/csv', body: `${filled.join('\n')}\n` },
    );
    expect(back.status).toBe(400);
    expect(back.body.error.details.errors.map((e: { row: number }) => e.row)).toEqual([2]);
    // Not for a draft; not without the right to see full IDs.
    const draft = { id: await makePaymentList(db, { programme: 'nutrition', term }) };
    const refused = await download('mx-school', draft.id);
    expect(refused.statusCode).toBe(409);
    expect(JSON.parse(refused.body).error.message).toContain('只有已审批的发放名单才能生成银行代发文件');
    await db.deleteFrom('payment_list').where('id', '=', draft.id).execute();
  });

  it('imports the bank return all or nothing, then re-queues failures', async () => {
    const { db } = database;
    const lines = await db
      .selectFrom('payment_line')
      .select(['id', 'name', 'id_number', 'amount_fen', 'status'])
      .where('list_id', '=', listId)
      .orderBy('id')
      .execute();
    const [a, b] = lines;
    const csv = (rows: string[]) => ({
      type: 'text/csv',
      body: `姓名,身份证号,金额,状态,失败原因\n${rows.join('\n')}\n`,
    });
    const bad = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${listId}/bank-return?filename=r.csv`,
      undefined,
      csv([
        `${a!.name},${a!.id_number},600.00,成功,`,
        `${a!.name},${a!.id_number},500.00,成功,`,
        `陌生人,350421201001010038,500.00,成功,`,
      ]),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('import_invalid');
    expect(bad.body.error.details.errors.map((e: { row: number }) => e.row)).toEqual([2, 3, 4]);
    expect(
      await db
        .selectFrom('payment_line')
        .select(['id', 'name', 'id_number', 'amount_fen', 'status'])
        .where('list_id', '=', listId)
        .orderBy('id')
        .execute(),
    ).toEqual(lines);
    // An unquoted comma in 失败原因 shifts that row: refused, naming it, though every value still parses.
    const shifted = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${listId}/bank-return?filename=r.csv`,
      undefined,
      csv([
        `${a!.name},${a!.id_number},500.00,成功,`,
        `${b!.name},${b!.id_number},500,失败,账户已销户,请核实`,
      ]),
    );
    expect(shifted.status).toBe(400);
    expect(shifted.body.error.details.errors).toEqual([
      {
        row: 3,
        message:
          '该行有6个单元格，比表头的5列多，F列在表头之外却有内容“请核实”：多半是某个单元格中有未加引号的英文逗号，其后各列已错位。请改正该行后重新导出',
      },
    ]);
    // A payment date still to come (2021-01-01 on 2020-10-20) is refused, naming the row and the column.
    const dated = (rows: string[]) => ({
      type: 'text/csv',
      body: `姓名,身份证号,金额,状态,失败原因,发放日期\n${rows.join('\n')}\n`,
    });
    const future = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${listId}/bank-return?filename=r.csv`,
      undefined,
      dated([
        `${a!.name},${a!.id_number},500.00,成功,,2021-01-01`,
        `${b!.name},${b!.id_number},500,失败,账户已销户,2020-10-19`,
      ]),
    );
    expect(future.status).toBe(400);
    expect(future.body.error.details.errors).toEqual([
      { row: 2, message: '发放日期 2021-01-01 晚于今天（2020-10-20），不能登记尚未到来的发放日期' },
    ]);
    expect(future.body.error.message).toContain('第2行 发放日期 2021-01-01 晚于今天');
    const good = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${listId}/bank-return?filename=r.csv`,
      undefined,
      dated([
        `${a!.name},${a!.id_number},500.00,成功,,2020-10-19`,
        `${b!.name},${b!.id_number},500,失败,账户已销户,`,
      ]),
    );
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ paid: 1, failed: 1, pendingLeft: 0 });
    const list = await api('mx-school', 'GET', `/api/aid/payment-lists/${listId}`);
    expect(list.body.list.status).toBe('paid');
    expect(list.body.lines.find((l: { id: number }) => l.id === a!.id).paid_at).toBe('2020-10-19');
    // The list shows what was paid (the paid line), apart from the failed one.
    const listed = await api('mx-school', 'GET', `/api/aid/payment-lists?term=${term}`);
    expect(listed.body.items.find((l: { id: number }) => l.id === listId)).toMatchObject({
      status: 'paid',
      lines: 2,
      total_fen: 100000,
      paid_fen: 50000,
      paid_lines: 1,
      failed_lines: 1,
    });
    const again = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${listId}/bank-return?filename=r.csv`,
      undefined,
      csv([`${a!.name},${a!.id_number},500.00,成功,`]),
    );
    expect(again.status).toBe(409);
    const requeue = await api('mx-school', 'POST', '/api/aid/payment-lists/generate', {
      programme: 'boarding_subsidy',
      term,
    });
    // The failed 寄宿丙/乙 line is re-queued; 寄宿甲 (paid in 清流, removed here) comes back too, for review.
    const names = (
      await db
        .selectFrom('payment_line')
        .select('name')
        .where('list_id', '=', requeue.body.created[0].id)
        .execute()
    )
      .map((r) => r.name)
      .sort();
    expect(names).toContain(b!.name);
    const old = await db
      .selectFrom('payment_line')
      .select('status')
      .where('id', '=', b!.id)
      .executeTakeFirstOrThrow();
    expect(old.status).toBe('requeued');
    // A pupil taken off that open draft waits for it: generating again makes no second list for the
    // school, and says which list, and how many pupils, wait.
    const draftId = requeue.body.created[0].id;
    const draft = await api('mx-school', 'GET', `/api/aid/payment-lists/${draftId}`);
    const off = draft.body.lines[0].id;
    const del = await api(
      'mx-school',
      'DELETE',
      `/api/aid/payment-lists/${draftId}/lines/${off}?reason=${encodeURIComponent('核实后再发')}`,
    );
    expect(del.status).toBeLessThan(300);
    const third = await api('mx-school', 'POST', '/api/aid/payment-lists/generate', {
      programme: 'boarding_subsidy',
      term,
    });
    expect(third.status).toBe(200);
    expect(third.body.created).toEqual([]);
    expect(third.body.waiting).toEqual([
      expect.objectContaining({ listId: draftId, listStatus: 'draft', students: 1 }),
    ]);
  });

  it('refuses a PDF given as the return file, saying what the file should be', async () => {
    const pdf = (filename: string, type: string) =>
      api(
        'mx-school',
        'POST',
        `/api/aid/payment-lists/${listId}/bank-return?filename=${encodeURIComponent(filename)}`,
        undefined,
        { type, body: '%PDF-1.4 回盘' },
      );
    // As the browser sends it: the PDF's own type.
    const asPdf = await pdf('回盘.pdf', 'application/pdf');
    expect(asPdf.status).toBe(400);
    expect(asPdf.body.error.message).toBe(
      '银行回盘文件须为 .xlsx、.xls 或 .csv 表格（银行返回的代发结果明细）：“回盘.pdf”是 PDF 文件，请上传银行返回的 Excel 或 CSV 文件，而不是扫描件或 PDF',
    );
    // As a generic upload, and with a spreadsheet's name but a PDF's type.
    expect((await pdf('回盘.pdf', 'application/octet-stream')).body.error.message).toContain('是 PDF 文件');
    const misnamed = await pdf('回盘.xlsx', 'application/pdf');
    expect(misnamed.status).toBe(400);
    expect(misnamed.body.error.message).toContain('内容类型为 application/pdf，不是表格文件');
  });

  it('refuses a corrupt xlsx return file with a Chinese message', async () => {
    const res = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${listId}/bank-return?filename=r.xlsx`,
      undefined,
      { type: 'application/octet-stream', body: 'not a zip' },
    );
    expect([400, 409]).toContain(res.status);
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a failed bank line blocks nothing: re-sent on the same list after the account is fixed, or re-queued', async () => {
    const { db } = database;
    const bankFile = (id: number) =>
      app.inject({
        method: 'GET',
        url: `/api/aid/payment-lists/${id}/bank-file?format=csv`,
        headers: { cookie: c['mx-school']! },
      });
    const bankRows = (body: string) =>
      body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1);
    // (The policy now in force has 98 school days in the autumn: the 营养改善计划 amounts follow it.)
    await runEntitlements(db, SYSTEM_ACTOR, { term });
    const gen = await api('mx-school', 'POST', '/api/aid/payment-lists/generate', {
      programme: 'nutrition',
      term,
    });
    expect(gen.body.created).toHaveLength(1);
    const id = gen.body.created[0].id as number;
    const submitted = await api('mx-school', 'POST', `/api/aid/payment-lists/${id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect((await api('mx-county', 'POST', `/api/aid/payment-lists/${id}/approve`)).status).toBe(200);
    const lines = await db
      .selectFrom('payment_line')
      .select(['id', 'name', 'id_number', 'amount_fen', 'student_id'])
      .where('list_id', '=', id)
      .orderBy('id')
      .execute();
    const byName = (n: string) => lines.find((l) => l.name === n)!;
    const [a, b, cLine, d] = ['寄宿甲', '寄宿乙', '寄宿丙', '手工添加'].map(byName) as [
      (typeof lines)[0],
      (typeof lines)[0],
      (typeof lines)[0],
      (typeof lines)[0],
    ];
    expect(lines).toHaveLength(4);
    const row = (l: typeof a, result: string, why = '') =>
      `${l.name},${l.id_number},${(l.amount_fen / 100).toFixed(2)},${result},${why}`;
    const ret = (rows: string[]) =>
      api('mx-school', 'POST', `/api/aid/payment-lists/${id}/bank-return?filename=r.csv`, undefined, {
        type: 'text/csv',
        body: `姓名,身份证号,金额,状态,失败原因\n${rows.join('\n')}\n`,
      });
    const first = await ret([
      row(a, '成功'),
      row(b, '失败', '账户已销户'),
      row(cLine, '失败', '户名不符'),
      row(d, '成功'),
    ]);
    expect(first.body).toMatchObject({ paid: 2, failed: 2, pendingLeft: 0 });
    // Nothing left to send: the answer says what to do with the failed lines, not "all paid".
    const none = await bankFile(id);
    expect(none.statusCode).toBe(409);
    expect(JSON.parse(none.body).error.message).toBe(
      '该发放名单没有待发放的人员，有 2 人银行发放失败：核实账户后可对其“重新发放”，再生成代发文件；或“转入补发”，在补发名单中发放',
    );
    const resend = (l: typeof a, body: unknown, who = 'mx-school') =>
      api(who, 'POST', `/api/aid/payment-lists/${id}/lines/${l.id}/resend`, body);
    expect((await resend(b, { reason: ' ' })).status).toBe(400);
    expect((await resend(a, { reason: '重发' })).body.error.message).toContain(
      '只有银行发放失败的人员可以重新发放或转入补发',
    );
    // 户名不符: the pupil's name has been corrected since the approval, so this line may not be
    // re-sent as approved; it goes to a 补发名单 instead (checked and approved again).
    await db.updateTable('student').set({ name: '寄宿丙正' }).where('id', '=', cLine.student_id).execute();
    const renamed = await resend(cLine, { reason: '姓名已更正' });
    expect(renamed.status).toBe(409);
    expect(renamed.body.error.message).toContain('姓名或身份证号已在审批后更正');
    const requeued = await api(
      'mx-school',
      'POST',
      `/api/aid/payment-lists/${id}/lines/${cLine.id}/requeue`,
      { reason: '姓名更正后补发' },
    );
    expect(requeued.status).toBe(200);
    expect(requeued.body.line).toMatchObject({ status: 'requeued' });
    expect(requeued.body.line).not.toHaveProperty('id_number');
    expect((await resend(cLine, { reason: '重发' })).body.error.message).toContain('已转入补发');
    // 账户已销户: the family opened a new 一卡通 account (bound to the same ID) — re-sent as approved.
    const again = await resend(b, { reason: '已重新办理惠民惠农一卡通' });
    expect(again.status).toBe(200);
    expect(again.body.line).toMatchObject({ status: 'pending', bank_message: null });
    const detail = await api('mx-school', 'GET', `/api/aid/payment-lists/${id}`);
    expect(detail.body.list.status).toBe('approved');
    // The bank file has the re-sent line only: the paid and the re-queued ones are not sent twice.
    const file = await bankFile(id);
    expect(file.statusCode).toBe(200);
    const rows = bankRows(file.body);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(`,${b.name},${b.id_number},`);
    const second = await ret([row(b, '成功')]);
    expect(second.body).toMatchObject({ paid: 1, failed: 0, pendingLeft: 0 });
    const settled = await api('mx-school', 'GET', `/api/aid/payment-lists/${id}`);
    expect(settled.body.list.status).toBe('paid');
    expect(
      Object.fromEntries(settled.body.lines.map((l: { name: string; status: string }) => [l.name, l.status])),
    ).toEqual({ 寄宿甲: 'paid', 寄宿乙: 'paid', 寄宿丙: 'requeued', 手工添加: 'paid' });
    // The re-send is audited with the bank's failure and the reason.
    const audit = await db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('entity', '=', 'payment_line')
      .where('entity_id', '=', String(b.id))
      .execute();
    expect(audit).toContainEqual({
      before: { status: 'failed', bankStatus: '失败', bankMessage: '账户已销户' },
      after: { status: 'pending', resend: true, reason: '已重新办理惠民惠农一卡通' },
    });
    // A paid line is never sent again; a settled list does not reopen by hand (the database refuses).
    expect((await resend(b, { reason: 'x' }, 'mx-county')).status).toBe(409);
    await expect(
      db.updateTable('payment_list').set({ status: 'approved' }).where('id', '=', id).execute(),
    ).rejects.toThrow(/不能修改/);
    // The re-queued pupil is on the next 补发名单, under the corrected name.
    const supp = await api('mx-school', 'POST', '/api/aid/payment-lists/generate', {
      programme: 'nutrition',
      term,
    });
    expect(supp.body.created).toHaveLength(1);
    const suppLines = await db
      .selectFrom('payment_line')
      .select(['name', 'student_id'])
      .where('list_id', '=', supp.body.created[0].id)
      .execute();
    expect(suppLines).toEqual([{ name: '寄宿丙正', student_id: cLine.student_id }]);
  });

  it('edits a draft’s lines with the reason kept in the audit trail', async () => {
    const { db } = database;
    const draft = await db
      .selectFrom('payment_list')
      .select('id')
      .where('programme', '=', 'nutrition')
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    const line = await db
      .selectFrom('payment_line')
      .select(['id', 'amount_fen'])
      .where('list_id', '=', draft.id)
      .executeTakeFirstOrThrow();
    const url = `/api/aid/payment-lists/${draft.id}/lines/${line.id}`;
    const patched = await api('mx-school', 'PATCH', url, {
      amountFen: line.amount_fen - 100,
      reason: '转学前已在原校发放一天',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.line.amount_fen).toBe(line.amount_fen - 100);
    const removed = await api('mx-school', 'DELETE', `${url}?reason=${encodeURIComponent('已转学离校')}`);
    expect(removed.status).toBe(204);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'payment_line')
      .where('entity_id', '=', String(line.id))
      .orderBy('seq')
      .execute();
    expect(audit.slice(-2)).toEqual([
      { action: 'update', after: { amountFen: line.amount_fen - 100, reason: '转学前已在原校发放一天' } },
      { action: 'delete', after: { reason: '已转学离校' } },
    ]);
  });

  it('warns of a boarder paid 寄宿生生活费补助 at a school recorded as non-boarding, naming both, without holding the list up', async () => {
    const { db } = database;
    const list = await db
      .selectFrom('payment_list as pl')
      .innerJoin('payment_line as l', 'l.list_id', 'pl.id')
      .innerJoin('student as s', 's.id', 'l.student_id')
      .select(['pl.id', 's.name'])
      .where('pl.programme', '=', 'boarding_subsidy')
      .where('pl.school_code', '=', '2135000001')
      .where('s.boarding', '=', true)
      .orderBy('pl.id')
      .executeTakeFirstOrThrow();
    const boardingIssues = async () =>
      (await api('mx-county', 'GET', `/api/aid/payment-lists/${list.id}/checks`)).body.issues.filter(
        (i: { kind: string }) => i.kind === 'boarding',
      );
    expect(await boardingIssues()).toEqual([]);
    // The school list says 明溪县实验小学 has no boarders (寄宿 否).
    await db.updateTable('school').set({ boarding: false }).where('code', '=', '2135000001').execute();
    try {
      const issues = await boardingIssues();
      expect(issues.length).toBeGreaterThan(0);
      expect(issues).toContainEqual({
        lineId: expect.any(Number),
        kind: 'boarding',
        severity: 'warning',
        message: `寄宿信息存疑：${list.name}，学籍登记为寄宿生，但明溪县实验小学在学校名单中登记为非寄宿学校：请核实学校的“是否寄宿”或该生的“是否寄宿”`,
      });
    } finally {
      await db.updateTable('school').set({ boarding: true }).where('code', '=', '2135000001').execute();
    }
  });
});
