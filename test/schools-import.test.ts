import fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { loadReferenceData } from '../src/modules/regions/reference-data.ts';
import { importSchools } from '../src/modules/schools/schools.import.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import { verifyAudit } from '../src/server/audit.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/scope.ts';
import { HEADER, tmpFile, writeCsv, writeXlsx } from './fixtures/school-files.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
  await loadReferenceData(database.db);
});
afterAll(() => database.close());

const countSchools = async () =>
  (
    await database.db
      .selectFrom('school')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
  ).n;
const school = (code: string) =>
  database.db.selectFrom('school').selectAll().where('code', '=', code).executeTakeFirst();

const MINGXI_ADMIN: Actor = {
  id: 4242,
  username: 'mingxi-test',
  displayName: '明溪县教育局',
  role: 'county_admin',
  scopeCode: '350421',
  schoolCode: null,
};

describe(`school importer (${testDbKind})`, () => {
  it('imports an xlsx with a title row, keeping codes as text', async () => {
    const file = await writeXlsx(
      'basic.xlsx',
      [
        HEADER,
        ['2135990001', '明溪县雪峰镇测试小学', '明溪县', '雪峰镇', '小学', '公办'],
        [2135990002, '明溪县夏坊测试中学', '明溪县', '夏坊乡', '初中', '公办'],
        [],
        ['2135990003', '清流县测试九年一贯制学校', '清流县', '龙津镇', '九年一贯制', '民办'],
      ],
      { title: '2020年三明市学校名单' },
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'basic.xlsx' });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, inserted: 3, updated: 0 });
    expect(await school('2135990002')).toMatchObject({
      name: '明溪县夏坊测试中学',
      county_code: '350421',
      township_code: '350421204',
      region_code: '350421204',
      stages: ['junior'],
      urban_rural: 'rural',
    });
    expect(await school('2135990001')).toMatchObject({ urban_rural: 'urban' }); // county-seat town
    expect(await school('2135990003')).toMatchObject({ stages: ['primary', 'junior'], ownership: 'private' });
  });

  it('reads the data sheet of a workbook that opens with a 填表说明 sheet', async () => {
    const file = await writeXlsx(
      'instructions.xlsx',
      [HEADER, ['2135990099', '明溪县雪峰镇说明测试小学', '明溪县', '雪峰镇', '小学', '公办']],
      { instructions: ['填表说明', '1. 学校标识码为 10 位数字', '2. 学段：小学、初中、高中…'] },
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, {
      path: file,
      filename: 'instructions.xlsx',
    });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, inserted: 1 });
    expect(await school('2135990099')).toMatchObject({ name: '明溪县雪峰镇说明测试小学' });
  });

  it('refuses a workbook whose schools are split over sheets, naming them', async () => {
    const file = tmpFile('split-schools.xlsx');
    const wb = new (loadExcel().Workbook)();
    wb.addWorksheet('填表说明').addRow(['填表说明']);
    const rows = {
      小学: ['2135990201', '明溪县雪峰镇分表小学', '明溪县', '雪峰镇', '小学', '公办'],
      初中: ['2135990202', '明溪县雪峰镇分表中学', '明溪县', '雪峰镇', '初中', '公办'],
    };
    for (const [sheet, row] of Object.entries(rows)) {
      const ws = wb.addWorksheet(sheet);
      ws.addRow(HEADER);
      ws.addRow(row);
    }
    await wb.xlsx.writeFile(file);
    const report = await importSchools(database.db, SYSTEM_ACTOR, {
      path: file,
      filename: 'split.xlsx',
    });
    expect(report.ok).toBe(false);
    expect(report.errors[0]?.message).toBe(
      '学校名单的数据分在多个工作表中：除“小学”外，工作表“初中”也有数据。只读取一个工作表会漏掉其余的行，请把各工作表的数据合并到一个工作表后再导入',
    );
    expect(await school('2135990201')).toBeUndefined();
  });

  it('imports csv with aliases, shuffled and optional columns, and updates known codes', async () => {
    const file = writeCsv(
      'aliases.csv',
      [
        ['学段', '学校名', '是否寄宿', '乡镇(街道)', '学校代码', '城乡类型', '区县', '学校类型', '办学性质'],
        ['完全中学', '沙县测试中学', '是', '青州镇', '2135990010', '', '沙县区', '', '公办'],
        ['小学', '梅列区测试小学', '否', '陈大镇', '2135990011', '', '三元区', '', '公办'],
        ['小学', '三元区测试村小', '', '莘口镇', '2135990012', '乡村', '三元区', '村小', '公办'],
        ['小学', '明溪县雪峰镇测试小学（改名）', '', '雪峰', '2135990001', '', '明溪', '', '公办'],
      ],
      'utf8-bom',
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'aliases.csv' });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ ok: true, inserted: 3, updated: 1, unchanged: 0 });
    expect(await school('2135990010')).toMatchObject({
      county_code: '350427',
      stages: ['junior', 'senior'],
      boarding: true,
      urban_rural: 'town',
    });
    // 三元区 after 2021 covers 梅列区 too: 陈大镇 was in 梅列区 (350402).
    expect(await school('2135990011')).toMatchObject({ county_code: '350402', township_code: '350402100' });
    expect(await school('2135990012')).toMatchObject({
      county_code: '350403',
      kind: 'village_school',
      urban_rural: 'rural',
      urban_rural_manual: true,
    });
    expect((await school('2135990001'))!.name).toBe('明溪县雪峰镇测试小学（改名）');
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'school')
      .where('entity_id', '=', '2135990001')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      action: 'import',
      before: { name: '明溪县雪峰镇测试小学' },
      after: { name: '明溪县雪峰镇测试小学（改名）' },
    });
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });

  it('reads GB18030 csv (Excel on Chinese Windows)', async () => {
    const file = writeCsv(
      'gbk.csv',
      [HEADER, ['2135990020', '宁化县翠江镇测试幼儿园', '宁化县', '翠江镇', '幼儿园', '民办']],
      'gb18030',
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'gbk.csv' });
    expect(report).toMatchObject({ ok: true, inserted: 1 });
    expect(await school('2135990020')).toMatchObject({
      name: '宁化县翠江镇测试幼儿园',
      stages: ['preschool'],
    });
  });

  it('reports every bad row with row and column, and writes nothing', async () => {
    const before = await countSchools();
    const file = await writeXlsx(
      'bad.xlsx',
      [
        HEADER,
        ['2135990030', '好的学校', '明溪县', '雪峰镇', '小学', '公办'],
        ['21359900', '短代码学校', '明溪县', '雪峰镇', '小学', '公办'],
        ['2135990031', '未知县学校', '福州市', '雪峰镇', '小学', '公办'],
        ['2135990032', '未知乡学校', '明溪县', '青州镇', '小学', '公办'],
        ['2135990033', '学段不明学校', '明溪县', '雪峰镇', '夜校', '公办'],
        ['2135990030', '重复代码学校', '明溪县', '雪峰镇', '小学', '公办'],
        ['2135990034', '=HYPERLINK("http://x")', '明溪县', '雪峰镇', '小学', '公办'],
        ['2135990035', '类型不明学校', '明溪县', '雪峰镇', '小学', '合办'],
        ['2135990036', '类型错列学校', '明溪县', '雪峰镇', '小学', '村小'],
      ],
      { title: '学校名单' },
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'bad.xlsx' });
    expect(report.ok).toBe(false);
    expect(report.inserted).toBe(0);
    expect(report.errors).toEqual([
      { row: 4, column: '学校标识码', message: '学校标识码须为10位数字（"21359900"）' },
      { row: 5, column: '县(市、区)', message: '未知的县(市、区)“福州市”' },
      { row: 6, column: '乡(镇)', message: '明溪县没有名为“青州镇”的乡镇' },
      { row: 7, column: '学段', message: expect.stringContaining('学段无法识别') },
      { row: 8, column: '学校标识码', message: '重复的学校标识码 2135990030（与第 3 行重复）' },
      { row: 9, column: '学校名称', message: expect.stringContaining('不能以 = + - @ 开头') },
      { row: 10, column: '办学类型', message: expect.stringContaining('公办') },
      {
        row: 11,
        column: '办学类型',
        message: '办学类型须为"公办"或"民办"（"村小"）："村小"是学校类型，请填在"学校类型"列',
      },
    ]);
    expect(await countSchools()).toBe(before);
  });

  it('refuses in every cell what the roll and registry imports refuse (cell-rules.ts)', async () => {
    const before = await countSchools();
    const file = writeCsv(
      'cells.csv',
      [
        HEADER,
        ['2135990050', '＝1', '明溪县', '雪峰镇', '小学', '公办'],
        ['2135990051', '明溪县\r\n=1+1', '明溪县', '雪峰镇', '小学', '公办'],
        ['2135990052', '明溪县测试小学', '明溪县', '雪峰镇\u202e', '小学', '公办'],
        ['2135990053', '明溪县测试中学', '明溪县', '雪峰镇', '小学', '公'.repeat(300)],
      ],
      'utf8-bom',
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'cells.csv' });
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      { row: 2, column: '学校名称', message: expect.stringContaining('以 ＝ 开头，疑似公式') },
      { row: 3, column: '学校名称', message: '含有换行符：一项内容只能填一行，请删除换行后重试' },
      { row: 4, column: '乡(镇)', message: expect.stringContaining('文字方向控制字符') },
      { row: 5, column: '办学类型', message: '内容过长（300 字，超过 200 字）' },
    ]);
    expect(await countSchools()).toBe(before);
  });

  it('refuses a csv row that an unquoted comma shifted, naming it, and writes nothing', async () => {
    const before = await countSchools();
    const file = writeCsv(
      'shifted.csv',
      [
        HEADER,
        ['2135990040', '好的学校', '明溪县', '雪峰镇', '小学', '公办'],
        // A name with an English comma that was not quoted: '明溪县第一中学,初中部' as two cells.
        ['2135990041', '明溪县第一中学', '初中部', '明溪县', '雪峰镇', '初中', '公办'],
      ],
      'utf8-bom',
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'shifted.csv' });
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toEqual({
      row: 3,
      column: '整行',
      message:
        '该行有7个单元格，比表头的6列多，G列在表头之外却有内容“公办”：多半是某个单元格中有未加引号的英文逗号，其后各列已错位。请改正该行后重新导出',
    });
    expect(await countSchools()).toBe(before);
  });

  it("reads a list as the roll's importer reads a roll: template notes in the header, a 合计 row, pasted zero-width characters", async () => {
    const file = writeCsv(
      'notes.csv',
      [
        ['2020年明溪县学校名单'],
        ['学校标识码（必填）', '学校名称(必填)', '县(市、区)', '乡(镇)', '学段（必填）', '办学类型'],
        ['2135990070', '明溪县模板测试小学', '明溪县', '雪峰镇', '小学', '公办'],
        ['21359900\u200b71', '明溪县模板测试中学', '明溪县', '雪峰镇', '初中', '公办'],
        ['合计：共2所'],
        ['填表人：张三', '', '审核人：李四'],
      ],
      'utf8-bom',
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'notes.csv' });
    expect(report).toMatchObject({ ok: true, rows: 2, inserted: 2, errors: [] });
    expect(report.warnings).toEqual([
      { row: 5, column: '整行', message: '表尾的合计、签名或日期行，不是学校信息，已跳过' },
      { row: 6, column: '整行', message: '表尾的合计、签名或日期行，不是学校信息，已跳过' },
    ]);
    expect(await school('2135990071')).toMatchObject({ name: '明溪县模板测试中学', stages: ['junior'] });
  });

  it('imports a row hidden in Excel (by hand or a filter) with a warning that names it', async () => {
    const file = await writeXlsx(
      'hidden.xlsx',
      [
        HEADER,
        ['2135990075', '明溪县可见测试小学', '明溪县', '雪峰镇', '小学', '公办'],
        ['2135990076', '明溪县隐藏测试小学', '明溪县', '雪峰镇', '小学', '公办'],
      ],
      { hiddenRows: [2] },
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'hidden.xlsx' });
    expect(report).toMatchObject({ ok: true, inserted: 2 });
    expect(report.warnings).toEqual([
      {
        row: 3,
        column: '整行',
        message: '该行在 Excel 中是隐藏行（手动隐藏或被筛选隐藏），已照常读取：请确认这一行应当导入',
      },
    ]);
  });

  it('reads a tab-separated list (Excel’s 文本文件(制表符分隔)) as the old school reader did', async () => {
    const file = tmpFile('tabs.txt');
    fs.writeFileSync(
      file,
      `${[HEADER, ['2135990077', '明溪县制表符测试小学', '明溪县', '雪峰镇', '小学', '公办']].map((r) => r.join('\t')).join('\r\n')}\r\n`,
    );
    const report = await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'tabs.txt' });
    expect(report).toMatchObject({ ok: true, inserted: 1, errors: [] });
    expect(await school('2135990077')).toMatchObject({ name: '明溪县制表符测试小学' });
  });

  it('names the file a 建档立卡 export given as a school list, and an unknown file type', async () => {
    const registry = writeCsv('registry.csv', [
      ['户编号', '人编号', '姓名', '证件号码', '与户主关系', '县(市、区)', '乡(镇)', '行政村'],
      ['H1', 'P1', '张三', '350421198001011234', '户主', '明溪县', '雪峰镇', '城关村'],
    ]);
    const r1 = await importSchools(database.db, SYSTEM_ACTOR, { path: registry, filename: 'registry.csv' });
    expect(r1.ok).toBe(false);
    expect(r1.errors[0]!.message).toMatch(/^学校名单缺少必需的列.*像是建档立卡名单：请检查是否选错了文件$/);
    const r2 = await importSchools(database.db, SYSTEM_ACTOR, {
      buffer: Buffer.from('%PDF-1.4'),
      filename: 'list.pdf',
    });
    expect(r2.errors).toEqual([
      { row: 0, column: null, message: expect.stringContaining('不支持的文件类型（list.pdf）') },
    ]);
  });

  it("refuses a row that would move a known code's school to another county; names renames, moves within the county and namesakes", async () => {
    // 2135990001 is 明溪县雪峰镇测试小学（改名） (renamed by an earlier test) and 2135990003 a 清流县 school.
    const before = await countSchools();
    const moved = writeCsv('moved.csv', [
      HEADER,
      ['2135990003', '明溪县抢码学校', '明溪县', '雪峰镇', '小学', '公办'],
      ['2135990080', '明溪县新学校', '明溪县', '雪峰镇', '小学', '公办'],
    ]);
    const refused = await importSchools(database.db, SYSTEM_ACTOR, { path: moved, filename: 'moved.csv' });
    expect(refused.ok).toBe(false);
    expect(refused.errors).toEqual([
      {
        row: 2,
        column: '县(市、区)',
        message:
          '学校标识码 2135990003 是清流县“清流县测试九年一贯制学校”的代码，导入不能把它改到明溪县：请核对标识码是否填错（学校划转到另一县(市、区)不能通过导入完成）',
      },
    ]);
    expect(await countSchools()).toBe(before);
    expect(await school('2135990003')).toMatchObject({ county_code: '350423' });

    const changes = writeCsv('changes.csv', [
      HEADER,
      ['2135990001', '明溪县雪峰镇第一测试小学', '明溪县', '夏阳乡', '小学', '公办'],
      ['2135990081', '明溪县夏坊测试中学', '明溪县', '夏坊乡', '初中', '公办'],
      ['2135990082', '明溪县重名新校', '明溪县', '雪峰镇', '小学', '公办'],
      ['2135990083', '明溪县重名新校', '明溪县', '雪峰镇', '小学', '公办'],
    ]);
    const done = await importSchools(database.db, SYSTEM_ACTOR, { path: changes, filename: 'changes.csv' });
    expect(done).toMatchObject({ ok: true, inserted: 3, updated: 1, errors: [] });
    expect(done.warnings).toEqual([
      {
        row: 2,
        column: '学校名称',
        message:
          '学校标识码 2135990001：名称由“明溪县雪峰镇测试小学（改名）”改为“明溪县雪峰镇第一测试小学”；乡(镇)由 雪峰镇 改为 夏阳乡',
        // (What writing does: left out of a report of an import that writes nothing.)
        effect: true,
      },
      {
        row: 3,
        column: '学校名称',
        message: expect.stringContaining('与已有学校 2135990002“明溪县夏坊测试中学”同名'),
      },
      {
        row: 5,
        column: '学校名称',
        message: expect.stringContaining('与第 4 行的学校 2135990082“明溪县重名新校”同名'),
      },
    ]);
  });

  it('says what Excel did to a code, which column a value belongs in, that 城镇 is not a class, and a rename onto another school’s name', async () => {
    const header = [...HEADER, '学校类型', '城乡类型'];
    const bad = writeCsv('words.csv', [
      header,
      ['2.13599E+09', '明溪县科学计数小学', '明溪县', '雪峰镇', '小学', '公办', '', ''],
      ['2135990095', '明溪县错列小学', '明溪县', '雪峰镇', '小学', '公办', '公办', ''],
      ['2135990096', '明溪县城镇小学', '明溪县', '雪峰镇', '小学', '公办', '', '城镇'],
    ]);
    const r = await importSchools(database.db, SYSTEM_ACTOR, { path: bad, filename: 'words.csv' });
    expect(r.errors).toEqual([
      {
        row: 2,
        column: '学校标识码',
        message:
          '学校标识码"2.13599E+09"已被 Excel 显示为科学计数法，位数已丢失：请把该列设为"文本"格式，重新填写10位标识码',
      },
      {
        row: 3,
        column: '学校类型',
        message:
          '学校类型须为 普通学校（完全小学）、村小 或 教学点（"公办"）："公办"是办学类型，请填在"办学类型"列',
      },
      { row: 4, column: '城乡类型', message: expect.stringContaining('（"城镇"）') },
    ]);
    // 2135990002 is 明溪县夏坊测试中学; 2135990081 (same name, earlier test) is renamed onto another's name.
    const rename = writeCsv('rename.csv', [
      HEADER,
      ['2135990081', '明溪县雪峰镇第一测试小学', '明溪县', '夏阳乡', '小学', '公办'],
    ]);
    const done = await importSchools(database.db, SYSTEM_ACTOR, { path: rename, filename: 'rename.csv' });
    expect(done).toMatchObject({ ok: true, updated: 1 });
    expect(done.warnings.map((w) => [w.column, w.message])).toEqual([
      ['学校名称', expect.stringContaining('名称由“明溪县夏坊测试中学”改为“明溪县雪峰镇第一测试小学”')],
      [
        '学校名称',
        '学校标识码 2135990081 改名后与已有学校 2135990001“明溪县雪峰镇第一测试小学”同名：请核实名称或标识码是否填错',
      ],
    ]);
    // A new code with no 学校类别码 or another province's digits is imported, and named.
    const doubtful = writeCsv('doubtful.csv', [
      HEADER,
      ['0000000000', '明溪县零号测试小学', '明溪县', '雪峰镇', '小学', '公办'],
      ['2136990001', '明溪县外省码测试小学', '明溪县', '雪峰镇', '小学', '公办'],
    ]);
    const told = await importSchools(database.db, SYSTEM_ACTOR, { path: doubtful, filename: 'doubtful.csv' });
    expect(told).toMatchObject({ ok: true, inserted: 2 });
    expect(told.warnings.map((w) => [w.row, w.column, w.message])).toEqual([
      [2, '学校标识码', expect.stringContaining('前两位 00 不是学校类别码')],
      [3, '学校标识码', expect.stringContaining('第3–4位 36 不是福建省的代码 35')],
    ]);
  });

  it('places a 村小 or 教学点 in the 村(居) the file gives, which makes it 乡村 in a county-seat town', async () => {
    const header = [...HEADER, '学校类型', '村(居)'];
    const ok = await importSchools(database.db, SYSTEM_ACTOR, {
      path: writeCsv('village.csv', [
        header,
        ['2135990097', '明溪县城东村测试教学点', '明溪县', '雪峰镇', '小学', '公办', '教学点', '城东村'],
        ['2135990098', '明溪县城东社区测试幼儿园', '明溪县', '雪峰镇', '学前', '公办', '', '城东社区'],
      ]),
      filename: 'village.csv',
    });
    expect(ok).toMatchObject({ ok: true, inserted: 2, errors: [] });
    expect(await school('2135990097')).toMatchObject({
      township_code: '350421100',
      region_code: '350421100201',
      kind: 'teaching_point',
      urban_rural: 'rural',
    });
    expect(await school('2135990098')).toMatchObject({ region_code: '350421100001', urban_rural: 'urban' });
    // The teaching point moves to another village: written, and named in the report.
    const moved = await importSchools(database.db, SYSTEM_ACTOR, {
      path: writeCsv('village-moved.csv', [
        header,
        ['2135990097', '明溪县城东村测试教学点', '明溪县', '雪峰镇', '小学', '公办', '教学点', '城西村'],
      ]),
      filename: 'village-moved.csv',
    });
    expect(moved).toMatchObject({ ok: true, updated: 1 });
    expect(moved.warnings).toEqual([
      {
        row: 2,
        column: '村(居)',
        message: '学校标识码 2135990097：村(居)由 城东村委会 改为 城西村委会',
        effect: true,
      },
    ]);
    expect(await school('2135990097')).toMatchObject({ region_code: '350421100202' });
    const bad = await importSchools(database.db, SYSTEM_ACTOR, {
      path: writeCsv('village-bad.csv', [
        header,
        ['2135990099', '明溪县不明村测试教学点', '明溪县', '雪峰镇', '小学', '公办', '教学点', '城东'],
        ['2135990100', '明溪县无此村测试教学点', '明溪县', '雪峰镇', '小学', '公办', '教学点', '青州村'],
      ]),
      filename: 'village-bad.csv',
    });
    expect(bad.errors).toEqual([
      { row: 2, column: '村(居)', message: expect.stringContaining('“城东”指哪一个？请写全名') },
      { row: 3, column: '村(居)', message: '雪峰镇没有名为“青州村”的村(居)' },
    ]);
  });

  it('keeps a 城乡类型 the file gives as the township would as following the township: no change reported', async () => {
    const header = [...HEADER, '城乡类型'];
    const row = ['2135990090', '明溪县城乡测试小学', '明溪县', '夏坊乡', '小学', '公办'];
    const first = await importSchools(database.db, SYSTEM_ACTOR, {
      path: writeCsv('ur1.csv', [HEADER, row]),
      filename: 'ur1.csv',
    });
    expect(first).toMatchObject({ ok: true, inserted: 1 });
    const same = await importSchools(database.db, SYSTEM_ACTOR, {
      path: writeCsv('ur2.csv', [header, [...row, '乡村']]),
      filename: 'ur2.csv',
    });
    expect(same).toMatchObject({ ok: true, updated: 0, unchanged: 1 });
    expect(await school('2135990090')).toMatchObject({ urban_rural: 'rural', urban_rural_manual: false });
    const other = await importSchools(database.db, SYSTEM_ACTOR, {
      path: writeCsv('ur3.csv', [header, [...row, '镇区']]),
      filename: 'ur3.csv',
    });
    expect(other).toMatchObject({ ok: true, updated: 1 });
    expect(await school('2135990090')).toMatchObject({ urban_rural: 'town', urban_rural_manual: true });
  });

  it('names the missing column, and explains empty files and missing headers', async () => {
    const noStage = writeCsv('no-stage.csv', [
      ['学校标识码', '学校名称', '县(市、区)', '乡(镇)', '办学类型'],
      ['2135990040', '某学校', '明溪县', '雪峰镇', '公办'],
    ]);
    const r1 = await importSchools(database.db, SYSTEM_ACTOR, { path: noStage, filename: 'no-stage.csv' });
    expect(r1).toMatchObject({
      ok: false,
      errors: [{ row: 0, column: null, message: expect.stringContaining('学校名单缺少必需的列：“学段”') }],
    });

    const empty = tmpFile('empty.csv');
    fs.writeFileSync(empty, '');
    const r2 = await importSchools(database.db, SYSTEM_ACTOR, { path: empty, filename: 'empty.csv' });
    expect(r2.errors).toEqual([{ row: 0, column: null, message: '学校名单为空文件：empty.csv' }]);

    const emptyXlsx = await writeXlsx('empty.xlsx', []);
    const r3 = await importSchools(database.db, SYSTEM_ACTOR, { path: emptyXlsx, filename: 'empty.xlsx' });
    expect(r3.errors[0]!.message).toBe('学校名单中没有任何内容');

    const noHeader = writeCsv('no-header.csv', [
      ['甲', '乙'],
      ['1', '2'],
    ]);
    const r4 = await importSchools(database.db, SYSTEM_ACTOR, { path: noHeader, filename: 'no-header.csv' });
    expect(r4.errors[0]!.message).toMatch(/未找到表头/);

    const headerOnly = writeCsv('header-only.csv', [HEADER]);
    const r5 = await importSchools(database.db, SYSTEM_ACTOR, {
      path: headerOnly,
      filename: 'header-only.csv',
    });
    expect(r5.errors[0]!.message).toBe('学校名单只有表头，没有数据行');
  });

  it("refuses another county's rows for a county administrator, per row", async () => {
    const before = await countSchools();
    const file = writeCsv('scope.csv', [
      HEADER,
      ['2135990050', '明溪县城关测试学校', '明溪县', '雪峰镇', '小学', '公办'],
      ['2135990051', '清流县龙津测试学校', '清流县', '龙津镇', '小学', '公办'],
      ['2135990003', '抢占清流县代码', '明溪县', '雪峰镇', '小学', '公办'],
    ]);
    const report = await importSchools(database.db, MINGXI_ADMIN, { path: file, filename: 'scope.csv' });
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      { row: 3, column: '县(市、区)', message: expect.stringContaining('不在您的管辖范围内') },
      { row: 4, column: '学校标识码', message: '学校标识码 2135990003 已被您管辖范围之外的学校使用' },
    ]);
    expect(await countSchools()).toBe(before);

    const own = writeCsv('own.csv', [
      HEADER,
      ['2135990050', '明溪县城关测试学校', '明溪县', '雪峰镇', '小学', '公办'],
    ]);
    const ok = await importSchools(database.db, MINGXI_ADMIN, {
      buffer: fs.readFileSync(own),
      filename: 'own.csv',
    });
    expect(ok).toMatchObject({ ok: true, inserted: 1 });
    const entry = await database.db
      .selectFrom('audit_log')
      .select(['actor_name', 'scope_code'])
      .where('entity_id', '=', '2135990050')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor_name: 'mingxi-test', scope_code: '350421100' });
  });

  it('reports progress', async () => {
    const file = writeCsv('progress.csv', [
      HEADER,
      ['2135990060', '进度测试学校', '建宁县', '濉溪镇', '小学', '公办'],
    ]);
    const seen: string[] = [];
    await importSchools(database.db, SYSTEM_ACTOR, { path: file, filename: 'progress.csv' }, (_d, _t, msg) =>
      seen.push(msg),
    );
    expect(seen).toContain('写入数据库');
    expect(seen.at(-1)).toBe('完成');
  });
});
