/**
 * What a new 建档立卡 list's import report says of the persons it changes (outside tester v27b):
 * a household split or a renumbering is no removal (F3); an ID changed under a kept 人编号 is told
 * (F4); the downloadable report names every person changed, where the notices name a few (F5).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import type { App } from '../src/server/http.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { todayInChina } from '../src/server/today.ts';
import { addUser, login, seedMiniRegions, testApp } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-reg-report-'));
let database: Database;

/** A valid ID of 明溪县 for a birth date and a 3-digit sequence. */
const id = (born: string, seq: string, area = '350421') => {
  const body = `${area}${born.replaceAll('-', '')}${seq}`;
  return body + idCheckChar(body);
};
const year = Number(todayInChina().slice(0, 4));
/** Of compulsory age this school year (10). */
const child = `${year - 10}-03-28`;

const CH = '一二三四五六七八九十';
const HEADER = '户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇),脱贫状态';
const ZHANG = id('1970-01-02', '011');
const CHEN = id('1973-06-08', '386');
const JIN = id(child, '577');
const HAN = id(child, '578');
const WANG = id('1990-06-08', '493');
const ZHE = id(`${year - 9}-08-06`, '789');
const LIN = id('1965-05-05', '111');

function importLines(name: string, lines: string[], confirmRemoval?: boolean) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${HEADER}\n${lines.join('\n')}\n`);
  return importRegistry(
    database.db,
    SYSTEM_ACTOR,
    { path: file, filename: name },
    undefined,
    confirmRemoval === undefined ? undefined : { confirmRemoval },
  );
}
const row = (h: string, p: string, name: string, idNumber: string, relation: string, status = '未脱贫') =>
  `${h},${p},${name},${idNumber},${relation},明溪县,雪峰镇,${status}`;

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`a 建档立卡 list that splits a household or renumbers persons (${testDbKind}, tester v27b F3)`, () => {
  it('reports the persons whose ID is on the new list under another 人编号 as moved, not as removed and new', async () => {
    const first = await importLines('first.csv', [
      row('H1', 'P11', '张父', ZHANG, '户主'),
      row('H1', 'P12', '陈红桂', CHEN, '配偶'),
      row('H1', 'P13', '张恒锦', JIN, '之子'),
      row('H1', 'P14', '张恒涵', HAN, '之女'),
      row('H2', 'P21', '王生伟', WANG, '户主'),
      row('H2', 'P22', '王浩哲', ZHE, '之子'),
      row('H3', 'P31', '林父', LIN, '户主'),
    ]);
    expect(first.ok).toBe(true);
    // 陈红桂 and her children split off into H9 under new 人编号; household H2 leaves the list.
    const second = await importLines('second.csv', [
      row('H1', 'P11', '张父', ZHANG, '户主'),
      row('H9', 'P91', '陈红桂', CHEN, '户主'),
      row('H9', 'P92', '张恒锦', JIN, '之子'),
      row('H9', 'P93', '张恒涵', HAN, '之女'),
      row('H3', 'P31', '林父', LIN, '户主'),
    ]);
    expect(second.ok).toBe(true);
    expect(second.counts).toMatchObject({
      households_added: 0,
      households_removed: 1,
      persons_added: 0,
      persons_removed: 2,
      persons_moved: 3,
    });
    const notices = second.notices ?? [];
    expect(notices).toContain(
      '与所覆盖县(市、区)的上一版建档立卡名单相比：新增 0 户、0 人，移出 1 户、2 人；另有 3 人分户或人编号变更（同一人，按证件号码或随户按姓名认定，不计为新增和移出）。请重新比对：移出人员的学生将不再列为建档立卡学生，新增人员中的适龄儿童将与学籍比对。',
    );
    expect(notices).toContain(
      '分户或人编号变更的人员（3 人）：陈红桂（分户：人编号 P12 → P91，户编号 H1 → H9）、张恒锦（分户：人编号 P13 → P92，户编号 H1 → H9）、张恒涵（分户：人编号 P14 → P93，户编号 H1 → H9）。他们的证件号码与原名单相同，仍是建档立卡人员，不计为移出和新增；重新比对后按新的人编号列出。',
    );
    const removed = notices.find((n) => n.startsWith('移出的在读学生和义务教育适龄儿童'));
    expect(removed).toContain('王浩哲');
    for (const n of notices.filter((n) => /^(移出的|新增的)/.test(n)))
      for (const name of ['陈红桂', '张恒锦', '张恒涵']) expect(n).not.toContain(name);
    expect(notices.find((n) => n.startsWith('移出的户'))).toContain('：H2（2 人）。');
  });

  it('pairs a damaged ID only by name with its household, and of one ID two persons share only the one of the same name', async () => {
    // (The list now: H1 P11 张父, H9 P91–P93, H3 P31.)
    const r = await importLines('third.csv', [
      row('H1', 'P11', '张父', ZHANG, '户主'),
      row('H8', 'P81', '陈红桂', '3.50421E+17', '户主'),
      row('H8', 'P82', '张恒锦', JIN, '之子'),
      row('H8', 'P83', '张恒涵', JIN, '之女'),
      row('H3', 'P31', '林父', LIN, '户主'),
    ]);
    expect(r.ok).toBe(true);
    // 张恒锦 is the one leaving and the one coming with JIN and her name (verifier v27d F2b); 陈红桂,
    // whose valid ID is now damaged, moved with her household to H8 and is told by her name (verifier
    // v27e F3); 张恒涵 gives another's ID (and so another birth date): not told apart.
    expect(r.counts).toMatchObject({ persons_added: 1, persons_removed: 1, persons_moved: 2 });
    expect((r.notices ?? []).find((n) => n.startsWith('分户或人编号变更'))).toContain(
      '（2 人）：陈红桂（户编号变更：人编号 P91 → P81，户编号 H9 → H8）、张恒锦（户编号变更：人编号 P92 → P82，户编号 H9 → H8）。',
    );
  });

  it('does not hold a county renumbered whole as a list removing most of the county', async () => {
    const all = (h: string, p: string) =>
      Array.from({ length: 30 }, (_, i) =>
        row(
          `${h}${Math.floor(i / 3)}`,
          `${p}${i}`,
          `林${CH[i % 10]}${CH[Math.floor(i / 10)]}`,
          id('1980-01-01', String(100 + i)),
          i % 3 ? '之子' : '户主',
        ),
      );
    expect((await importLines('county.csv', all('HA', 'PA'))).ok).toBe(true);
    const renumbered = await importLines('renumbered.csv', all('HB', 'PB'));
    expect(renumbered.fileError).toBeUndefined();
    expect(renumbered.ok).toBe(true);
    expect(renumbered.counts).toMatchObject({
      households_added: 0,
      households_removed: 0,
      persons_added: 0,
      persons_removed: 0,
      persons_moved: 30,
    });
    expect((renumbered.notices ?? []).find((n) => n.startsWith('分户或人编号变更'))).toContain(
      '林一一（户编号变更：人编号 PA0 → PB0，户编号 HA0 → HB0）',
    );
  });
});

describe(`a 建档立卡 list that gives a 人编号 to another person, an ID to two rows, renumbers a household with a member without an ID (${testDbKind}, verifier v27d F2)`, () => {
  const CHENWEN = id(child, '611');
  const XINYU = id(`${year - 9}-07-07`, '612');
  const HAN2 = id(`${year - 11}-01-01`, '613');
  const CUI = id(child, '624');
  const ZHONG = id('1985-05-05', '622');
  const DENGC = id('1982-02-02', '631');
  it('reports the number given away, pairs the one named alike and the one moved with her household, and names a changed name', async () => {
    const first = await importLines(
      'v27d-first.csv',
      [
        row('H1', 'P11', '赵父', ZHANG, '户主'),
        row('H1', 'P12', '赵晨文', CHENWEN, '之子'),
        row('H1', 'P13', '张涵', HAN2, '之女'),
        row('H2', 'P21', '钟美芳', ZHONG, '户主'),
        row('H2', 'P22', '崔梓', CUI, '之女'),
        row('H3', 'P31', '邓成', DENGC, '户主'),
        row('H3', 'P32', '邓轩天', '', '之子'),
      ],
      true,
    );
    expect(first.ok).toBe(true);
    const r = await importLines('v27d-second.csv', [
      row('H1', 'P11', '赵父', ZHANG, '户主'),
      // (a) P12 given to a newcomer; 赵晨文 split off under a new number.
      row('H1', 'P12', '赵新宇', XINYU, '之子', '已脱贫(享受政策)'),
      row('H9', 'P91', '赵晨文', CHENWEN, '户主'),
      // (d) renumbered, the name written otherwise.
      row('H1', 'P14', '张恒涵', HAN2, '之女'),
      // (b) H2 renumbered; 崔梓's ID also on a new row of another name.
      row('H8', 'P81', '钟美芳', ZHONG, '户主'),
      row('H8', 'P82', '崔梓', CUI, '之女'),
      row('H7', 'P71', '崔小梓', CUI, '户主'),
      // (c) H3 renumbered; 邓轩天 has no ID.
      row('H5', 'P51', '邓成', DENGC, '户主'),
      row('H5', 'P52', '邓轩天', '', '之子'),
    ]);
    expect(r.ok).toBe(true);
    expect(r.counts).toMatchObject({
      households_added: 1,
      households_removed: 0,
      persons_added: 2,
      persons_removed: 0,
      persons_moved: 6,
      persons_id_changed: 0,
      person_nos_reused: 1,
    });
    // The audit entry names the number given away, as it names those moved (by 人编号 only).
    const audit = await database.db
      .selectFrom('audit_log')
      .select('after')
      .where('entity', '=', 'import_batch')
      .where('entity_id', '=', String(r.batchId))
      .executeTakeFirstOrThrow();
    const after = (typeof audit.after === 'string' ? JSON.parse(audit.after) : audit.after) as Record<
      string,
      unknown
    >;
    expect(after.reused_nos).toEqual(['P12']);
    expect(after.persons_moved_nos).toContain('P12 → P91');
    const notices = r.notices ?? [];
    expect(notices.some((n) => n.startsWith('移出的'))).toBe(false);
    expect(notices.some((n) => n.startsWith('证件号码变更'))).toBe(false);
    expect(notices.some((n) => n.startsWith('脱贫状态变更'))).toBe(false);
    const added = notices.find((n) => n.startsWith('新增的义务教育适龄儿童'));
    expect(added).toContain('赵新宇（第 3 行）');
    expect(added).toContain('崔小梓（第 8 行）');
    for (const name of ['赵晨文', '崔梓（', '邓轩天']) expect(added).not.toContain(name);
    expect(notices).toContain(
      '人编号换人（1 个）：人编号 P12 原为赵晨文，新名单中为赵新宇。同一人编号在新名单中是另一个人（姓名和证件号码都不同）：原人员按分户、人编号变更或移出计，新人员按新增计，两人的证件号码和脱贫状态不作比较；请核实。',
    );
    const moved = notices.find((n) => n.startsWith('分户或人编号变更'));
    expect(moved).toContain('张恒涵（人编号变更：人编号 P13 → P14，户编号 H1 不变，姓名 张涵 → 张恒涵）');
    expect(moved).toContain('崔梓（户编号变更：人编号 P22 → P82，户编号 H2 → H8）');
    expect(moved).toContain('邓轩天（户编号变更：人编号 P32 → P52，户编号 H3 → H5）');
    expect(r.warnings).toContainEqual(
      expect.objectContaining({
        row: 3,
        column: '人编号',
        message:
          '人编号 P12 在原名单中是 赵晨文，本名单中为 赵新宇：同一人编号换了人，请核实（原人员现为人编号 P91）',
      }),
    );
    expect(r.changes?.map((l) => [l.change, l.name, l.detail])).toEqual([
      [
        '分户',
        '赵晨文',
        '分户：人编号 P12 → P91，户编号 H1 → H9（证件号码相同）；人编号 P12 原为赵晨文，新名单中为赵新宇',
      ],
      [
        '人编号变更',
        '张恒涵',
        '人编号变更：人编号 P13 → P14，户编号 H1 不变，姓名 张涵 → 张恒涵（证件号码相同）',
      ],
      ['户编号变更', '钟美芳', '户编号变更：人编号 P21 → P81，户编号 H2 → H8（证件号码相同）'],
      ['户编号变更', '崔梓', '户编号变更：人编号 P22 → P82，户编号 H2 → H8（证件号码相同）'],
      ['户编号变更', '邓成', '户编号变更：人编号 P31 → P51，户编号 H3 → H5（证件号码相同）'],
      [
        '户编号变更',
        '邓轩天',
        '户编号变更：人编号 P32 → P52，户编号 H3 → H5（证件号码 空 → 空，同户成员按证件号码随户变更，本人按姓名认定）',
      ],
      ['新增', '赵新宇', '新列入名单；人编号 P12 原为赵晨文，新名单中为赵新宇'],
      ['新增', '崔小梓', '新列入名单'],
    ]);
  });
});

describe(`a 建档立卡 list that changes the ID of a person kept under their 人编号 (${testDbKind}, tester v27b F4)`, () => {
  const DENG = id(`${year - 10}-04-20`, '266');
  const DENG2 = id(`${year - 10}-04-20`, '268');
  const FANG = id(`${year - 11}-02-02`, '123');
  const YE = id(`${year - 12}-05-05`, '321');
  it('names each, the IDs masked and where they differ, for the comparison may change', async () => {
    const first = await importLines(
      'ids-first.csv',
      [
        row('H1', 'P1', '邓语颖', DENG, '户主'),
        row('H1', 'P2', '方小雨', FANG, '之女'),
        row('H1', 'P3', '叶子航', '', '之子'),
        row('H1', 'P4', '叶父', ZHANG, '之子'),
      ],
      true,
    );
    expect(first.ok).toBe(true);
    const second = await importLines('ids-second.csv', [
      row('H1', 'P1', '邓语颖', DENG2, '户主'),
      row('H1', 'P2', '方小雨', '3.50421E+17', '之女'),
      row('H1', 'P3', '叶子航', YE, '之子'),
      row('H1', 'P4', '叶父', ZHANG, '之子'),
    ]);
    expect(second.ok).toBe(true);
    expect(second.counts).toMatchObject({ persons_added: 0, persons_removed: 0, persons_id_changed: 3 });
    const notice = (second.notices ?? []).find((n) => n.startsWith('证件号码变更'));
    expect(notice).toBe(
      `证件号码变更（3 人，人编号不变）：邓语颖（人编号 P1）：350421***********${DENG.at(-1)} → 350421***********${DENG2.at(-1)}（第17、18位不同）；方小雨（人编号 P2）：350421***********${FANG.at(-1)} → 3.5042*E+17（无效）；叶子航（人编号 P3）：空 → 350421***********${YE.at(-1)}。信息比对按证件号码比对，这些人员的比对结果可能随之改变（如已确认的学生变为疑似匹配），请重新比对并核实。`,
    );
    for (const whole of [DENG, DENG2, FANG, YE]) expect(notice).not.toContain(whole);
  });
});

describe(`the downloadable report of a 建档立卡 import (${testDbKind}, tester v27b F5)`, () => {
  let app: App;
  beforeAll(async () => {
    await addUser(database, 'mx-county', 'county_admin', { scopeCode: '350421' });
    app = await testApp(database);
  });
  afterAll(() => app.close());

  /** Uploads a list as the county, waits for the job, and gives its result and its xlsx report. */
  async function upload(cookie: string, name: string, lines: string[], query = '') {
    const res = await app.inject({
      method: 'POST',
      url: `/api/imports/registry?filename=${encodeURIComponent(name)}${query}`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: `${HEADER}\n${lines.join('\n')}\n`,
    });
    expect(res.statusCode).toBe(202);
    const { jobId } = res.json();
    let job: { status: string; result?: { ok: boolean; notices?: string[] } } = { status: '' };
    for (let i = 0; i < 200 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: { cookie } })).json().job;
    }
    expect(job.status).toBe('succeeded');
    const report = await app.inject({
      method: 'GET',
      url: `/api/imports/report/${jobId}`,
      headers: { cookie },
    });
    expect(report.statusCode).toBe(200);
    const file = path.join(dir, `${name}.xlsx`);
    fs.writeFileSync(file, report.rawPayload);
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.readFile(file);
    return { result: job.result!, wb };
  }

  it('lists every person removed, moved, whose ID or 脱贫状态 changed, and added, where the notice names five', async () => {
    const cookie = await login(app, 'mx-county');
    const h = (i: number) => id('1980-02-02', String(500 + i));
    const list = (status: string, mended: boolean) => [
      ...['父', '母', '一', '二'].map((n, i) =>
        row('H1', `P1${i}`, `周${n}`, h(10 + i), i ? '之子' : '户主', status),
      ),
      ...['父', '母', '一'].map((n, i) =>
        row('H2', `P2${i}`, `吴${n}`, h(20 + i), i ? '之子' : '户主', status),
      ),
      mended
        ? row('H7', 'P71', '吴二', h(23), '户主', status)
        : row('H2', 'P23', '吴二', h(23), '之子', status),
      row('H3', 'P30', '郑父', mended ? h(31) : h(30), '户主'),
      ...(mended ? [row('H4', 'P40', '冯新', h(40), '户主')] : [row('H3', 'P32', '郑走', h(32), '之子')]),
    ];
    expect(
      (await upload(cookie, 'before.csv', list('未脱贫', false), '&confirmRemoval=true')).result.ok,
    ).toBe(true);
    const { result, wb } = await upload(cookie, 'after.csv', list('已脱贫(不享受政策)', true));
    expect(result.ok).toBe(true);
    const notice = (result.notices ?? []).find((n) => n.startsWith('脱贫状态变更'));
    // The notice stays short: five named, 等 8 人.
    expect(notice).toContain('脱贫状态变更 3 户、8 人：');
    expect(notice).toContain('等 8 人');
    expect(notice).not.toContain('吴二');
    const sheet = wb.getWorksheet('名单变更');
    expect(sheet).toBeDefined();
    const rows = (sheet!.getSheetValues() as unknown[][]).slice(1).map((r) => r.slice(1).map((c) => c ?? ''));
    expect(rows[0]).toEqual(['变更', '行号', '姓名', '人编号', '户编号', '变更内容']);
    const masked = (x: string) => `350421***********${x.at(-1)}`;
    expect(rows.slice(1)).toEqual([
      ['移出', '', '郑走', 'P32', 'H3', '不在新名单中'],
      ['分户', 9, '吴二', 'P71', 'H7', '分户：人编号 P23 → P71，户编号 H2 → H7（证件号码相同）'],
      ['证件号码变更', 10, '郑父', 'P30', 'H3', `${masked(h(30))} → ${masked(h(31))}（第17、18位不同）`],
      ...[
        [2, '周父', 'P10', 'H1'],
        [3, '周母', 'P11', 'H1'],
        [4, '周一', 'P12', 'H1'],
        [5, '周二', 'P13', 'H1'],
        [6, '吴父', 'P20', 'H2'],
        [7, '吴母', 'P21', 'H2'],
        [8, '吴一', 'P22', 'H2'],
        [9, '吴二', 'P71', 'H7'],
      ].map(([r, n, p, hh]) => ['脱贫状态变更', r, n, p, hh, '未脱贫 → 已脱贫(不享受政策)']),
      ['新增', 11, '冯新', 'P40', 'H4', '新列入名单'],
    ]);
    // The first sheet says where the list is.
    const first = JSON.stringify(wb.worksheets[0]!.getSheetValues());
    expect(first).toContain('“名单变更”工作表');
    for (const whole of [h(30), h(31)]) expect(JSON.stringify(rows)).not.toContain(whole);
  });
});
