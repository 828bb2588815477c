import { describe, expect, it } from 'vitest';
import { LIST_FIELDS, ROLL_FIELDS } from '../imports/fields.ts';
import {
  detectHeader,
  FOOTER_REASON,
  normaliseHeader,
  REGISTRY_FIELDS,
  REPEATED_HEADER_REASON,
  RowSkipper,
  rowShape,
  STUDENT_FIELDS,
  titleReason,
} from './headers.ts';

const split = (line: string): string[] => line.split(',');

describe('detectHeader', () => {
  it('reads the 学籍系统 export, which carries 学籍辅号 beside 全国学籍号 and 家庭地址 beside 户口所在地', () => {
    const header =
      '学校标识码,学校名称,姓名,性别,出生日期,身份证件类型,身份证件号,户口所在地,家庭地址,是否住校,成员1姓名,成员1关系,成员1身份证件号,全国学籍号,学籍辅号,年级,班级,班号';
    const h = detectHeader([split(header)], ROLL_FIELDS, '学生名册');
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    const at = (name: string) => header.split(',').indexOf(name);
    expect(h.columns).toMatchObject({
      studentNo: at('全国学籍号'),
      hukou: at('户口所在地'),
      guardianName: at('成员1姓名'),
      guardianIdNumber: at('成员1身份证件号'),
      boarding: at('是否住校'),
      className: at('班级'),
      idType: at('身份证件类型'),
    });
  });

  it('takes a fallback column when the preferred one is missing', () => {
    const h = detectHeader([split('学籍辅号,姓名,身份证件号,家庭住址')], STUDENT_FIELDS, '学生名册');
    expect(h.ok && h.columns).toMatchObject({ studentNo: 0, hukou: 3 });
  });

  it('reads a list whose 备注 stands beside 致困原因, and refuses two spellings of one column', () => {
    const list = detectHeader(
      [split('姓名,身份证号,县(市、区),乡(镇),致困原因,备注')],
      LIST_FIELDS,
      '救助名单',
    );
    expect(list.ok && list.columns.detail).toBe(5);
    const twice = detectHeader([split('姓名,身份证号,身份证件号')], STUDENT_FIELDS, '学生名册');
    expect(twice).toEqual({
      ok: false,
      message:
        '学生名册第1行的表头中有两列都是“身份证件号”：B列“身份证号”和C列“身份证件号”。请删除或改名其中一列后重试',
    });
  });

  it('reads column names with a template’s note in brackets, and keeps the brackets of 县(市、区)', () => {
    const h = detectHeader(
      [
        split(
          '学籍号[必填],姓名（必填）,性别【必填】,出生日期(格式：YYYY-MM-DD),身份证件号(18位),监护人姓名(选填)',
        ),
      ],
      STUDENT_FIELDS,
      '学生名册',
    );
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect([
      h.columns.studentNo,
      h.columns.name,
      h.columns.sex,
      h.columns.birthDate,
      h.columns.idNumber,
    ]).toEqual([0, 1, 2, 3, 4]);
    expect(h.columns.guardianName).toBe(5);
    const list = detectHeader([split('姓名,身份证号(18位),县(市、区),乡(镇)')], LIST_FIELDS, '救助名单');
    expect(list.ok).toBe(true);
  });

  it('reads a column name followed by its choices in brackets (办学类型（公办/民办）, as the README names it)', () => {
    expect(normaliseHeader('办学类型（公办/民办）')).toBe('办学类型');
    expect(normaliseHeader('学校类型(普通学校/村小/教学点)')).toBe('学校类型');
    expect(normaliseHeader('是否寄宿【是／否】')).toBe('是否寄宿');
    // Brackets that are part of the name stay.
    expect(normaliseHeader('县(市、区)')).toBe('县(市、区)');
    expect(normaliseHeader('村(居)')).toBe('村(居)');
    expect(normaliseHeader('公办/民办')).toBe('公办/民办');
  });

  it('reads a header cell with a zero-width character in it, which shows as the name alone (tester t28a F3)', () => {
    expect(normaliseHeader('\u200b姓名')).toBe('姓名');
    expect(normaliseHeader('身份\u200d证件号\ufeff')).toBe('身份证件号');
    // Direction marks, soft hyphens, and a GBK save's '?' for one of them (verifier t28c N4).
    for (const h of [
      '\u200e姓名',
      '姓\u00ad名',
      '姓名\u180e',
      '姓名?',
      '？姓名',
      '\u061c姓名',
      '姓\u034f名',
      '姓名\ufffd',
    ])
      expect(normaliseHeader(h), h).toBe('姓名');
    const h = detectHeader([split('学籍号,\u200b姓名,身份证件号\u2060')], STUDENT_FIELDS, '学生名册');
    expect(h.ok).toBe(true);
  });

  it('lists the fallbacks among the accepted names of a missing column', () => {
    const h = detectHeader([split('全国学籍号,姓名')], ROLL_FIELDS, '学生名册');
    expect(h.ok).toBe(false);
    if (h.ok) return;
    expect(h.message).toContain('“身份证件号”（可用列名：身份证件号/');
  });

  it('says what a wrongly chosen file looks like: the roll given as the registry, a registry as a list', () => {
    const roll = detectHeader(
      [split('学籍号,姓名,性别,出生日期,身份证件号,学校名称,年级,班级')],
      REGISTRY_FIELDS,
      '建档立卡名单',
    );
    expect(roll.ok).toBe(false);
    if (roll.ok) return;
    expect(roll.message).toMatch(
      /^建档立卡名单缺少必需的列：“人编号”.*。这个文件有“学籍号”、“年级”列，像是学生名册：请检查是否选错了文件$/,
    );

    // A 低保 list given as the registry (tester v24b F8).
    const dibao = detectHeader(
      [split('姓名,身份证号,县(市、区),乡(镇),救助类别,保障金额')],
      REGISTRY_FIELDS,
      '建档立卡名单',
    );
    expect(dibao.ok).toBe(false);
    if (dibao.ok) return;
    expect(dibao.message).toMatch(
      /^建档立卡名单缺少必需的列：“人编号”.*。这个文件有“救助类别”、“保障金额”列，像是救助名单：请检查是否选错了文件$/,
    );

    const registry = detectHeader(
      [['三明市建档立卡贫困人口信息'], split('户编号,人编号,姓名,证件号码,与户主关系,县(市、区),乡(镇)')],
      LIST_FIELDS,
      '救助名单',
    );
    expect(registry.ok).toBe(false);
    if (registry.ok) return;
    // (It has every column a list needs: read as one, it would import the registry as 低保.)
    expect(registry.message).toBe(
      '作为救助名单的文件有“人编号”、“与户主关系”列，像是建档立卡名单：请检查是否选错了文件',
    );
    const asRoll = detectHeader(
      [split('户编号,人编号,姓名,证件号码,性别,与户主关系,脱贫状态')],
      STUDENT_FIELDS,
      '学生名册',
    );
    expect(asRoll.ok).toBe(false);
    if (asRoll.ok) return;
    expect(asRoll.message).toMatch(/^作为学生名册的文件有“人编号”.*像是建档立卡名单/);
    // A roll that carries a 人编号 beside its 学籍号 is a roll.
    expect(
      detectHeader([split('学籍号,姓名,身份证件号,人编号,与户主关系')], STUDENT_FIELDS, '学生名册').ok,
    ).toBe(true);

    // No hint on a file of the right kind that lacks a column, nor from a column other kinds share.
    const own = detectHeader([split('学籍号,姓名,户编号')], ROLL_FIELDS, '学生名册');
    expect(own.ok || own.message.includes('像是')).toBe(false);
    const list = detectHeader([split('户编号,姓名,县(市、区)')], LIST_FIELDS, '救助名单');
    expect(list.ok || list.message.includes('像是')).toBe(false);
  });

  it('counts a trailing comma on every data row into the width, but not on some rows only', () => {
    const head = '户编号,人编号,姓名,证件号码';
    const all = detectHeader(
      [split(head), split('H1,P1,李娜,1,'), split('H1,P2,李强,2,')],
      REGISTRY_FIELDS,
      'r',
    );
    expect(all.ok && all.width).toBe(5);
    const some = detectHeader(
      [split(head), split('H1,P1,李娜,1,'), split('H1,P2,李强,2')],
      REGISTRY_FIELDS,
      'r',
    );
    expect(some.ok && some.width).toBe(4);
  });
});

describe('rowShape', () => {
  const cols = { householdNo: 0, personNo: 1, name: 2, idNumber: 3, sex: -1 } as const;
  const fields = REGISTRY_FIELDS.filter((f) => f.key in cols);
  const columns = cols as unknown as Parameters<typeof rowShape>[2];

  it('accepts a row as wide as the header', () => {
    expect(rowShape(split('H1,P1,李娜,1'), 4, columns, fields)).toBeNull();
  });

  it('calls a wider row shifted, quoting the first stray cell', () => {
    expect(rowShape(split('H1,P1,李,娜,1'), 4, columns, fields)).toEqual({
      severity: 'error',
      reason:
        '该行有5个单元格，比表头的4列多，E列在表头之外却有内容“1”：多半是某个单元格中有未加引号的英文逗号，其后各列已错位。请改正该行后重新导出',
    });
    expect(rowShape(split('H1,P1,李娜,1,'), 4, columns, fields)?.reason).toMatch(/行尾多了逗号/);
  });

  it('names an unclosed quote that took in the lines below, whether the row came out wider or shorter', () => {
    // Row 10's address opened with a quote: the next lines, commas and all, became that cell.
    const wide = ['H1', 'P1', '李娜\nH1,P2,李强,2\nH1,P3,李明,3', '1', '2'];
    const short = ['H1', '李娜\nH1,P2,李强,2'];
    for (const cells of [wide, short])
      expect(rowShape(cells, 4, columns, fields)).toEqual({
        severity: 'error',
        reason: `${cells === wide ? 'C' : 'B'}列的内容以英文双引号开头，引号没有闭合（或多了一个引号）：其后${
          cells === wide ? 2 : 1
        }行都被并入了这一行，这些行没有被读取。请改正该单元格的引号后重新导出`,
      });
    // Up to the end of the file: its last line break is no line more.
    expect(rowShape(['H1', '李娜\nH1,P2,李强,2\nH1,P3,李明,3\n'], 4, columns, fields)?.reason).toContain(
      '其后2行都被并入了这一行',
    );
    // A cell with a line break inside proper quotes, in a row as wide as the header, is no problem.
    expect(rowShape(['H1', 'P1', '李娜\n', '1'], 4, columns, fields)).toBeNull();
  });

  it('names an unclosed quote on the last line, which took in the rest of its line only (tester t28a F8)', () => {
    const told = {
      severity: 'error',
      reason:
        'C列的内容以英文双引号开头，引号没有闭合（或多了一个引号）：该行其后的1列都被并入了这一单元格（“李娜,1”），各列的值已错位。请改正该单元格的引号后重新导出',
    };
    expect(rowShape(['H1', 'P1', '李娜,1'], 4, columns, fields)).toEqual(told);
    // With the file's last line break (as Excel writes one), not "0 lines taken in" (verifier t28c N3).
    expect(rowShape(['H1', 'P1', '李娜,1\r\n'], 4, columns, fields)).toEqual(told);
  });

  it('warns of a short row only when it lacks a column that is read', () => {
    expect(rowShape(split('H1,P1'), 4, columns, fields)).toEqual({
      severity: 'warning',
      reason:
        '该行只有2个单元格，表头有4列：缺少“姓名”、“证件号码”，已按空白处理（该行可能被截断或少了逗号）',
    });
    expect(rowShape(split('H1,P1,李娜,1'), 6, columns, fields)).toBeNull();
  });
});

describe('RowSkipper', () => {
  const top = [
    split('清流县2020年秋季学期学生名册,,,,'),
    split(''),
    split('学籍号,姓名,性别,出生日期,身份证件号'),
  ];
  const skipper = new RowSkipper(top);
  const isFooterRow = (cells: string[]): boolean => skipper.reason(cells) === FOOTER_REASON;

  it('knows the sum, signature and date rows of a government form', () => {
    for (const line of [
      '合计：共523人,,,,',
      ',,合 计,523,',
      '小计,12,,,',
      '填表人：张三,,审核人：李四,,填报日期：2020年9月1日',
      '单位负责人（签字）：,,,,',
      '联系电话：0598-1234567,,,,',
      '制表日期：2020-09-01,,,,',
    ])
      expect(isFooterRow(split(line)), line).toBe(true);
  });

  it('never takes a person’s row, nor a row with an ID or 学籍号, for one', () => {
    for (const line of [
      'G350402201707228099,潘豪晨,男,2017-07-22,350402201707228099',
      '合计,350402201707228099,,,',
      ',,,,',
      '张合计,男,,,',
      '备注：已转学,,,,',
    ])
      expect(isFooterRow(split(line)), line).toBe(false);
  });

  it('skips the header and the title above it where a roll put together from several sheets repeats them', () => {
    expect(skipper.reason(split('学籍号,姓名,性别,出生日期,身份证件号'))).toBe(REPEATED_HEADER_REASON);
    expect(skipper.reason(split(' 学籍号 ,姓名,性别, 出生日期,身份证件号,,'))).toBe(REPEATED_HEADER_REASON);
    expect(skipper.reason(split(',清流县2020年秋季学期学生名册,,,'))).toBe(REPEATED_HEADER_REASON);
  });

  it('skips a lone cell that names a table or a section of it', () => {
    for (const line of [
      '嵩溪镇中心小学学生花名册,,,,',
      '一年级（1）班,,,,',
      ',,清流县实验小学,,',
      '初一年级 ,,,,',
    ])
      expect(skipper.reason(split(line)), line).toBe(
        titleReason(
          split(line)
            .find((c) => c !== '')!
            .trim(),
        ),
      );
  });

  it('reads every row that may be a person’s, or is part of no header', () => {
    for (const line of [
      'G350402201707228099,潘豪晨,男,2017-07-22,350402201707228099',
      ',潘豪晨,,,',
      ',李小班,,,',
      '学籍号,姓名,性别,出生日期',
      '学籍号,姓名,性别,出生日期,身份证件号,备注',
      '清流县实验小学,李娜,女,,',
      '一年级（1）班,350402201707228099,,,',
      ',,,,',
    ])
      expect(skipper.reason(split(line)), line).toBeNull();
  });
});

describe('a two-row header (a heading merged over a group of columns)', () => {
  it('names each column of the group by the heading and its own name', () => {
    const rows = [
      split('学籍号,姓名,性别,出生日期,身份证件号,户籍所在地,监护人信息,'),
      split(',,,,,,姓名,身份证件号'),
      split(`G350402201707228099,潘豪晨,男,2017-07-22,350402201707228099,梅列区,潘德,350402198409271756`),
    ];
    const h = detectHeader(rows, STUDENT_FIELDS, '学生名册');
    expect(h.ok && h).toMatchObject({
      headerRow: 1,
      width: 8,
      columns: { studentNo: 0, name: 1, idNumber: 4, guardianName: 6, guardianIdNumber: 7 },
    });
  });

  it('keeps a column’s own full name under a heading, and a one-row header as it is', () => {
    const full = detectHeader(
      [split('姓名,身份证件号,监护人信息,'), split(',,监护人姓名,监护人身份证号')],
      STUDENT_FIELDS,
      '学生名册',
    );
    expect(full.ok && full.columns).toMatchObject({
      name: 0,
      idNumber: 1,
      guardianName: 2,
      guardianIdNumber: 3,
    });
    // A first data row without long numbers is no second header row.
    const one = detectHeader(
      [split('学籍号,姓名,性别,身份证件号,监护人姓名'), split(',张三,男,,李四')],
      STUDENT_FIELDS,
      '学生名册',
    );
    expect(one.ok && one).toMatchObject({ headerRow: 0, columns: { name: 1, guardianName: 4 } });
  });
});
