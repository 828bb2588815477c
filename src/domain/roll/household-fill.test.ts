import { describe, expect, it } from 'vitest';
import { ColumnFill, HouseholdFill } from './household-fill.ts';

const head = {
  householdNo: '3504281062090001',
  headName: '张静',
  headIdNumber: '35042819790816628X',
  relation: '户主',
  county: '将乐县',
  township: '光明镇',
  village: '禊俚村',
};
const member = (o: Record<string, string> = {}) => ({
  householdNo: '',
  headName: '',
  headIdNumber: '',
  relation: '之子',
  county: '',
  township: '',
  village: '',
  ...o,
});

describe('HouseholdFill', () => {
  it('fills the merged household cells of the members from the head’s row', () => {
    const f = new HouseholdFill();
    const rows = [{ ...head }, member(), member({ relation: '配偶' })];
    expect(rows.map((r, i) => f.next(i + 2, r))).toEqual([false, true, true]);
    expect(rows[2]).toEqual({ ...head, relation: '配偶' });
    expect(f.filledRows).toBe(2);
    expect(f.notice('建档立卡名单')).toContain('2 行（第3、4行）的户编号、户主或所在地等户级信息为空');
  });

  it('never fills a 户主 row, nor a row whose own 户编号 or head differs', () => {
    const f = new HouseholdFill();
    f.next(2, { ...head });
    const newHead = member({ relation: '户主', headName: '李超' });
    expect(f.next(3, newHead)).toBe(false);
    expect(newHead.county).toBe('');
    const g = new HouseholdFill();
    g.next(2, { ...head });
    const other = member({ householdNo: '3504261002020001' });
    expect(g.next(3, other)).toBe(false);
    const h = new HouseholdFill();
    h.next(2, { ...head });
    const otherHead = member({ headName: '李超' });
    expect(h.next(3, otherHead)).toBe(false);
    expect(h.notice('建档立卡名单')).toBeNull();
  });

  it('fills only the empty cells, from the row above as filled, down a whole household', () => {
    const f = new HouseholdFill();
    f.next(2, { ...head });
    const a = member({ village: '红旗村' });
    f.next(3, a);
    expect(a).toMatchObject({ householdNo: head.householdNo, village: '红旗村', county: '将乐县' });
    const b = member();
    f.next(4, b);
    // The row above, as filled, is what the next one continues.
    expect(b.village).toBe('红旗村');
  });

  it('joins rows without a 户编号 column by the head’s ID or name, and fills columns the file has only', () => {
    const f = new HouseholdFill();
    const h = { headName: '张静', relation: '户主', county: '将乐县' };
    f.next(2, h);
    const m: Record<string, string> = { headName: '', relation: '之女', county: '' };
    expect(f.next(3, m)).toBe(true);
    expect(m).toEqual({ headName: '张静', relation: '之女', county: '将乐县' });
    expect('householdNo' in m).toBe(false);
  });

  it('fills nothing after a row without any household identity', () => {
    const f = new HouseholdFill();
    f.next(2, member({ relation: '户主' }));
    expect(f.next(3, member())).toBe(false);
  });
});

describe('ColumnFill', () => {
  it('fills empty place and kind cells from the row above, as filled, and keeps what a row has', () => {
    const f = new ColumnFill(['county', 'township', 'kind'] as const, ['县(市、区)', '乡(镇)', '名单类别']);
    const rows: Array<Record<string, string>> = [
      { name: '甲', county: '宁化县', township: '石壁镇', kind: '低保' },
      { name: '乙', county: '', township: '', kind: '' },
      { name: '丙', county: '', township: '城关镇', kind: '' },
      { name: '丁', county: '', township: '', kind: '特困供养' },
    ];
    expect(rows.map((r, i) => f.next(i + 2, r))).toEqual([false, true, true, true]);
    expect(rows.map((r) => `${r.county}${r.township}${r.kind}`)).toEqual([
      '宁化县石壁镇低保',
      '宁化县石壁镇低保',
      '宁化县城关镇低保',
      '宁化县城关镇特困供养',
    ]);
    expect(f.notice('救助名单')).toBe(
      '注意：救助名单中 3 行（第3、4、5行）的县(市、区)、乡(镇)、名单类别为空，多为导出时合并了单元格，已按上一行补齐。如有不对，请补全后重新导入。',
    );
  });

  it('leaves a first empty row and absent columns alone', () => {
    const f = new ColumnFill(['county', 'kind'] as const, ['县(市、区)', '名单类别']);
    const first: Record<string, string> = { county: '' };
    expect(f.next(2, first)).toBe(false);
    f.next(3, { county: '宁化县' });
    const noKind: Record<string, string> = { county: '' };
    f.next(4, noKind);
    expect(noKind).toEqual({ county: '宁化县' });
    expect(f.notice('救助名单')).toContain('1 行（第4行）');
  });

  it('names in its notice only the columns it filled', () => {
    const f = new ColumnFill(['grade', 'className'] as const, ['年级', '班级']);
    f.next(2, { grade: '一年级', className: '1班' });
    f.next(3, { grade: '', className: '2班' });
    expect(f.notice('学生名册')).toBe(
      '注意：学生名册中 1 行（第3行）的年级为空，多为导出时合并了单元格，已按上一行补齐。如有不对，请补全后重新导入。',
    );
  });
});
