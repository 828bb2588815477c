import { describe, expect, it } from 'vitest';
import { EXCEL_FILE_MIN_ROWS, excelDamageNotice } from './file-notices.ts';

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
