import { describe, expect, it } from 'vitest';
import { checkCells, checkKey, checkName, checkRegistryValues, MAX_CELL_CHARS } from './registry-row.ts';
import type { RowMessage } from './roll-row.ts';

const HEADERS = { name: '姓名', idNumber: '证件号码', headName: '户主姓名', village: '行政村' };

describe('registry and list rows', () => {
  it('refuse a name that is too long or holds symbols no name has', () => {
    const out: RowMessage[] = [];
    expect(checkName(5, '姓名', '<script>alert(1)</script>', out)).toBeNull();
    expect(checkName(6, '姓名', '李'.repeat(100_000), out)).toBeNull();
    expect(checkName(7, '姓名', '迪丽努尔·艾合买提', out)).toBe('迪丽努尔·艾合买提');
    expect(out.map((m) => [m.row, m.column, m.severity])).toEqual([
      [5, '姓名', 'error'],
      [6, '姓名', 'error'],
    ]);
    expect(out[0]!.message).toContain('含有不应出现在姓名中的字符');
    expect(out[1]!.message).toBe('姓名过长（100000 字）');
  });
  it('take a name with a note in brackets as the name, with a warning (tester v21a F5)', () => {
    const out: RowMessage[] = [];
    expect(checkName(9, '姓名', '林秀英(户主)', out)).toBe('林秀英');
    expect(out).toEqual([
      {
        row: 9,
        column: '姓名',
        severity: 'warning',
        message: '姓名“林秀英(户主)”后附有括注，已略去括注，按“林秀英”导入',
      },
    ]);
  });

  it('refuse in any column a control character, a runaway cell and a formula', () => {
    const out: RowMessage[] = [];
    const row = (c: Partial<typeof HEADERS>) => ({
      name: '李娜',
      idNumber: '',
      headName: '李建国',
      village: '红旗村',
      ...c,
    });
    checkCells(3, row({ village: '红旗\u0000村' }), HEADERS, ['name', 'idNumber'], out);
    checkCells(4, row({ headName: '=HYPERLINK("http://evil","x")' }), HEADERS, ['name', 'idNumber'], out);
    checkCells(5, row({ village: 'x'.repeat(MAX_CELL_CHARS + 1) }), HEADERS, ['name', 'idNumber'], out);
    checkCells(7, row({ headName: '＝1+1' }), HEADERS, ['name', 'idNumber'], out);
    // A dash as an empty placeholder is not a formula; the name's formula is checkName's to report.
    checkCells(6, row({ village: '-', name: '=李娜' }), HEADERS, ['name', 'idNumber'], out);
    expect(out.map((m) => [m.row, m.column])).toEqual([
      [3, '行政村'],
      [4, '户主姓名'],
      [5, '行政村'],
      [7, '户主姓名'],
    ]);
    expect(out.map((m) => m.message)).toEqual([
      '含有不可见的控制字符（如 NUL），请删除后重试',
      '内容以 = 开头，疑似公式，已拒绝（请去掉开头的符号；若是 Excel 公式，请复制该列后“选择性粘贴—数值”再导入）',
      `内容过长（${MAX_CELL_CHARS + 1} 字，超过 ${MAX_CELL_CHARS} 字）`,
      '内容以 ＝ 开头，疑似公式，已拒绝（请去掉开头的符号；若是 Excel 公式，请复制该列后“选择性粘贴—数值”再导入）',
    ]);
  });

  it('refuse a 户编号 or 人编号 that Excel turned into a number in scientific form', () => {
    const out: RowMessage[] = [];
    expect(checkKey(8, '人编号', '3.50424E+18', out)).toBeNull();
    expect(checkKey(9, '户编号', '3504242042040001', out)).toBe('3504242042040001');
    expect(checkKey(10, '户编号', 'H1', out)).toBe('H1');
    expect(out).toEqual([
      {
        row: 8,
        column: '人编号',
        message:
          '人编号“3.50424E+18”被 Excel 转成了科学计数法，原编号已丢失：请在导出的文件中把该列设为文本后重新导出',
        severity: 'error',
      },
    ]);
  });
});

describe('checkRegistryValues (tester v20b F2)', () => {
  const check = (exitStatus: string, povertyAttribute = '', sex = '', idSex: 'M' | 'F' | null = null) => {
    const out: RowMessage[] = [];
    checkRegistryValues(5, { exitStatus, povertyAttribute, sex }, idSex, out);
    return out;
  };
  it('takes the 建档立卡 system’s values, brackets full- or half-width, and empty cells', () => {
    for (const v of [
      '未脱贫',
      '已脱贫(享受政策)',
      '已脱贫（享受政策）',
      '已脱贫（不享受政策）',
      ' 已脱贫 (不享受政策) ',
      '',
    ])
      expect(check(v), v).toEqual([]);
    for (const v of ['一般贫困户', '低保贫困户', '特困供养贫困户', '']) expect(check('', v), v).toEqual([]);
    expect(check('', '', '男', 'M')).toEqual([]);
  });
  it('refuses a 脱贫状态 the aid rules would not know, naming the row, the column and the values', () => {
    expect(check('随便填')).toEqual([
      {
        row: 5,
        column: '脱贫状态',
        message:
          '脱贫状态“随便填”不是建档立卡系统的取值（未脱贫、已脱贫(享受政策)、已脱贫(不享受政策)）：它决定学生能否享受建档立卡资助，请改正后重新导入',
        severity: 'error',
      },
    ]);
    expect(check('已脱贫')[0]!.message).toMatch(/^脱贫状态“已脱贫”没有注明是否享受政策/);
  });
  it('warns of an unknown 贫困户属性 and of a 性别 that is not 男/女 or not the ID’s', () => {
    expect(check('', '火星贫困户').map((m) => [m.column, m.severity])).toEqual([['贫困户属性', 'warning']]);
    expect(check('', '', '未知', 'F')[0]!.message).toBe('性别“未知”不是“男”或“女”：按证件号码中的性别导入');
    expect(check('', '', '男', 'F')[0]!.message).toBe(
      '性别“男”与证件号码中的性别（女）不一致：按证件号码导入，请核对',
    );
  });
});
