import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { importRegistry } from '../src/modules/registry/registry.import.ts';
import { importStudents } from '../src/modules/students/students.import.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import { SYSTEM_ACTOR } from '../src/server/scope.ts';
import { seedMiniRegions } from './helpers/app.ts';
import { createTestDb, testDbKind } from './helpers/db.ts';

/**
 * The roll import refuses, in Chinese with row and column, what the registry import refuses in any
 * cell (domain/roll/cell-rules.ts): a runaway cell, a line break inside a cell, a direction override.
 * Nothing of such a file is stored.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiaofu-roll-cells-'));
let database: Database;

const id = (ymd: string, seq: number): string => {
  const first17 = `350421${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const HEAD = '学籍号,姓名,身份证件号,学校标识码,学校名称,学段,年级,班级,户籍所在地';
const pupil = (seq: number, name: string, className: string, hukou: string) => {
  const pid = id('20120505', seq);
  return [`G${pid}`, name, pid, '2135000001', '明溪县实验小学', '小学', '三年级', className, hukou]
    .map(csvCell)
    .join(',');
};

beforeAll(async () => {
  database = await createTestDb();
  await seedMiniRegions(database);
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const students = async () => (await database.db.selectFrom('student').select('student_no').execute()).length;

describe(`roll cells follow the registry's rules (${testDbKind})`, () => {
  it('refuses a 5,000-character 班级 or 户籍所在地, a line break in a cell and U+202E, storing nothing', async () => {
    const file = path.join(dir, 'roll.csv');
    const lines = [
      HEAD,
      pupil(11, '李娜', '三年级1班', '福建省明溪县'),
      pupil(12, '王芳', '班'.repeat(5000), '福建省明溪县'),
      pupil(13, '张伟', '三年级1班', '福'.repeat(5000)),
      pupil(14, '陈静', '三年级1班', '福建\r\n=1+1'),
      pupil(15, '刘洋', '三年级\u202e班1', '福建省明溪县'),
    ];
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await importStudents(database.db, SYSTEM_ACTOR, { path: file, filename: 'roll.csv' });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [3, '班级', '内容过长（5000 字，超过 200 字）'],
      [4, '户籍所在地', '内容过长（5000 字，超过 200 字）'],
      [5, '户籍所在地', '含有换行符：一项内容只能填一行，请删除换行后重试'],
      [6, '班级', '含有不可见的文字方向控制字符（如 U+202E），会使显示的内容与实际不符，请删除后重试'],
    ]);
    expect(await students()).toBe(0);
  });

  it('imports a roll row hidden in Excel (a filter may have hidden pupils who left) with a warning naming it', async () => {
    const file = path.join(dir, 'hidden.xlsx');
    const wb = new (loadExcel().Workbook)();
    const ws = wb.addWorksheet('名册');
    ws.addRow(HEAD.split(','));
    ws.addRow(pupil(21, '李娜', '三年级1班', '福建省明溪县').split(','));
    ws.addRow(pupil(22, '王芳', '三年级1班', '福建省明溪县').split(','));
    ws.getRow(3).hidden = true;
    await wb.xlsx.writeFile(file);
    const r = await importStudents(database.db, SYSTEM_ACTOR, { path: file, filename: 'hidden.xlsx' });
    expect(r.ok).toBe(true);
    expect(r.warnings.filter((w) => w.column === '整行')).toEqual([
      {
        row: 3,
        column: '整行',
        message: '该行在 Excel 中是隐藏行（手动隐藏或被筛选隐藏），已照常读取：请确认这一行应当导入',
        severity: 'warning',
      },
    ]);
    expect(await students()).toBe(2);
  });

  it('the registry refuses a line break and a direction override in a cell too', async () => {
    const file = path.join(dir, 'registry.csv');
    fs.writeFileSync(
      file,
      `户编号,人编号,姓名,证件号码,县(市、区),乡(镇),行政村\nH1,P1,林一,,明溪县,雪峰镇,"红旗\r\n村"\nH1,P2,林二,,明溪县,雪峰镇,红旗\u202e村\n`,
    );
    const r = await importRegistry(database.db, SYSTEM_ACTOR, { path: file, filename: 'registry.csv' });
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => [e.row, e.column, e.message.slice(0, 8)])).toEqual([
      [2, '行政村', '含有换行符：一项'],
      [3, '行政村', '含有不可见的文字'],
    ]);
  });

  it('refuses web markup and a formula in an ID column, and markup in 户主姓名, each told once (verifier t28d N2, tester t28b F3)', async () => {
    const file = path.join(dir, 'registry-markup.csv');
    fs.writeFileSync(
      file,
      [
        '户编号,人编号,姓名,证件号码,户主姓名,县(市、区),乡(镇)',
        'H1,P1,林一,<img src=x onerror=alert(1)>,林一,明溪县,雪峰镇',
        'H1,P2,林二,"=HYPERLINK(""http://x"",""y"")",林一,明溪县,雪峰镇',
        'H1,P3,林三,,<b>林一</b>,明溪县,雪峰镇',
      ].join('\n'),
    );
    const r = await importRegistry(database.db, SYSTEM_ACTOR, {
      path: file,
      filename: 'registry-markup.csv',
    });
    expect(r.ok).toBe(false);
    expect([...r.errors, ...r.warnings].map((e) => [e.row, e.column, e.message.slice(0, 8)])).toEqual([
      [2, '证件号码', '含有网页标记（如'],
      [3, '证件号码', '内容以 = 开头'],
      [4, '户主姓名', '含有网页标记（如'],
      [4, '证件号码', '证件号码为空'],
    ]);
    const roll = path.join(dir, 'roll-markup.csv');
    fs.writeFileSync(
      roll,
      `${HEAD},监护人身份证件号\n${pupil(31, '李娜', '三年级1班', '福建省明溪县')},"=HYPERLINK(""http://x"",""y"")"\n`,
    );
    const before = await students();
    const s = await importStudents(database.db, SYSTEM_ACTOR, { path: roll, filename: 'roll-markup.csv' });
    expect(s.errors.map((e) => [e.row, e.column, e.message.slice(0, 8)])).toEqual([
      [2, '监护人身份证件号', '内容以 = 开头'],
    ]);
    expect(await students()).toBe(before);
  });
});
