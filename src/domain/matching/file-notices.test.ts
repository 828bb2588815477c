import { describe, expect, it } from 'vitest';
import {
  EXCEL_FILE_MIN_ROWS,
  excelDamageNotice,
  invalidIdNotice,
  registryIdDamageConsequence,
} from './file-notices.ts';

describe('excelDamageNotice', () => {
  it('blames the file when at least a tenth of its rows (and 20) lost ID digits to Excel', () => {
    expect(excelDamageNotice('学生名册', '身份证件号', 7700, 7937, '这些行只能依靠姓名比对')).toBe(
      '注意：学生名册中 7700 行（97%）的身份证件号被 Excel 转成了数字（科学计数法或末几位变为 0），原号码已残缺，这些行只能依靠姓名比对。该文件很可能在 Excel 中打开后另存过：请重新导出，或在 Excel 中先把该列设为“文本”格式再保存。',
    );
    expect(excelDamageNotice('学生名册', '身份证件号', 100, 1000, 'x')).not.toBeNull();
  });

  it('leaves scattered damage to the row list', () => {
    // The default synthetic damage: 3.6% of the rows.
    expect(excelDamageNotice('学生名册', '身份证件号', 36_332, 998_491, 'x')).toBeNull();
    expect(excelDamageNotice('学生名册', '身份证件号', 99, 1000, 'x')).toBeNull();
    expect(excelDamageNotice('学生名册', '身份证件号', EXCEL_FILE_MIN_ROWS - 1, 30, 'x')).toBeNull();
    expect(excelDamageNotice('学生名册', '身份证件号', 0, 0, 'x')).toBeNull();
  });
});

describe('invalidIdNotice', () => {
  it('blames the column when a tenth of the rows (and 20) hold numbers that are no IDs', () => {
    expect(invalidIdNotice('学生名册', '身份证件号', 10_000, 10_000, '已照常导入')).toBe(
      '注意：学生名册中 10000 行（100%）的身份证件号不是有效的身份证号（校验位不正确、位数不对、含有非法字符或其中的出生日期无效），已照常导入。录入错误很少这样多：请检查该列是否选对（不是学籍号、监护人或户主的证件号、其他证件的号码），或从原系统重新导出。',
    );
    expect(invalidIdNotice('建档立卡名单', '证件号码', 20, 200, 'x')).not.toBeNull();
  });

  it('leaves typing errors to the row list', () => {
    // Typing errors: one or two rows in a hundred.
    expect(invalidIdNotice('学生名册', '身份证件号', 2_000, 100_000, 'x')).toBeNull();
    expect(invalidIdNotice('学生名册', '身份证件号', 19, 19, 'x')).toBeNull();
    expect(invalidIdNotice('学生名册', '身份证件号', 0, 0, 'x')).toBeNull();
  });
});

describe('registryIdDamageConsequence', () => {
  it('says a …000 number keeps its birth date, and a scientific one loses it (tester v26a F7)', () => {
    expect(registryIdDamageConsequence(5000, 0, false)).toContain('仍保留出生日期');
    expect(registryIdDamageConsequence(5000, 0, false)).not.toContain('无从得知');
    expect(registryIdDamageConsequence(5000, 4000, false)).toContain('出生日期无从得知');
    expect(registryIdDamageConsequence(5000, 4000, true)).toContain('导入时这些人标记为证件号问题');
  });
});
