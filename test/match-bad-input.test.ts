import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCOMPLETE_MESSAGE, unenrolledNotes } from '../src/cli/commands/match.ts';
import { idCheckChar } from '../src/domain/identity/checksum.ts';
import { REPEATED_HEADER_REASON, titleReason } from '../src/modules/matching/headers.ts';
import { defaultIssuesPath, runFileMatch } from '../src/modules/matching/run-file-match.ts';
import { cellText, MatchInputError } from '../src/modules/matching/table-reader.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';

let dir: string;
const f = (name: string): string => path.join(dir, name);
const id = (ymd: string, seq: number): string => {
  const first17 = `350424${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17)!;
};
const REG_HEAD = '户编号,人编号,姓名,证件号码,性别,与户主关系,户主姓名,户主证件号码,县(市、区),乡(镇),行政村';
const ROLL_HEAD = '学籍号,姓名,性别,出生日期,身份证件号,户籍所在地,监护人姓名,监护人身份证件号';
/** A different plain Han name for each i < 120. */
const hanName = (i: number): string =>
  `王${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${'子丑寅卯辰巳午未申酉戌亥'[Math.floor(i / 10) % 12]}`;
const DAD = id('19800101', 11);
/** A household of the registry: 李建国 (户主) and his daughter 李娜, born 2012-03-03. */
const FAMILY = [
  `H1,H1001,李建国,${DAD},男,户主,李建国,${DAD},宁化县,石壁镇,红旗村`,
  `H1,H1002,李娜,${id('20120303', 42)},女,之女,李建国,${DAD},宁化县,石壁镇,红旗村`,
];
const csv = (lines: string[]): string => `\uFEFF${lines.join('\r\n')}\r\n`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jiaofu-bad-'));
  writeFileSync(f('registry.csv'), csv([REG_HEAD, ...FAMILY]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (students: string, out = f('out.csv')) =>
  runFileMatch({ students, registry: f('registry.csv'), out, asOf: '2020-09-01', threads: 1 });

describe('numeric ID cells of an xlsx', () => {
  it('are read as the digits Excel kept, or in scientific form when fewer survived', () => {
    // 350424200310165986 typed into a General cell: Excel keeps 15 digits; the double holding
    // them is 350424200310164992, which must not come back as a (mistyped) ID.
    expect(cellText(350424200310165000)).toBe('350424200310165000');
    expect(cellText(350426200707190000)).toBe('350426200707190000');
    // A CSV round trip through 3.50424E+17 leaves six digits.
    expect(cellText(Number('3.50424E+17'))).toBe('3.50424E+17');
    expect(cellText(350424200310)).toBe('350424200310');
    expect(cellText(2135060005)).toBe('2135060005');
    expect(cellText(12.5)).toBe('12.5');
  });

  it('keep the first 15 digits, not a rounding of them, of an ID a program wrote at full precision', () => {
    // 350481201406161789 as a double is 350481201406161792: 15 digits rounded would be …162000,
    // which no longer begins the ID (and the 学籍号's G + ID could not give it back).
    expect(cellText(Number('350481201406161789'))).toBe('350481201406161000');
    expect(cellText(Number('350424201001019999'))).toBe('350424201001019000');
    // Excel's own 15-digit values are unchanged (above), whatever their double looks like.
    expect(cellText(350424200310165000)).toBe('350424200310165000');
  });
});

describe('IDs written as Excel text formulas (="350…"), as exports keep them from becoming numbers', () => {
  it('read as the text inside, in xlsx formula cells and in CSV, quoted or not', async () => {
    const lina = id('20120303', 42);
    expect(cellText({ formula: `"${lina}"`, result: lina })).toBe(lina);
    // Anything more than a string constant stays a formula, for the row checks.
    expect(cellText({ formula: 'HYPERLINK("http://x","李娜")' })).toBe('=HYPERLINK("http://x","李娜")');
    // A formula saved with its value (a name built with =A2&B2, a shared formula, a VLOOKUP) is the
    // value the user sees; an error value (#N/A) is an empty cell.
    expect(cellText({ formula: 'M2&N2', result: '张秀英' })).toBe('张秀英');
    expect(cellText({ formula: '', result: '张梓涵' })).toBe('张梓涵');
    expect(cellText({ formula: 'VLOOKUP(A2,B:B,1,0)', result: { error: '#N/A' } })).toBe('');
    expect(cellText({ formula: `"${lina}"&"1"` })).toBe(`="${lina}"&"1"`);
    // Unquoted, and quoted as a CSV writer quotes it: the same text once CSV quoting is undone.
    const rows = [
      `G1,李娜,女,2012-03-03,="${lina}",红旗村,李建国,`,
      `"G1","李娜","女","2012-03-03","=""${lina}""","","",""`,
    ];
    for (const [i, row] of rows.entries()) {
      writeFileSync(f(`text-formula-${i}.csv`), csv([ROLL_HEAD, row]));
      const s = await run(f(`text-formula-${i}.csv`));
      expect(s.confirmed, row).toBe(1);
      expect(s.issuesFile, row).toBeNull();
    }
  });

  it('removes a 问题清单 an earlier run left beside the same output, when this run finds no problem', async () => {
    const out = f('stale-out.csv');
    const lina = id('20120303', 42);
    writeFileSync(f('stale-bad.csv'), csv([ROLL_HEAD, 'G1,李娜,女,2012-03-03,12345,红旗村,李建国,']));
    const first = await run(f('stale-bad.csv'), out);
    expect(first.issuesFile).toBe(defaultIssuesPath(out));
    expect(existsSync(first.issuesFile!)).toBe(true);
    writeFileSync(f('stale-good.csv'), csv([ROLL_HEAD, `G1,李娜,女,2012-03-03,="${lina}",红旗村,李建国,`]));
    const second = await run(f('stale-good.csv'), out);
    expect(second.issuesFile).toBeNull();
    expect(existsSync(defaultIssuesPath(out))).toBe(false);
  });
});

describe('jiaofu match on bad input', () => {
  it('refuses an empty file in Chinese', async () => {
    writeFileSync(f('empty.csv'), '');
    await expect(run(f('empty.csv'))).rejects.toThrow(/学生名册为空文件/);
  });

  it('names the missing ID column and its accepted aliases', async () => {
    writeFileSync(f('noid.csv'), csv(['学籍号,姓名,性别', 'G1,李娜,女']));
    const e = await run(f('noid.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MatchInputError);
    expect((e as Error).message).toContain('学生名册缺少必需的列：“身份证件号”');
    expect((e as Error).message).toContain('身份证号/身份证号码/证件号码');
  });

  it('reads an Excel 97–2003 file by its content, and says so in Chinese when one is cut short', async () => {
    // (Whole .xls files are read: match-file.test.ts.) Only the first bytes of one, named .xls or .xlsx:
    writeFileSync(f('old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(run(f('old.xls'))).rejects.toThrow(/^学生名册文件已损坏或不是 Excel 文件，无法读取/);
    writeFileSync(f('renamed.xlsx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    await expect(run(f('renamed.xlsx'))).rejects.toThrow(/^学生名册文件已损坏或不是 Excel 文件，无法读取/);
  });

  it('reports a corrupt xlsx (broken zip) in Chinese', async () => {
    writeFileSync(f('corrupt.xlsx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const e = await run(f('corrupt.xlsx')).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/xlsx 文件已损坏或不完整（请重新导出后再试）/);
    // Not exceljs's internal code (FILE_ENDED and the like).
    expect((e as Error).message).not.toMatch(/[A-Z]{3,}_[A-Z]{3,}/);
  });

  it('reads a workbook in the 1904 date system (Excel for Mac) at its own dates, xlsx and .xls', async () => {
    const row = (birth: unknown) => [
      `G${id('20120303', 42)}`,
      '李娜',
      '女',
      birth,
      id('20120303', 42),
      '',
      '',
      '',
    ];
    for (const date1904 of [false, true]) {
      const wb = new (loadExcel().Workbook)();
      wb.properties.date1904 = date1904;
      const ws = wb.addWorksheet('学生名册');
      ws.addRow(ROLL_HEAD.split(','));
      // A date cell (exceljs writes it as the serial of the workbook's system: 39509 in 1904, 40971 in 1900).
      ws.addRow(row(new Date(Date.UTC(2012, 2, 3)))).getCell(4).numFmt = 'yyyy-mm-dd';
      await wb.xlsx.writeFile(f(`d1904-${date1904}.xlsx`));
      const X = createRequire(import.meta.url)('@e965/xlsx');
      const old = X.utils.book_new();
      X.utils.book_append_sheet(
        old,
        X.utils.aoa_to_sheet([ROLL_HEAD.split(','), row(date1904 ? 39509 : 40971)]),
        '学生名册',
      );
      old.Workbook = { WBProps: { date1904 } };
      X.writeFile(old, f(`d1904-${date1904}.xls`), { bookType: 'biff8' });
      for (const file of [f(`d1904-${date1904}.xlsx`), f(`d1904-${date1904}.xls`)]) {
        const out = f(`d1904-${date1904}-out.csv`);
        const s = await run(file, out);
        expect(s.confirmed, file).toBe(1);
        expect(s.issuesFile, file).toBeNull();
        expect(readFileSync(out, 'utf8'), file).toContain('出生日期一致');
      }
    }
  });

  it('finds the data on the first sheet with a header when the workbook opens with a 填表说明 sheet', async () => {
    const wb = new (loadExcel().Workbook)();
    const notes = wb.addWorksheet('填表说明');
    notes.addRow(['填表说明']);
    notes.addRow(['1. 身份证件号请设置为文本格式，避免被 Excel 转为科学计数法']);
    notes.addRow(['2. 出生日期格式为 YYYY-MM-DD']);
    const data = wb.addWorksheet('学生名册');
    data.addRow(['2020年秋季学期学生名册']);
    data.addRow(ROLL_HEAD.split(','));
    data.addRow([`G${id('20120303', 42)}`, '李娜', '女', '2012-03-03', id('20120303', 42), '', '', '']);
    data.addRow([`G${id('20110101', 7)}`, '王小明', '男', '2011-01-01', 'bad-id', '', '', '']);
    wb.addWorksheet('代码表').addRow(['学段', '小学']);
    await wb.xlsx.writeFile(f('sheets.xlsx'));
    const s = await run(f('sheets.xlsx'));
    expect(s.students).toBe(2);
    expect(s.confirmed).toBe(1);
    // Row numbers are those of the data sheet.
    expect(readFileSync(s.issuesFile!, 'utf8')).toContain('学生名册,4,身份证件号');

    const none = new (loadExcel().Workbook)();
    none.addWorksheet('填表说明').addRow(['填表说明']);
    none.addWorksheet('Sheet2').addRow(['姓名', '班级']);
    await none.xlsx.writeFile(f('no-header.xlsx'));
    await expect(run(f('no-header.xlsx'))).rejects.toThrow(/学生名册中未找到表头/);
  });

  it('refuses a workbook whose data is split over sheets with the same header, naming them', async () => {
    const wb = new (loadExcel().Workbook)();
    wb.addWorksheet('填表说明').addRow(['填表说明']);
    for (const [sheet, i] of [
      ['城关镇', 1],
      ['石壁镇', 2],
      ['备份', 3],
    ] as const) {
      const ws = wb.addWorksheet(sheet);
      if (sheet === '备份') ws.state = 'hidden';
      ws.addRow(ROLL_HEAD.split(','));
      ws.addRow([
        `G${id('20120303', 40 + i)}`,
        hanName(i),
        '女',
        '2012-03-03',
        id('20120303', 40 + i),
        '',
        '',
        '',
      ]);
    }
    wb.addWorksheet('代码表').addRow(['学段', '小学']);
    await wb.xlsx.writeFile(f('split.xlsx'));
    // (A hidden sheet with the header, such as a template's copy, is not data.)
    await expect(run(f('split.xlsx'))).rejects.toThrow(
      /^学生名册的数据分在多个工作表中：除“城关镇”外，工作表“石壁镇”也有数据。只读取一个工作表会漏掉其余的行，请把各工作表的数据合并到一个工作表后再导入$/,
    );
  });

  it('says what to do with Excel “Unicode 文本” (UTF-16), and reads tab-separated text whatever its name', async () => {
    const text = `${ROLL_HEAD.replaceAll(',', '\t')}\r\nG1\t李娜\t女\t2012-03-03\t${id('20120303', 42)}\t\t\t\r\n`;
    writeFileSync(f('unicode.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    await expect(run(f('unicode.txt'))).rejects.toThrow(
      /学生名册是 UTF-16 编码的文本（Excel“Unicode 文本”）/,
    );
    writeFileSync(f('tabs.csv'), `\uFEFF${text}`);
    expect((await run(f('tabs.csv'), f('tabs-out.csv'))).students).toBe(1);
    // As some systems export it: tab-separated text named .xls, a cell quoted round a comma.
    const quoted = `2020年秋季学生名册\r\n${text.replace('李娜', '"李娜,二"')}`;
    writeFileSync(f('tabs.xls'), Buffer.from(new TextEncoder().encode(quoted)));
    const out = f('tabs-xls-out.csv');
    expect((await run(f('tabs.xls'), out)).students).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('李娜,二');
  });

  it('tells UTF-16 without its BOM, and random bytes named .csv as no text table (tester t28a F6)', async () => {
    const text = `${ROLL_HEAD}\r\nG1,李娜,女,2012-03-03,${id('20120303', 42)},,,\r\n`;
    writeFileSync(f('utf16-nobom.csv'), Buffer.from(text, 'utf16le'));
    await expect(run(f('utf16-nobom.csv'))).rejects.toThrow(/学生名册是 UTF-16 编码的文本/);
    let seed = 7;
    const random = Buffer.alloc(20000, 0).map(() => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed >> 16;
    });
    writeFileSync(f('garbage.csv'), random);
    // UTF-8 whose cells are padded with NULs is no UTF-16 (verifier t28c N7).
    const padded = `${ROLL_HEAD}\n${Array.from({ length: 10 }, (_, i) => `G${id('20120303', 100 + i)},李娜${'\u0000'.repeat(8)},女,2012-03-03,${id('20120303', 100 + i)},,,`).join('\n')}\n`;
    writeFileSync(f('nul-padded.csv'), padded);
    expect((await run(f('nul-padded.csv'), f('nul-padded-out.csv'))).students).toBe(10);
    await expect(run(f('garbage.csv'))).rejects.toThrow(
      /^学生名册“garbage\.csv”不是文本表格（内容是无法识别的二进制数据/,
    );
  });

  it('goes by the content over a wrong extension, and names a PDF, an image or an archive for what it is', async () => {
    const text = `${ROLL_HEAD}\r\nG1,李娜,女,2012-03-03,${id('20120303', 42)},,,\r\n`;
    writeFileSync(f('semicolons.csv'), `\uFEFF${text.replaceAll(',', ';')}`);
    await expect(run(f('semicolons.csv'))).rejects.toThrow(/学生名册是分号分隔的文本/);
    // A CSV renamed .xlsx is read as the CSV it is.
    writeFileSync(f('renamed.xlsx'), `\uFEFF${text}`);
    expect((await run(f('renamed.xlsx'), f('renamed-out.csv'))).students).toBe(1);
    // An xlsx renamed .csv is read as the workbook it is.
    const wb = new (loadExcel().Workbook)();
    const ws = wb.addWorksheet('名册');
    for (const line of text.trim().split('\r\n')) ws.addRow(line.split(','));
    writeFileSync(f('workbook.csv'), Buffer.from(await wb.xlsx.writeBuffer()));
    expect((await run(f('workbook.csv'), f('workbook-out.csv'))).students).toBe(1);
    // A CSV renamed .xls (not a web page saved as .xls) is read as the CSV it is.
    writeFileSync(f('renamed.xls'), `\uFEFF${text}`);
    expect((await run(f('renamed.xls'), f('renamed-xls-out.csv'))).students).toBe(1);
    // A zip that holds no workbook (a zipped CSV), and a Word document, renamed .xlsx.
    const zip = new JSZip();
    zip.file('名册.csv', text);
    writeFileSync(f('zipped.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(run(f('zipped.xlsx'))).rejects.toThrow(
      '学生名册“zipped.xlsx”不是 Excel 工作簿：压缩包中没有工作表（压缩的表格请先解压，再选择其中的 .xlsx、.xls 或 .csv 文件）',
    );
    const docx = new JSZip();
    docx.file('[Content_Types].xml', '<Types/>');
    docx.file('word/document.xml', '<w:document/>');
    writeFileSync(f('letter.xlsx'), await docx.generateAsync({ type: 'nodebuffer' }));
    await expect(run(f('letter.xlsx'))).rejects.toThrow('学生名册“letter.xlsx”是 Word 文档，不是表格');
    for (const [name, bytes, what] of [
      ['scan.csv', Buffer.from('%PDF-1.4\n%âãÏÓ\n'), ' PDF 文件'],
      ['photo.xlsx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), '图片'],
      ['photo.xls', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), '图片'],
      ['names.csv', Buffer.from('Rar!\x1a\x07\x00', 'latin1'), '压缩包'],
    ] as const) {
      writeFileSync(f(name), bytes);
      await expect(run(f(name)), name).rejects.toThrow(
        `学生名册“${name}”是${what}，不是表格：请选择 .xlsx、.xls 或 .csv 文件`,
      );
    }
  });

  it('reads a title row above the header, aliases and any column order; neutralises formulas in names', async () => {
    writeFileSync(
      f('formula.csv'),
      csv([
        '2020年秋季学期学生名册,,',
        '身份证号,学生姓名,学籍号,出生日期',
        `${id('20120303', 42)},"=HYPERLINK(""http://x"",""李娜"")",G${id('20120303', 42)},2012-03-03`,
        `${id('20120303', 42)},@李娜,G1,2012-03-03`,
      ]),
    );
    const s = await run(f('formula.csv'));
    expect(s.students).toBe(2);
    const out = readFileSync(f('out.csv'), 'utf8');
    expect(out).toContain(`"'=HYPERLINK(""http://x"",""李娜"")"`);
    expect(out).toContain(",'@李娜,");
    expect(out).not.toMatch(/,=HYPERLINK/);
    const issues = readFileSync(s.issuesFile!, 'utf8');
    expect(issues).toContain('学生名册,3,姓名,姓名以公式字符(= + - @)开头，已按文本处理');
  });

  it('reports 10,000 invalid IDs row by row and still writes every row', async () => {
    const lines = [ROLL_HEAD];
    for (let i = 0; i < 10_000; i++)
      lines.push(`L${i},学生${i},男,2010-01-01,35042420100101${String(i % 10000).padStart(4, '0')}1,,,`);
    writeFileSync(f('invalid.csv'), csv(lines));
    const s = await run(f('invalid.csv'));
    expect(s.students).toBe(10_000);
    expect(s.unmatched).toBe(10_000);
    // Checksum errors are the rows' own: no notice blames the file on Excel.
    expect(s.notices).toEqual([]);
    const issues = readFileSync(s.issuesFile!, 'utf8').split('\r\n');
    expect(issues[0]).toBe('\uFEFF文件,行号,列,问题');
    expect(issues.filter((l) => l.includes(',身份证件号,')).length).toBe(10_000);
    expect(issues[1]).toMatch(/^学生名册,2,身份证件号,身份证号(位数不对|校验位错误|中的出生日期无效)/);
  });
});

describe('jiaofu match refuses, before any work, paths that would lose data', () => {
  const roll = (): string => {
    writeFileSync(
      f('roll-ok.csv'),
      csv([ROLL_HEAD, `G${id('20120303', 42)},李娜,女,2012-03-03,${id('20120303', 42)},,,`]),
    );
    return f('roll-ok.csv');
  };

  it('an output that is an input or another output', async () => {
    const s = roll();
    const before = readFileSync(s, 'utf8');
    await expect(run(s, s)).rejects.toThrow(/比对结果的输出路径与学生名册是同一个文件/);
    await expect(run(s, f('registry.csv'))).rejects.toThrow(/与建档立卡名单是同一个文件/);
    await expect(
      runFileMatch({
        students: s,
        registry: f('registry.csv'),
        out: f('o.csv'),
        unenrolled: f('o.csv'),
        asOf: '2020-09-01',
      }),
    ).rejects.toThrow(/未入学适龄人员名单的输出路径与比对结果是同一个文件/);
    expect(readFileSync(s, 'utf8')).toBe(before);
  });

  it('an output that cannot be written, an input that is a folder or missing', async () => {
    const s = roll();
    await expect(run(s, f('no-such-dir/out.csv'))).rejects.toThrow(/无法写入比对结果/);
    await expect(run(s, dir)).rejects.toThrow(MatchInputError);
    await expect(run(dir)).rejects.toThrow(/学生名册是一个文件夹/);
    // With two threads the worker would open the roll first: the check comes before it.
    await expect(
      runFileMatch({
        students: f('nope.csv'),
        registry: f('registry.csv'),
        out: f('o.csv'),
        asOf: '2020-09-01',
        threads: 2,
        parallelMinBytes: 0,
      }),
    ).rejects.toThrow(/学生名册不存在或无法打开/);
  });

  it('a quote left open, which would swallow the rest of the file into one cell', async () => {
    const rows = Array.from(
      { length: 400 },
      (_, i) => `G${id('20120303', 100 + i)},李${i},女,2012-03-03,${id('20120303', 100 + i)},,,`,
    );
    rows[2] = `"${rows[2]}`;
    writeFileSync(f('open-quote.csv'), csv([ROLL_HEAD, ...rows]));
    const e = await run(f('open-quote.csv')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MatchInputError);
    expect((e as Error).message).toMatch(/学生名册第4行附近无法读取：该行的引号未闭合/);
  });
});

describe('a quote left open that a later stray quote closes', () => {
  it('is named in the summary, not only in 问题清单: the rows it swallowed were not compared', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `G${id('20120303', 100 + i)},李${hanName(i)},女,2012-03-03,${id('20120303', 100 + i)},,,`,
    );
    rows[2] = rows[2]!.replace(',李', ',"李');
    rows[17] = rows[17]!.replace(/,李(\S\S\S),/, ',李$1",');
    writeFileSync(f('stray-quotes.csv'), csv([ROLL_HEAD, ...rows]));
    const s = await run(f('stray-quotes.csv'));
    expect(s.students).toBeLessThan(40);
    expect(s.incomplete).toBe(true);
    expect(s.notices).toContainEqual(
      expect.stringMatching(
        /^注意：学生名册第4行的B列的内容以英文双引号开头，引号没有闭合.*；本次比对结果不含这些行$/,
      ),
    );
  });

  it('makes jiaofu match exit with code 2 (results written but incomplete), so a script does not take them as done', () => {
    const repo = path.resolve(import.meta.dirname, '..');
    const cli = (roll: string) =>
      spawnSync(
        process.execPath,
        [
          path.join(repo, 'bin/jiaofu.mjs'),
          'match',
          '--students',
          f(roll),
          '--registry',
          f('registry.csv'),
          '--out',
          f(`${roll}-exit.csv`),
          '--as-of',
          '2020-09-01',
        ],
        { encoding: 'utf8' },
      );
    const r = cli('stray-quotes.csv');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(INCOMPLETE_MESSAGE);
    expect(r.stdout).toContain('本次比对结果不含这些行');
    expect(readFileSync(f('stray-quotes.csv-exit.csv'), 'utf8')).toContain('匹配结果');
    const rows = Array.from(
      { length: 5 },
      (_, i) => `G${id('20120303', 100 + i)},李${hanName(i)},女,2012-03-03,${id('20120303', 100 + i)},,,`,
    );
    writeFileSync(f('clean-quotes.csv'), csv([ROLL_HEAD, ...rows]));
    const ok = cli('clean-quotes.csv');
    expect(ok.status).toBe(0);
    expect(ok.stderr).not.toContain(INCOMPLETE_MESSAGE);
  });
});

describe('a quote inside a cell (李"小明, 5"班), as Excel writes it unquoted', () => {
  it('is a character of that cell: every row after it is still read and compared, on one thread and on two', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `G${id('20120303', 100 + i)},李${hanName(i)},女,2012-03-03,${id('20120303', 100 + i)},,,`,
    );
    rows[2] = rows[2]!.replace(',李', ',李"');
    rows.push(`G${id('20120303', 42)},李娜,女,2012-03-03,${id('20120303', 42)},红旗村,李建国,`);
    writeFileSync(f('inner-quote.csv'), csv([ROLL_HEAD, ...rows]));
    for (const threads of [1, 2]) {
      const out = f(`inner-quote-${threads}.csv`);
      const s = await runFileMatch({
        students: f('inner-quote.csv'),
        registry: f('registry.csv'),
        out,
        asOf: '2020-09-01',
        threads,
        parallelMinBytes: 0,
      });
      expect(s.students).toBe(41);
      expect(s.confirmed + s.review).toBe(1);
      expect(readFileSync(out, 'utf8')).toMatch(/\n[^\n]*,李娜,[^\n]*,H1002,H1,/);
      const issues = readFileSync(defaultIssuesPath(out), 'utf8');
      expect(issues).toContain(
        `学生名册,4,姓名,"姓名无效：李""${hanName(2)}（含有不应出现在姓名中的字符“""”）"`,
      );
      expect(issues).not.toContain('整行');
    }
  });
});

describe('a NUL in a name (tester t28a F7)', () => {
  it('is named by its code point in the problem list, which holds no NUL itself', async () => {
    const rows = [`G${id('20120303', 42)},李\u0000娜,女,2012-03-03,${id('20120303', 42)},红旗村,李建国,`];
    writeFileSync(f('nul.csv'), csv([ROLL_HEAD, ...rows]));
    const out = f('nul-out.csv');
    await runFileMatch({ students: f('nul.csv'), registry: f('registry.csv'), out, asOf: '2020-09-01' });
    const issues = readFileSync(defaultIssuesPath(out), 'utf8');
    expect(issues).toContain(
      '学生名册,2,姓名,姓名无效：李娜（含有不应出现在姓名中的字符“U+0000”（不可见的控制字符））',
    );
    expect(issues).not.toContain('\u0000');
  });
});

describe('a header with two columns for one field', () => {
  it('is refused, naming both columns, rather than read from the first', async () => {
    writeFileSync(
      f('dup.csv'),
      csv([
        '学籍号,姓名,性别,出生日期,身份证件号,户籍所在地,身份证号',
        `G1,李娜,女,2012-03-03,,红旗村,${id('20120303', 42)}`,
      ]),
    );
    await expect(run(f('dup.csv'))).rejects.toThrow(
      '学生名册第1行的表头中有两列都是“身份证件号”：E列“身份证件号”和G列“身份证号”。请删除或改名其中一列后重试',
    );
  });
});

/** The comparison on one thread and on two (the worker then reads every part after the first). */
async function onOneAndTwoThreads(students: string, registry: string) {
  const runs = [];
  for (const threads of [1, 2])
    runs.push(
      await runFileMatch({
        students,
        registry,
        out: f(`${path.basename(students, '.csv')}-out-${threads}.csv`),
        asOf: '2020-09-01',
        threads,
        parallelMinBytes: 0,
      }),
    );
  return runs;
}

describe('rows whose cells do not line up with the header (CSV)', () => {
  it('are listed in 问题清单 with their file row, on one thread and on two', async () => {
    const pupil = (i: number): string[] => {
      const pid = id('20120303', 100 + (i % 800));
      return [`G${pid}`, hanName(i), '女', '2012-03-03', pid, '红旗村', '王父', ''];
    };
    const rows = Array.from({ length: 3000 }, (_, i) => pupil(i).join(','));
    // Row 2901 of the file: an unquoted comma in 户籍所在地 shifts 监护人姓名 and 监护人身份证件号.
    const shifted = pupil(2899);
    shifted[5] = '石壁镇,红旗村';
    rows[2899] = shifted.join(',');
    // Row 2951: cut short after 身份证件号. Row 2971: one extra comma at its end, which cannot be told
    // from a shift whose last cell was empty (as row 2901's was).
    rows[2949] = pupil(2949).slice(0, 5).join(',');
    rows[2969] = `${rows[2969]},`;
    writeFileSync(f('shape-roll.csv'), csv([ROLL_HEAD, ...rows]));
    writeFileSync(
      f('shape-registry.csv'),
      csv([
        REG_HEAD,
        FAMILY[0]!,
        `H1,H1002,李娜,${id('20120303', 42)}`,
        `H1,H1003,李,强,${id('20130404', 43)},男,之子,李建国,${DAD},宁化县,石壁镇,红旗村`,
      ]),
    );
    const lists: string[][] = [];
    for (const s of await onOneAndTwoThreads(f('shape-roll.csv'), f('shape-registry.csv'))) {
      expect(s.students).toBe(3000);
      lists.push(
        readFileSync(s.issuesFile!, 'utf8')
          .split('\r\n')
          .filter((l) => l.includes(',整行,')),
      );
    }
    expect(lists[1]).toEqual(lists[0]);
    expect(lists[0]).toEqual([
      '学生名册,2901,整行,该行有9个单元格，比表头的8列多：多半是某个单元格中有未加引号的英文逗号，其后各列已错位。请改正该行后重新导出（若只是行尾多了逗号，删去即可）',
      '学生名册,2951,整行,该行只有5个单元格，表头有8列：缺少“户籍所在地”、“监护人姓名”、“监护人身份证件号”，已按空白处理（该行可能被截断或少了逗号）',
      '学生名册,2971,整行,该行有9个单元格，比表头的8列多：多半是某个单元格中有未加引号的英文逗号，其后各列已错位。请改正该行后重新导出（若只是行尾多了逗号，删去即可）',
      '建档立卡名单,3,整行,该行只有4个单元格，表头有11列：缺少“性别”、“与户主关系”、“户主姓名”、“户主证件号码”、“县(市、区)”、“乡(镇)”、“行政村”，已按空白处理（该行可能被截断或少了逗号）',
      '建档立卡名单,4,整行,该行有12个单元格，比表头的11列多，L列在表头之外却有内容“红旗村”：多半是某个单元格中有未加引号的英文逗号，其后各列已错位。请改正该行后重新导出',
    ]);
  });
});

describe('a CSV whose every data row ends with one more comma than its header', () => {
  it('is read without a problem on one thread and on two', async () => {
    // (Each row another pupil: three birthdays × 1,000 sequence numbers.)
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const day = `0${3 + Math.floor(i / 1000)}`;
      const pid = id(`201203${day}`, i % 1000);
      return `G${pid},${hanName(i)},女,2012-03-${day},${pid},红旗村,王父,,`;
    });
    writeFileSync(f('trailing.csv'), csv([ROLL_HEAD, ...rows]));
    for (const s of await onOneAndTwoThreads(f('trailing.csv'), f('registry.csv'))) {
      expect(s.students).toBe(3000);
      expect(s.issuesFile).toBeNull();
    }
  });
});

describe('command-line mistakes', () => {
  it('are told in Chinese: a mistyped command or option, a missing argument', () => {
    const repo = path.resolve(import.meta.dirname, '..');
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(repo, 'bin/jiaofu.mjs'), ...args], { encoding: 'utf8' });
    for (const [args, said] of [
      [['studnets'], "错误：没有命令 'studnets'"],
      [['match', '--bogus'], "错误：没有选项 '--bogus'"],
      [['import', 'students'], "错误：缺少参数 'file'"],
    ] as const) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toContain(said);
      expect(r.stderr).not.toMatch(/^error:/m);
    }
  });
});

describe('registry children whose age cannot be read', () => {
  it('are put on the --unenrolled list and counted apart by jiaofu match, to be checked', () => {
    writeFileSync(
      f('undated-registry.csv'),
      csv([REG_HEAD, ...FAMILY, `H1,H1003,李强,,男,之子,李建国,${DAD},宁化县,石壁镇,红旗村`]),
    );
    writeFileSync(
      f('undated-roll.csv'),
      csv([ROLL_HEAD, `G${id('20130505', 77)},${hanName(3)},女,2013-05-05,${id('20130505', 77)},,,`]),
    );
    const repo = path.resolve(import.meta.dirname, '..');
    const r = spawnSync(
      process.execPath,
      [
        path.join(repo, 'bin/jiaofu.mjs'),
        'match',
        '--students',
        f('undated-roll.csv'),
        '--registry',
        f('undated-registry.csv'),
        '--out',
        f('undated-out.csv'),
        '--unenrolled',
        f('undated-unenrolled.csv'),
        '--as-of',
        '2020-09-01',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `未入学适龄人员 2 人（其中 1 人证件号码缺失、无效或不是本人的（见问题清单），出生日期不详或只有无效证件号中的日期，无法确定是否适龄，列在名单末尾，请核实），已写入 ${f('undated-unenrolled.csv')}`,
    );
    const listed = readFileSync(f('undated-unenrolled.csv'), 'utf8').split('\r\n').slice(1, 3);
    expect(listed.map((l) => l.split(',')[1])).toEqual(['李娜', '李强']);
  });

  it('says, beside the count, how many of the list a 疑似 row may be', () => {
    expect(unenrolledNotes(0, 0)).toBe('');
    expect(unenrolledNotes(0, 24)).toBe('（其中 24 人是疑似匹配的候选人，核实疑似匹配后可能已在读）');
    expect(unenrolledNotes(3, 24)).toBe(
      '（其中 3 人证件号码缺失、无效或不是本人的（见问题清单），出生日期不详或只有无效证件号中的日期，无法确定是否适龄，列在名单末尾，请核实；24 人是疑似匹配的候选人，核实疑似匹配后可能已在读）',
    );
    // Where they are in the file (tester v24a F2): the candidates come last among those of compulsory age.
    expect(unenrolledNotes(0, 24, { from: 77, to: 100 })).toBe(
      '（其中 24 人是疑似匹配的候选人，适龄的列在名单第 77–100 行，核实疑似匹配后可能已在读）',
    );
    expect(unenrolledNotes(0, 1, { from: 5, to: 5 })).toBe(
      '（其中 1 人是疑似匹配的候选人，列在名单第 5 行，核实疑似匹配后可能已在读）',
    );
  });
});

describe('a roll whose ID column went through Excel', () => {
  it('gets one notice for the file, beside the row problems', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => {
      const pid = id('20120303', 100 + i);
      return `G${pid},${hanName(i)},女,2012-03-03,${pid.slice(0, 1)}.${pid.slice(1, 6)}E+17,红旗村,,`;
    });
    writeFileSync(f('excel-roll.csv'), csv([ROLL_HEAD, ...rows]));
    const s = await run(f('excel-roll.csv'));
    expect(s.notices).toEqual([
      '注意：学生名册中 30 行（100%）的身份证件号被 Excel 转成了数字（科学计数法或末几位变为 0），原号码已残缺，这些行只能依靠学籍号、姓名、出生日期和监护人比对。该文件很可能在 Excel 中打开后另存过：请重新导出，或在 Excel 中先把该列设为“文本”格式再保存。',
    ]);
  });

  it('lists the row that carries a sibling’s ID, naming whose, and does not call the sibling a 一人多籍 (tester v21a F3)', async () => {
    const QIANG = id('20130404', 43);
    writeFileSync(
      f('sib-registry.csv'),
      csv([REG_HEAD, ...FAMILY, `H1,H1003,李强,${QIANG},男,之子,李建国,${DAD},宁化县,石壁镇,红旗村`]),
    );
    const fill = Array.from({ length: 40 }, (_, i) => {
      const pid = id('20110202', 300 + i);
      return `G${pid},${hanName(i)},女,2011-02-02,${pid},红旗村,,`;
    });
    writeFileSync(
      f('sib-roll.csv'),
      csv([
        ROLL_HEAD,
        // 李强's row is right; 李娜's carries his ID, her 学籍号 her own.
        `G${QIANG},李强,男,2013-04-04,${QIANG},福建省三明市宁化县石壁镇红旗村,李建国,${DAD}`,
        `G${id('20120303', 42)},李娜,女,2012-03-03,${QIANG},福建省三明市宁化县石壁镇红旗村,李建国,${DAD}`,
        ...fill,
      ]),
    );
    const s = await runFileMatch({
      students: f('sib-roll.csv'),
      registry: f('sib-registry.csv'),
      out: f('sib-out.csv'),
      asOf: '2020-09-01',
      threads: 1,
    });
    const issues = readFileSync(s.issuesFile!, 'utf8');
    expect(issues).toContain(
      '学生名册,3,身份证件号,学生身份证号为建档立卡人员李强（之子）的证件号，不是已确认的本人李娜的，请更正',
    );
    expect(issues).not.toContain('一人多籍');
    expect(issues).not.toMatch(/^学生名册,2,身份证件号/m);
  });

  it('names the registry adult whose ID a row carries, whatever matched it, and never says 无需处理 of it (tester v22a F5)', async () => {
    const MOM = id('19830505', 62);
    writeFileSync(
      f('adult-registry.csv'),
      csv([REG_HEAD, ...FAMILY, `H1,H1003,王秀英,${MOM},女,配偶,李建国,${DAD},宁化县,石壁镇,红旗村`]),
    );
    const fill = Array.from({ length: 40 }, (_, i) => {
      const pid = id('20110202', 300 + i);
      return `G${pid},${hanName(i)},女,2011-02-02,${pid},红旗村,,`;
    });
    const NA = id('20120303', 42);
    writeFileSync(
      f('adult-roll.csv'),
      csv([
        ROLL_HEAD,
        // 李娜's 学籍号 is G + her ID; her ID column holds her father's, her guardian is her mother.
        `G${NA},李娜,女,2012-03-03,${DAD},福建省三明市宁化县石壁镇红旗村,王秀英,${MOM}`,
        ...fill,
      ]),
    );
    const s = await runFileMatch({
      students: f('adult-roll.csv'),
      registry: f('adult-registry.csv'),
      out: f('adult-out.csv'),
      asOf: '2020-09-01',
      threads: 1,
    });
    const out = readFileSync(f('adult-out.csv'), 'utf8').split('\r\n')[1]!;
    expect(out).toContain('H1002');
    const issues = readFileSync(s.issuesFile!, 'utf8');
    expect(issues).toContain(
      '学生名册,2,身份证件号,身份证件号为建档立卡人员李建国（户主）的证件号，不是该生本人的：请更正为学生本人的证件号',
    );
    expect(issues).not.toContain('无需处理');
  });

  it('tells one 学籍号 on two rows of two names apart from a repeated row (tester v22b F6)', async () => {
    const NA = id('20120303', 42);
    const fill = Array.from({ length: 30 }, (_, i) => {
      const pid = id('20110202', 300 + i);
      return `G${pid},${hanName(i)},女,2011-02-02,${pid},红旗村,,`;
    });
    const row = `G${NA},李娜,女,2012-03-03,${NA},福建省三明市宁化县石壁镇红旗村,李建国,${DAD}`;
    writeFileSync(
      f('no-twice-roll.csv'),
      csv([
        ROLL_HEAD,
        row,
        row,
        `G${NA},李丽,女,2012-03-03,,福建省三明市宁化县石壁镇红旗村,李建国,${DAD}`,
        ...fill,
      ]),
    );
    const s = await run(f('no-twice-roll.csv'), f('no-twice-out.csv'));
    const issues = readFileSync(s.issuesFile!, 'utf8');
    expect(issues).toContain(
      `学生名册,3,学籍号,学籍号 G${NA} 与第 2 行重复：同一学生在名册中出现两次，请核对后删除多余的一行（两行学校不同时，多为转学后原学校未注销：保留现就读学校的一行）`,
    );
    expect(issues).toContain(
      `学生名册,4,学籍号,学籍号 G${NA} 与第 2 行（李娜）相同，但姓名不同（李丽）：一个学籍号不能属于两名学生，请在学籍系统中核对哪一行的学籍号有误`,
    );
  });

  it('reads no pupil from a line of spaces or of commas only (tester v21a F7)', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => {
      const pid = id('20120303', 100 + i);
      return `G${pid},${hanName(i)},女,2012-03-03,${pid},红旗村,,`;
    });
    writeFileSync(f('trailing-roll.csv'), `${csv([ROLL_HEAD, ...rows])},,,,,,,\n\n   \n\u3000\t\n`);
    const s = await run(f('trailing-roll.csv'), f('trailing-out.csv'));
    expect(s.students).toBe(3);
    expect(readFileSync(f('trailing-out.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('a roll whose ID column holds other numbers gets one notice too (tester v20b F11)', async () => {
    // 24 of 30 IDs fail their check (a column of another number), 6 are valid: one sentence on the file.
    const rows = Array.from({ length: 30 }, (_, i) => {
      const pid = id('20120303', 100 + i);
      const bad = i < 24 ? `${pid.slice(0, 17)}${pid[17] === '7' ? '8' : '7'}` : pid;
      return `G${pid},${hanName(i)},女,2012-03-03,${bad},红旗村,,`;
    });
    writeFileSync(f('invalid-roll.csv'), csv([ROLL_HEAD, ...rows]));
    const s = await run(f('invalid-roll.csv'));
    expect(s.notices).toEqual([
      '注意：学生名册中 24 行（80%）的身份证件号不是有效的身份证号（校验位不正确、位数不对、含有非法字符或其中的出生日期无效），这些行只能依靠学籍号、姓名、出生日期和监护人比对。录入错误很少这样多：请检查该列是否选对（不是学籍号、监护人或户主的证件号、其他证件的号码），或从原系统重新导出。',
    ]);
  });
});

/**
 * Compares `<name>-roll.csv` and `<name>-roll.xlsx` (1,200 pupils) on one thread and on two, and
 * checks that 问题清单 lists exactly the skipped rows `want`.
 */
async function expectSkipped(name: string, want: string[]): Promise<void> {
  for (const roll of [f(`${name}-roll.csv`), f(`${name}-roll.xlsx`)])
    for (const threads of [1, 2]) {
      const s = await runFileMatch({
        students: roll,
        registry: f('registry.csv'),
        out: f(`${name}-out-${threads}.csv`),
        asOf: '2020-09-01',
        threads,
        parallelMinBytes: 0,
      });
      expect(s.students, `${roll} ${threads}`).toBe(1200);
      const listed = readFileSync(s.issuesFile!, 'utf8')
        .split('\r\n')
        .filter((l) => l.includes('已跳过'));
      expect(listed, `${roll} ${threads}`).toEqual(want);
    }
}

describe('sum and signature rows of a form (合计, 填表人, 填报日期)', () => {
  it('are skipped and listed in 问题清单, in CSV and xlsx, on one thread and on two', async () => {
    const pupil = (i: number): string[] => {
      const pid = id('20120303', 100 + (i % 800));
      return [`G${pid}`, hanName(i), '女', '2012-03-03', pid, '红旗村', '王父', ''];
    };
    const body = Array.from({ length: 1200 }, (_, i) => pupil(i));
    // A 小计 row between the groups and the form's foot.
    body.splice(600, 0, ['小计', '600', '', '', '', '', '', '']);
    const foot = [
      ['合计：共1200人', '', '', '', '', '', '', ''],
      ['填表人：张三', '', '', '审核人：李四', '', '填报日期：2020年9月1日', '', ''],
    ];
    const all = [...body, ...foot];
    writeFileSync(f('foot-roll.csv'), csv([ROLL_HEAD, ...all.map((r) => r.join(','))]));
    const wb = new (loadExcel().Workbook)();
    const ws = wb.addWorksheet('学生名册');
    ws.addRow(ROLL_HEAD.split(','));
    for (const r of all) ws.addRow(r);
    await wb.xlsx.writeFile(f('foot-roll.xlsx'));
    // File rows: the header is row 1, the 小计 row 602, the foot rows 1203 and 1204.
    const want = [602, 1203, 1204].map(
      (row) => `学生名册,${row},整行,表尾的合计、签名或日期行，不是人员信息，已跳过`,
    );
    await expectSkipped('foot', want);
  });
});

describe('a roll put together from several sheets (a title and the header above each part)', () => {
  it('skips the repeated titles and headers, lists them in 问题清单, in CSV and xlsx, on one thread and on two', async () => {
    const pupil = (i: number): string[] => {
      const pid = id('20120404', 100 + (i % 800));
      return [`G${pid}`, hanName(i), '女', '2012-04-04', pid, '红旗村', '王父', ''];
    };
    const blank = ['', '', '', '', '', '', '', ''];
    const title = (t: string): string[] => [t, ...blank.slice(1)];
    const head = ROLL_HEAD.split(',');
    const rows: string[][] = [title('清流县2020年秋季学期学生名册'), head];
    for (let part = 0; part < 3; part++) {
      if (part > 0)
        rows.push(blank, title('清流县2020年秋季学期学生名册'), title(`${part + 1}年级（1）班`), head);
      for (let i = 0; i < 400; i++) rows.push(pupil(part * 400 + i));
    }
    writeFileSync(f('parts-roll.csv'), csv(rows.map((r) => r.join(','))));
    const wb = new (loadExcel().Workbook)();
    const ws = wb.addWorksheet('学生名册');
    for (const r of rows) ws.addRow(r);
    await wb.xlsx.writeFile(f('parts-roll.xlsx'));
    const want = rows.flatMap((r, k) =>
      k < 2 || r.every((c) => c === '') || r[0]!.startsWith('G')
        ? []
        : [`学生名册,${k + 1},整行,${r[0]!.endsWith('班') ? titleReason(r[0]!) : REPEATED_HEADER_REASON}`],
    );
    expect(want).toHaveLength(6);
    await expectSkipped('parts', want);
  });
});

describe('a two-row header, a heading merged over the guardian columns', () => {
  it('reads the guardian columns by the heading and the names below it, in xlsx and CSV', async () => {
    const top = ['学籍号', '姓名', '性别', '出生日期', '身份证件号', '户籍所在地', '监护人信息', ''];
    const sub = ['', '', '', '', '', '', '姓名', '身份证件号'];
    // 李娜 without her own ID: only the guardian's ID ties her to the household.
    const pupil = ['L2020001', '李娜', '女', '2012-03-03', '', '宁化县石壁镇红旗村', '李建国', DAD];
    const wb = new (loadExcel().Workbook)();
    const ws = wb.addWorksheet('学生名册');
    ws.addRow(top);
    ws.addRow(sub);
    ws.mergeCells(1, 7, 1, 8);
    for (let c = 1; c <= 6; c++) ws.mergeCells(1, c, 2, c);
    ws.addRow(pupil);
    await wb.xlsx.writeFile(f('two-row.xlsx'));
    writeFileSync(f('two-row.csv'), csv([top.join(','), sub.join(','), pupil.join(',')]));
    for (const roll of [f('two-row.xlsx'), f('two-row.csv')]) {
      const s = await run(roll, f('two-row-out.csv'));
      expect(s.students, roll).toBe(1);
      expect(s.confirmed, roll).toBe(1);
      const out = readFileSync(f('two-row-out.csv'), 'utf8');
      expect(out, roll).toContain('监护人身份证号为该户成员');
    }
  });
});
