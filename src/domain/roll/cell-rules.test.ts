import { describe, expect, it } from 'vitest';
import { looksLikeFormula, schoolNameProblem } from '../schools/school-fields.ts';
import {
  BIDI_MESSAGE,
  cellProblem,
  checkCells,
  LINE_BREAK_MESSAGE,
  MARKUP_MESSAGE,
  MAX_CELL_CHARS,
} from './cell-rules.ts';
import { BLANK_ROLL_CELLS } from './fixtures.test-helpers.ts';
import { parseRollRow, type RollCells, type RowMessage } from './roll-row.ts';

const ID = '350421201006031233';
const pupil: RollCells = { ...BLANK_ROLL_CELLS, studentNo: `G${ID}`, name: '李娜', schoolCode: '2135000001' };

const errorsOf = (cells: Partial<RollCells>) => {
  const r = parseRollRow(9, { ...pupil, ...cells });
  return { record: r.record, errors: r.messages.filter((m) => m.severity === 'error') };
};

describe('the cells of a roll follow the registry’s rules (cell-rules.ts)', () => {
  it('refuses a runaway 班级 or 户籍所在地 as the registry does, naming row and column', () => {
    const long = errorsOf({ className: '班'.repeat(5000), hukou: '福'.repeat(5000) });
    expect(long.record).toBeNull();
    expect(long.errors).toEqual([
      { row: 9, column: '班级', message: '内容过长（5000 字，超过 200 字）', severity: 'error' },
      { row: 9, column: '户籍所在地', message: '内容过长（5000 字，超过 200 字）', severity: 'error' },
    ]);
    // The same words as the registry and list imports give (one function for all).
    const registry: RowMessage[] = [];
    checkCells(3, { village: '福'.repeat(5000) }, { village: '行政村' }, [], registry);
    expect(registry[0]!.message).toBe(long.errors[0]!.message);
    // At the limit it is data.
    expect(errorsOf({ className: '班'.repeat(MAX_CELL_CHARS) }).record?.className).toHaveLength(
      MAX_CELL_CHARS,
    );
  });

  it('refuses a line break inside a cell and a direction override, in every column', () => {
    const broken = errorsOf({ hukou: '福建\r\n=1+1' });
    expect(broken.record).toBeNull();
    expect(broken.errors).toEqual([
      { row: 9, column: '户籍所在地', message: LINE_BREAK_MESSAGE, severity: 'error' },
    ]);
    for (const v of ['福建\n明溪', '福建\r明溪', '福建\u2028明溪'])
      expect(errorsOf({ hukou: v }).record).toBeNull();
    const rlo = errorsOf({ className: '三年级\u202e班1' });
    expect(rlo.errors).toEqual([{ row: 9, column: '班级', message: BIDI_MESSAGE, severity: 'error' }]);
    expect(errorsOf({ name: '李\u202e娜' }).errors).toEqual([
      { row: 9, column: '姓名', message: BIDI_MESSAGE, severity: 'error' },
    ]);
    expect(errorsOf({ idNumber: `${ID.slice(0, 9)}\n${ID.slice(9)}` }).errors).toMatchObject([
      { column: '身份证件号', message: LINE_BREAK_MESSAGE },
    ]);
    // The registry refuses them too (it took line breaks before).
    const registry: RowMessage[] = [];
    checkCells(
      3,
      { village: '红旗\r\n村', head: '李\u2066强' },
      { village: '行政村', head: '户主姓名' },
      [],
      registry,
    );
    expect(registry.map((m) => [m.column, m.message])).toEqual([
      ['行政村', LINE_BREAK_MESSAGE],
      ['户主姓名', BIDI_MESSAGE],
    ]);
  });

  it('keeps what the edges of a cell hold and what exports add to keep a number as text', () => {
    const ok = errorsOf({ className: '三年级1班\r\n', hukou: '\t福建省明溪县 ', idNumber: `\t${ID}` });
    expect(ok.errors).toEqual([]);
    expect(ok.record).toMatchObject({ className: '三年级1班', hukou: '福建省明溪县', idNumber: ID });
    expect(cellProblem('-')).toBeNull();
  });

  it('refuses a formula behind a text-marking apostrophe, and web markup, in any column (tester t28b F3, F4)', () => {
    expect(cellProblem(`'=HYPERLINK("http://x","y")`)).toMatch(/^内容以 '= 开头，疑似公式/);
    expect(cellProblem("'+赵大", { formula: false })).toMatch(/^内容以 '\+ 开头/);
    expect(cellProblem("'-福建")).toMatch(/^内容以 '- 开头/);
    expect(cellProblem("'--")).toBeNull();
    expect(cellProblem("'350421200501011235", { formula: false })).toBeNull();
    expect(cellProblem("O'Brien")).toBeNull();
    for (const v of [
      '<img src=x onerror=alert(1)>',
      '<script>alert(2)</script>',
      '4(1)班<b>粗</b>',
      '福建省明溪县< IMG SRC=x>',
    ])
      expect(cellProblem(v), v).toBe(MARKUP_MESSAGE);
    for (const v of ['身高<150', '1<2>0', '三年级(1)班', '<<>>']) expect(cellProblem(v), v).toBeNull();
    // An ID column (its own check reads a leading sign) holds no '='/'@' formula and no tag either
    // (verifier t28d N2); a dash or a '+' is left to that check.
    expect(cellProblem('=HYPERLINK("http://x","y")', { formula: false, idColumn: true })).toMatch(
      /^内容以 = 开头/,
    );
    expect(cellProblem('＠SUM(1)', { formula: false, idColumn: true })).toMatch(/^内容以 ＠ 开头/);
    // (A name column's own check tells its formula.)
    expect(cellProblem('=李娜', { formula: false })).toBeNull();
    expect(cellProblem('<img src=x onerror=alert(1)>', { formula: false })).toBe(MARKUP_MESSAGE);
    for (const v of ['-', '+350421200501011235', '350421200501011235', '-1', '+1'])
      expect(cellProblem(v, { formula: false, idColumn: true }), v).toBeNull();
    // A sign with an operator, a letter or a bracket after it is a formula (verifier t28e).
    for (const v of ['-2+3', '+A1', '-SUM(1)'])
      expect(cellProblem(v, { formula: false, idColumn: true }), v).toMatch(/^内容以 [+-] 开头/);
  });

  it('refuses a formula once per cell, half- or full-width', () => {
    expect(errorsOf({ className: '＝1+1' }).errors).toEqual([
      {
        row: 9,
        column: '班级',
        message:
          '内容以 ＝ 开头，疑似公式，已拒绝（请去掉开头的符号；若是 Excel 公式，请复制该列后“选择性粘贴—数值”再导入）',
        severity: 'error',
      },
    ]);
    expect(errorsOf({ name: '=HYPERLINK("http://x")' }).errors).toHaveLength(1);
  });
});

describe('a school name: one rule for the import and the edit form', () => {
  it('refuses a leading ＝ as it refuses =, and control characters and runaway names', () => {
    for (const s of ['＝1', '=1', '＋86', '@x', ' －2']) {
      expect(looksLikeFormula(s)).toBe(true);
      expect(schoolNameProblem(s)).toContain('疑似公式');
    }
    expect(schoolNameProblem('明溪县\r\n实验小学')).toBe(`学校名称${LINE_BREAK_MESSAGE}`);
    expect(schoolNameProblem('明溪县\u202e实验小学')).toBe(`学校名称${BIDI_MESSAGE}`);
    expect(schoolNameProblem('校'.repeat(101))).toBe('学校名称过长（101 字，最多 100 字）');
    expect(schoolNameProblem('  ')).toBe('学校名称不能为空');
    expect(schoolNameProblem('明溪县实验小学（初中部）')).toBeNull();
  });
});
