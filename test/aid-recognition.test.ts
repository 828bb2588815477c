import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { runEntitlements } from '../src/modules/aid/entitlement.run.ts';
import type { App } from '../src/server/http.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { makeAidStudent, resetAidFactories } from './helpers/aid-foreign.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';
import { resetFactories } from './helpers/dropout-factories.ts';

let database: Database;
let app: App;
const c: Record<string, string> = {};
/** The bureau's day the server sees (server/today.ts reads JIAOFU_TODAY at each request). */
const setToday = (day: string) => {
  process.env.JIAOFU_TODAY = day;
};
// 公示 from Monday 2020-09-07; the tests move the day on as the notice period runs.
setToday('2020-09-07');

async function api(
  who: string,
  method: string,
  url: string,
  payload?: unknown,
  raw?: { type: string; body: Buffer },
) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: c[who]!, ...(raw ? { 'content-type': raw.type } : {}) },
    ...(raw ? { payload: raw.body } : payload ? { payload: payload as object } : {}),
  });
  const json = res.headers['content-type']?.toString().startsWith('application/json');
  return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.body, raw: res };
}

beforeAll(async () => {
  resetFactories();
  resetAidFactories();
  database = await createTestDb();
  await seedMiniRegions(database);
  await addUser(database, 'mx-school', 'school_aid_officer', { schoolCode: '2135000001' });
  await addUser(database, 'mx-county', 'county_aid_centre', { scopeCode: '350421' });
  app = await testApp(database);
  for (const u of ['mx-school', 'mx-county']) c[u] = await login(app, u);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe(`recognition and 公示 (${testDbKind})`, () => {
  it('runs 申请 → 评议 → 公示 (with objections) → 县级确认 → 备案, and the tier reaches the entitlement', async () => {
    const { db } = database;
    const { student } = await makeAidStudent(db, {
      name: '高中申请',
      stage: 'senior',
      grade: '高一',
      lists: ['hardship'],
    });
    const other = await makeAidStudent(db, { name: '高中同学', stage: 'senior', grade: '高一' });
    const pre = await api('mx-school', 'GET', `/api/aid/recognitions/prefill/${student.id}`);
    expect(pre.body.groups).toEqual(['covid_affected']);
    const app1 = await api('mx-school', 'POST', '/api/aid/recognitions', {
      studentId: student.id,
      schoolYear: 2020,
      reason: '父亲重病，家庭收入骤降（敏感内容）',
      priorityGroups: ['orphan'],
    });
    expect(app1.status).toBe(201);
    expect(app1.body.recognition.priority_groups).toEqual(['covid_affected', 'orphan']);
    const id = app1.body.recognition.id;
    const id2 = (
      await api('mx-school', 'POST', '/api/aid/recognitions', {
        studentId: other.student.id,
        schoolYear: 2020,
        reason: '单亲',
      })
    ).body.recognition.id;
    const dup = await api('mx-school', 'POST', '/api/aid/recognitions', {
      studentId: student.id,
      schoolYear: 2020,
      reason: '再申请',
    });
    expect(dup.status).toBe(409);
    expect(
      (await api('mx-county', 'POST', '/api/aid/recognitions/confirm', { ids: [id] })).body.error.message,
    ).toContain('尚未公示');
    for (const [rid, tier] of [
      [id, 'hard'],
      [id2, 'general'],
    ] as const)
      expect(
        (
          await api('mx-school', 'POST', `/api/aid/recognitions/${rid}/review`, {
            tier,
            classReview: '班级评议小组一致同意',
            schoolReview: '学校认定',
          })
        ).status,
      ).toBe(200);

    // A notice cannot be backdated: it would have run its 5 working days before anyone saw it.
    const backdated = await api('mx-school', 'POST', '/api/aid/notices', {
      schoolCode: '2135000001',
      schoolYear: 2020,
      startsOn: '2020-09-01',
    });
    expect(backdated.status).toBe(400);
    expect(backdated.body.error.message).toBe(
      '公示开始日期 2020-09-01 早于今天（2020-09-07）：公示不能倒签，开始日期须为今天或以后',
    );
    const notice = await api('mx-school', 'POST', '/api/aid/notices', {
      schoolCode: '2135000001',
      schoolYear: 2020,
      startsOn: '2020-09-07',
    });
    expect(notice.status).toBe(201);
    expect(notice.body.notice).toMatchObject({ ends_on: '2020-09-11', working_days: 5, recognitions: 2 });
    const nid = notice.body.notice.id;
    const view = await api('mx-school', 'GET', `/api/aid/notices/${nid}`);
    expect(Object.keys(view.body.items[0]).sort()).toEqual([
      'grade',
      'name',
      'recognition_id',
      'school',
      'status',
      'tier',
    ]);
    const html = await api('mx-school', 'GET', `/api/aid/notices/${nid}/print`);
    expect(html.body).toContain('高中申请');
    expect(html.body).toContain('困难');
    expect(html.body).not.toContain('敏感');
    expect(html.body).not.toMatch(/\d{17}[\dX]/);
    const xlsx = await api('mx-school', 'GET', `/api/aid/notices/${nid}/xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // A title typed as a formula is no name to save the download under (server/download.ts).
    await database.db
      .updateTable('public_notice')
      .set({ title: '=HYPERLINK("http://x","点我")' })
      .where('id', '=', nid)
      .execute();
    const named = await api('mx-school', 'GET', `/api/aid/notices/${nid}/xlsx`);
    expect(named.raw.headers['content-disposition']).toBe(
      `attachment; filename="HYPERLINK(http---x,__).xlsx"; filename*=UTF-8''${encodeURIComponent('HYPERLINK(http---x,点我).xlsx')}`,
    );

    setToday('2020-09-09');
    const future = await api('mx-school', 'POST', `/api/aid/notices/${nid}/objections`, {
      content: '有人反映家庭条件好',
      recognitionId: id,
      receivedOn: '2020-09-10',
    });
    expect(future.status).toBe(409);
    expect(future.body.error.message).toContain('异议收到日期 2020-09-10 晚于今天（2020-09-09）');
    const obj = await api('mx-school', 'POST', `/api/aid/notices/${nid}/objections`, {
      content: '有人反映家庭条件好',
      recognitionId: id,
      receivedOn: '2020-09-09',
      raisedBy: '匿名',
    });
    expect(obj.status).toBe(201);
    const early = await api('mx-county', 'POST', '/api/aid/recognitions/confirm', { ids: [id2] });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('公示期至 2020-09-11 结束');
    setToday('2020-09-14');
    const late = await api('mx-school', 'POST', `/api/aid/notices/${nid}/objections`, {
      content: '有人反映家庭条件好',
      recognitionId: id,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('公示期已于 2020-09-11 结束');
    const blocked = await api('mx-county', 'POST', '/api/aid/recognitions/confirm', { ids: [id] });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('异议未处理');
    expect(
      (
        await api('mx-school', 'POST', `/api/aid/objections/${obj.body.objection.id}/resolve`, {
          outcome: 'dismissed',
          resolution: '经家访核实，情况属实',
        })
      ).status,
    ).toBe(200);
    expect((await api('mx-school', 'POST', '/api/aid/recognitions/confirm', { ids: [id] })).status).toBe(403);
    const ok = await api('mx-county', 'POST', '/api/aid/recognitions/confirm', { ids: [id, id2] });
    expect(ok.status).toBe(200);
    expect(
      (await api('mx-county', 'POST', '/api/aid/recognitions/archive', { ids: [id] })).body.items[0].status,
    ).toBe('archived');

    const res = await runEntitlements(db, SYSTEM_ACTOR, { term: '2020-autumn' });
    const lines = await db
      .selectFrom('entitlement')
      .select(['student_id', 'programme', 'amount_fen', 'rule'])
      .where('run_id', '=', res.runId)
      .execute();
    // 受疫情影响 is a priority group: top tier (3000/年 → 1500); the 一般困难 classmate gets 1000/年 → 500.
    expect(lines.find((l) => l.student_id === student.id && l.programme === 'senior_grant')?.amount_fen).toBe(
      150000,
    );
    const g = lines.find((l) => l.student_id === other.student.id && l.programme === 'senior_grant');
    expect(g?.amount_fen).toBe(50000);
    expect(g?.rule).toContain('认定为一般困难');
  });

  it('semester review changes the tier; mid-year additions need a reason; attachments are kept', async () => {
    const { db } = database;
    const r = await db
      .selectFrom('recognition')
      .select(['id'])
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    const rev = await api('mx-school', 'POST', `/api/aid/recognitions/${r.id}/semester-review`, {
      semester: 'spring',
      result: 'change_tier',
      tier: 'hard',
      note: '春季复核，家庭情况恶化',
    });
    expect(rev.status).toBe(200);
    expect(rev.body.recognition.tier).toBe('hard');
    const { student } = await makeAidStudent(db, { name: '疫情新增' });
    const noReason = await api('mx-school', 'POST', '/api/aid/recognitions', {
      studentId: student.id,
      schoolYear: 2020,
      reason: '父母失业',
      midYear: true,
    });
    expect(noReason.status).toBe(400);
    // The reasons by their labels, never their codes (covid, sudden_hardship).
    expect(noReason.body.error.message).toBe(
      '学期中新增认定须说明原因：请选择新增原因（受新冠肺炎疫情影响；突发变故（重大疾病、灾害、意外等）；其他）',
    );
    const mid = await api('mx-school', 'POST', '/api/aid/recognitions', {
      studentId: student.id,
      schoolYear: 2020,
      reason: '父母失业',
      midYear: true,
      midYearReason: 'covid',
    });
    expect(mid.status).toBe(201);
    const att = await api(
      'mx-school',
      'POST',
      `/api/aid/recognitions/${mid.body.recognition.id}/attachments?filename=证明.pdf`,
      undefined,
      { type: 'application/pdf', body: Buffer.from('%PDF-1.4 证明') },
    );
    expect(att.status).toBe(201);
    const got = await api('mx-school', 'GET', `/api/aid/attachments/${att.body.attachment.id}`);
    expect(got.raw.rawPayload.toString()).toContain('%PDF-1.4');
    expect(got.raw.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('证明.pdf')}`,
    );
    // An uploaded file's name is saved as a safe file name: no formula start, no Windows separators.
    const hostile = await api(
      'mx-school',
      'POST',
      `/api/aid/recognitions/${mid.body.recognition.id}/attachments?filename=${encodeURIComponent('=cmd|x:1.pdf')}`,
      undefined,
      { type: 'application/pdf', body: Buffer.from('%PDF-1.4 x') },
    );
    expect(hostile.status).toBe(201);
    const hostileGot = await api('mx-school', 'GET', `/api/aid/attachments/${hostile.body.attachment.id}`);
    expect(hostileGot.raw.headers['content-disposition']).toBe(
      `attachment; filename="cmd-x-1.pdf"; filename*=UTF-8''cmd-x-1.pdf`,
    );
    const bad = await api(
      'mx-school',
      'POST',
      `/api/aid/recognitions/${mid.body.recognition.id}/attachments`,
      undefined,
      { type: 'application/pdf', body: Buffer.alloc(0) },
    );
    expect(bad.status).toBe(400);
    // A text file renamed .pdf, and a text file sent as text (tester v17a A6), are no evidence.
    const renamed = await api(
      'mx-school',
      'POST',
      `/api/aid/recognitions/${mid.body.recognition.id}/attachments?filename=wrong.pdf`,
      undefined,
      { type: 'application/pdf', body: Buffer.from('这不是证明') },
    );
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toBe(
      '文件“wrong.pdf”的内容不是 PDF（可能是改了扩展名的其他文件），请上传证明材料的 PDF、JPG 或 PNG 原件',
    );
    const text = await api(
      'mx-school',
      'POST',
      `/api/aid/recognitions/${mid.body.recognition.id}/attachments?filename=wrong.txt`,
      undefined,
      { type: 'text/plain', body: Buffer.from('这不是证明') },
    );
    expect(text.status).toBe(400);
    expect(text.body.error.message).toBe('证明材料须为 PDF、JPG 或 PNG 文件');
    const list = await api('mx-school', 'GET', `/api/aid/recognitions/${mid.body.recognition.id}`);
    expect(list.body.attachments.map((a: { filename: string }) => a.filename)).toEqual([
      '证明.pdf',
      '=cmd|x:1.pdf',
    ]);
  });
});
