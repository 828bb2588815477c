import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskStudentNo } from '../src/domain/identity/personal-mask.ts';
import { excelDamageNotice, invalidIdNotice } from '../src/domain/matching/file-notices.ts';
import { nationalNumberBackMessage, olderRollMessage } from '../src/domain/roll/roll-diff.ts';
import { RESULT_CHANGED, unlikeLinkMessage } from '../src/modules/comparison/review.service.ts';
import { type ImportReport, unwrittenReport } from '../src/modules/imports/import-report.ts';
import { massLeavingMessage } from '../src/modules/students/students.import.ts';
import { englishOf, THINGS } from '../web/src/serverMessages.ts';

/**
 * The English UI shows the server's most common messages in English (tester v17a A1–A4: a wrong
 * password, a short password, a record out of reach, a bad request field, a wrong file — all Chinese
 * on an English screen). Every message it does not know stays as the server wrote it.
 */
describe('server messages in the English UI', () => {
  it('puts the common ones into English, with their numbers and names', () => {
    expect(englishOf('用户名或密码错误')).toBe('Wrong username or password');
    expect(englishOf('密码至少 8 位')).toBe('The password must have at least 8 characters');
    expect(englishOf('用户名 mingxi 已存在')).toBe('The username mingxi is already taken');
    expect(englishOf('当前密码不正确')).toBe('The current password is wrong');
    expect(englishOf('人员档案不存在或不在您的管辖范围内')).toBe(
      'The person file does not exist or is outside your area',
    );
    expect(englishOf('编号: 应为数字')).toBe('Number: must be a number');
    expect(englishOf('代码: 格式无效')).toBe('Code: invalid format');
    expect(englishOf('文件名: 太长或太大（最多 1000）')).toBe(
      'File name: too long or too large (at most 1000)',
    );
    expect(
      englishOf('学生名册中未找到表头：前10行中没有可识别的列名（需要“学籍号”、“姓名”、“身份证件号”等列）'),
    ).toMatch(/^No header found in the student roll/);
    expect(englishOf('建档立卡名单不是有效的 xlsx 文件（文件已损坏或不是 Excel 文件）：garbage.xlsx')).toBe(
      'The 建档立卡 registry is no valid xlsx file (damaged, or not an Excel file): garbage.xlsx',
    );
  });

  it('explains the holds of a roll import in English (verifier v17c C4)', () => {
    expect(
      englishOf(
        '文件中有学生目前在您管辖范围以外的学校在读，原学校尚未将其记为离校：第 13 行（学籍号 G350421***********2）目前在清流县实验小学在读。导入会把这些学生转入本校，从原学校的名册中移出。如确已转入本校，请点下方的确认按钮转入后导入；如果文件是旧名册或这些学生并未转入，请删除这些行后重新导入',
      ),
    ).toMatch(
      /^Pupils in the file are still enrolled at a school outside your area.*\(row 13 \(学籍号 G350421\*{11}2\) is enrolled at 清流县实验小学\)/,
    );
    expect(
      englishOf(
        '本文件可能是旧名册：2021-02-20 导入的“本学期.xlsx”已把 1 名学生记为离校，本文件又把他们列为在读（…）',
      ),
    ).toBeNull();
    expect(
      englishOf(
        olderRollMessage(
          { batchId: 7, returning: ['D'], leaving: ['E', 'F'] },
          { filename: '本学期.xlsx', date: '2021-02-20' },
          (no) => (no === 'D' ? 5 : undefined),
          (no) => `G350421***********${no}`,
          (no) => ({ D: '张小明', E: '孙浩', F: '孙杰' })[no],
        ),
      ),
    ).toBe(
      'This may be an old roll: "本学期.xlsx", imported on 2021-02-20, marked 1 pupil as left whom this file lists as enrolled (row 5 (张小明 G350421***********D); they would return), and 2 pupils that import brought in are missing here (孙浩 G350421***********E, 孙杰 G350421***********F; they would be marked as left). If this is the school\'s newest roll, confirm below; otherwise export the newest roll and import it',
    );
    // The file's notices beside the question (tester v26d F5).
    expect(
      englishOf(invalidIdNotice('学生名册', '身份证件号', 20, 29, '导入后这些行将标记为证件号问题')!),
    ).toMatch(/^Note: 20 rows \(69%\) of the student roll have no valid ID number/);
    expect(englishOf(excelDamageNotice('建档立卡名单', '证件号码', 500, 600, 'x')!)).toMatch(
      /^Note: 500 rows \(83%\) of the 建档立卡 registry had their 证件号码 turned into numbers by Excel/,
    );
    const held: ImportReport = unwrittenReport<ImportReport>({
      ok: false,
      kind: 'students',
      filename: 'f.csv',
      rows: 2,
      batchId: null,
      counts: {},
      errors: [],
      warnings: [{ row: 2, column: '学校', message: 'x', severity: 'warning', effect: true }],
      confirm: 'left',
    });
    expect(held.notices![0]).toMatch(/确认后导入时将逐行说明$/);
    expect(englishOf(held.notices![0]!)).toMatch(
      /^Nothing was written: .* it is reported row by row once you confirm$/,
    );
    // A national 学籍号 given back for a temporary one (tester v26d F2).
    expect(
      englishOf(
        nationalNumberBackMessage(new Map([['L2020000901', 'G350421201301115018']]), () => 3, maskStudentNo),
      ),
    ).toMatch(
      /^This may be an old roll: 1 pupil\(s\) with a national 学籍号 .* \(row 3 L2020000901 \(stored as G350421\*{11}8\)\)\. A national/,
    );
    // The whole-roll hold keeps its schools and numbers (tester v26b F5).
    expect(
      englishOf(
        massLeavingMessage(
          [{ schoolCode: 'S1', inFile: 10000, enrolled: 6, leaving: 6 }],
          new Map([['S1', '明溪县测试一小']]),
        ),
      ),
    ).toMatch(
      /^A roll is imported as the school's whole roll: .* — 明溪县测试一小: 10000 in the file, 6 enrolled, 6 of them missing from the file\. If this is/,
    );
    // …and what it would add at other schools (tester v26d F9).
    const withAdded = massLeavingMessage(
      [{ schoolCode: 'S1', inFile: 1, enrolled: 5, leaving: 4 }],
      new Map([
        ['S1', '城关余坊村小学'],
        ['S2', '城关中心小学'],
      ]),
      new Map([
        ['S1', 1],
        ['S2', 28],
      ]),
    );
    expect(withAdded).toContain('。另有 28 名新学生将记入城关中心小学（28 名）。如果');
    expect(englishOf(withAdded)).toMatch(
      / Besides, 28 new pupils would be added at 城关中心小学 \(28\)\. If this is/,
    );
  });

  it('explains a link between unlike records (tester v26b F6)', () => {
    expect(
      englishOf(unlikeLinkMessage(['性别不同（男/女）', '出生日期不同（2010-01-01/2010-02-02）'], true)),
    ).toBe(
      'This person and the pupil differ in sex (男/女), birth date (2010-01-01/2010-02-02): most likely not the same child (a mistyped 人编号 or ID number?). A school cannot make this link: if they are the same child, ask the county bureau to check and link them',
    );
    expect(
      englishOf(unlikeLinkMessage(['性别不同（男/女）', '身份证号不同（两个号码均有效）'], false)),
    ).toMatch(/^This person and the pupil differ in sex \(男\/女\), ID number \(both valid\): /);
    expect(englishOf(unlikeLinkMessage(['姓名不同（何哲铭/邱小山）', '性别不同（男/女）'], false))).toMatch(
      /^This person and the pupil differ in name \(何哲铭\/邱小山\), sex \(男\/女\).*tick “Checked: they are the same child”/,
    );
  });

  it('explains a link or a review decision refused (tester v21b F1, F3, F12)', () => {
    expect(
      englishOf('建档立卡名单中没有人编号或证件号码为“P99”的人员：请输入完整的人编号或 18 位证件号码'),
    ).toBe(
      'No registry person has the 人编号 or ID number “P99”: enter the whole 人编号 or the 18-digit ID number',
    );
    expect(englishOf(RESULT_CHANGED)).toMatch(
      /^This pupil's comparison result changed after you opened the review/,
    );
    expect(
      englishOf(
        '该人员已与您管辖范围以外学校的一名学生确认匹配，不能在此关联：如确是本校学生，请联系县（市、区）教育局核实后处理',
      ),
    ).toMatch(/^This person is confirmed as a pupil of a school outside your area/);
  });

  it('reads a file that cannot be imported: a missing column, a broken workbook, an empty file (tester v22b F9)', () => {
    expect(
      englishOf(
        '学生名册缺少必需的列：“身份证件号”（可用列名：身份证件号/身份证号/身份证号码）。该文件像是建档立卡名单：请检查是否选错了文件',
      ),
    ).toBe(
      'The student roll lacks a required column: “身份证件号” (accepted names: 身份证件号/身份证号/身份证号码)',
    );
    expect(englishOf('学生名册无法读取：xlsx 文件已损坏或不完整（读到第12行时中断，请重新导出后再试）')).toBe(
      'The student roll cannot be read: the xlsx file is damaged or incomplete (it broke off at row 12; export it again and retry)',
    );
    expect(englishOf('文件“名册.xlsx”是空的（0 字节），请检查后重新选择')).toBe(
      'The file “名册.xlsx” is empty (0 bytes): check it and choose it again',
    );
  });

  it('leaves every other message as the server wrote it', () => {
    for (const m of [
      '第 3 行 身份证件号：校验位错误',
      '某某不存在或不在您的管辖范围内',
      '未知字段: 应为数字',
      '用户名或密码错误！',
      '',
    ])
      expect(englishOf(m)).toBeNull();
  });

  it('knows every record the server can say is out of reach (each notFound of src/)', () => {
    const named = new Set<string>();
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts'))
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/notFound\('([^']+)'\)/g)) named.add(m[1]!);
      }
    };
    walk(path.join(import.meta.dirname, '..', 'src'));
    expect(named.size).toBeGreaterThan(20);
    for (const what of named) expect(THINGS, what).toHaveProperty(what);
  });
});
