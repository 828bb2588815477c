import { describe, expect, it } from 'vitest';
import { attachmentDisposition, safeFilename } from './download.ts';

describe('the name a download is saved under', () => {
  it('is a Windows file name that does not begin as a formula', () => {
    expect(safeFilename('=HYPERLINK("http://x","点我").xlsx')).toBe('HYPERLINK(http---x,点我).xlsx');
    expect(safeFilename('＝＋1+1.csv')).toBe('1+1.csv');
    expect(safeFilename(' @SUM(A1) .xlsx')).toBe('SUM(A1).xlsx');
    expect(safeFilename('-2.xlsx')).toBe('2.xlsx');
    expect(safeFilename('a<b>c?d*e|f\\g.xlsx')).toBe('abcde-f-g.xlsx');
    expect(safeFilename('第一行\r\n第二行\u202e.xlsx')).toBe('第一行第二行.xlsx');
    expect(safeFilename('CON.xlsx')).toBe('_CON.xlsx');
    expect(safeFilename('名单....xlsx')).toBe('名单.xlsx');
    expect(safeFilename('===.xlsx', '公示')).toBe('公示.xlsx');
    expect(safeFilename(`${'长'.repeat(300)}.xlsx`)).toBe(`${'长'.repeat(100)}.xlsx`);
    // What the app itself names stays as it is.
    for (const n of ['资助覆盖情况-2020年秋季学期.xlsx', '银行代发-明溪县实验小学-2020年秋季学期-12.csv'])
      expect(safeFilename(n)).toBe(n);
  });

  it('is sent with an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('=1+1 认定结果公示.xlsx')).toBe(
      `attachment; filename="1+1 ______.xlsx"; filename*=UTF-8''${encodeURIComponent('1+1 认定结果公示.xlsx')}`,
    );
  });
});
