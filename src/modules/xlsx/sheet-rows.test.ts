import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellText } from '../matching/table-reader.ts';
import { loadExcel } from './exceljs.ts';
import { readSheetRows } from './sheet-rows.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jiaofu-sheet-rows-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Rows = Array<[number, unknown[]]>;

/** Every sheet's rows, read by exceljs's own row model or by readSheetRows. */
async function readAll(file: string, how: 'exceljs' | 'lean'): Promise<Rows[]> {
  const ExcelJS = loadExcel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const sheets: Rows[] = [];
  for await (const sheet of reader) {
    const rows: Rows = [];
    if (how === 'exceljs')
      for await (const row of sheet) rows.push([row.number, [...(row.values as unknown[])]]);
    else await readSheetRows(sheet, (n, values) => rows.push([n, [...values]]));
    sheets.push(rows);
  }
  return sheets;
}

/** Rows as the importers see them: cellText of each cell, blank rows dropped. */
const asText = (sheets: Rows[]): string[][][] =>
  sheets.map((rows) =>
    rows
      .map(([n, v]) => [String(n), ...Array.from({ length: v.length - 1 }, (_, c) => cellText(v[c + 1]))])
      .filter((r) => r.slice(1).some((c) => c !== '')),
  );

/** Cells of every kind exceljs writes, hostile text included. */
function sampleRows(): unknown[][] {
  const rows: unknown[][] = [['学籍号', '姓名', '身份证件号', '出生日期', '是否寄宿', '备注']];
  for (let i = 0; i < 300; i++) {
    rows.push([
      `G3504212010121368${i % 10}`,
      i % 7 === 0 ? `王${String.fromCharCode(0x4e00 + i)}·阿依` : `李${String.fromCharCode(0x5000 + i)}`,
      i % 5 === 0 ? Number('350421201012136840') + i * 1000 : `35042120101213684${i % 10}`,
      i % 3 === 0 ? new Date(Date.UTC(2010, i % 12, 1 + (i % 28))) : `2010-0${1 + (i % 9)}-1${i % 10}`,
      i % 2 === 0,
      i % 11 === 0
        ? { formula: 'A2&B2', result: 'x' }
        : i % 13 === 0
          ? { error: '#N/A' }
          : `<script>&amp;"'${i}`,
    ]);
  }
  rows.push(['', '', '', '', '', '']);
  rows.push([
    null,
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    3.5e17,
    -0.25,
    { richText: [{ text: '富' }, { text: '文本' }] },
  ]);
  return rows;
}

async function writeWorkbook(file: string, sharedStrings: boolean): Promise<void> {
  const ExcelJS = loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: sharedStrings });
  const notes = wb.addWorksheet('填表说明');
  notes.addRow(['请按模板填写']).commit();
  const ws = wb.addWorksheet('学生');
  const rows = sampleRows();
  for (let r = 0; r < rows.length; r++) {
    // Leave rows 5 and 6 out: Excel omits empty rows, and row numbers must still come out right.
    const row = ws.getRow(r < 4 ? r + 1 : r + 3);
    row.values = rows[r]! as ExcelJS.CellValue[];
    row.commit();
  }
  await wb.commit();
}

/** Replaces the XML of sheet `n` of `file` and writes the result to `out`. */
async function withSheetXml(
  file: string,
  n: number,
  edit: (xml: string) => string,
  out: string,
): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const part = `xl/worksheets/sheet${n}.xml`;
  zip.file(part, edit(await zip.file(part)!.async('string')));
  await writeFile(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** The sample workbook with its data sheet's XML edited by `edit` (see `replaceRow1`). */
async function editedWorkbook(name: string, shared: boolean, edit: (xml: string) => string): Promise<string> {
  const base = path.join(dir, `${name}-base.xlsx`);
  const file = path.join(dir, `${name}.xlsx`);
  await writeWorkbook(base, shared);
  await withSheetXml(base, 2, edit, file);
  return file;
}
const replaceRow1 = (rowXml: string) => (xml: string) => xml.replace(/<row r="1"[^>]*>.*?<\/row>/, rowXml);

describe('readSheetRows', () => {
  it('gives the values exceljs gives', async () => {
    const file = path.join(dir, 'sample-shared.xlsx');
    await writeWorkbook(file, true);
    const lean = await readAll(file, 'lean');
    const model = await readAll(file, 'exceljs');
    expect(lean).toHaveLength(2);
    expect(lean[1]!.length).toBeGreaterThan(300);
    // Row numbers and values, shape for shape (numbers stay numbers, formulas objects, …).
    expect(lean).toEqual(model);
  });

  it('reads inline strings as it reads shared ones (where exceljs drops runs and decodes twice)', async () => {
    const shared = path.join(dir, 'sample-shared.xlsx');
    const inline = path.join(dir, 'sample-inline.xlsx');
    await writeWorkbook(shared, true);
    await writeWorkbook(inline, false);
    const xml = await (await JSZip.loadAsync(await readFile(inline)))
      .file('xl/worksheets/sheet2.xml')!
      .async('string');
    expect(xml).toContain('t="inlineStr"');
    const fromInline = asText(await readAll(inline, 'lean'));
    expect(fromInline).toEqual(asText(await readAll(shared, 'lean')));
    expect(fromInline[1]!.at(-1)!.at(-1)).toBe('富文本');
    expect(fromInline[1]![2]![6]).toBe(`<script>&amp;"'1`);
    // exceljs's own reading of the same file differs exactly there.
    const model = asText(await readAll(inline, 'exceljs'));
    expect(model[1]!.at(-1)!.at(-1)).toBe('文本');
    expect(model[1]![2]![6]).toBe(`<script>&"'1`);
  });

  it('reads an inline string of several runs whole, without its phonetic guide', async () => {
    const file = await editedWorkbook(
      'runs',
      false,
      replaceRow1(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve">小明 </t></r><rPh sb="0" eb="1"><t>おう</t></rPh></is></c></row>',
      ),
    );
    const [, rows] = await readAll(file, 'lean');
    expect(rows![0]).toEqual([1, [undefined, '王小明 ']]);
  });

  it('decodes entities once, follows cells and rows without r, and keeps an ISO date cell as text', async () => {
    const file = await editedWorkbook(
      'odd',
      false,
      replaceRow1(
        '<row r="1"><c r="B1" t="inlineStr"><is><t>&amp;lt;张三&amp;gt;</t></is></c><c t="d"><v>2012-03-05</v></c>' +
          '<c><v>7</v></c></row><row><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>',
      ),
    );
    const [, rows] = await readAll(file, 'lean');
    expect(rows![0]).toEqual([1, [undefined, undefined, '&lt;张三&gt;', '2012-03-05', 7]]);
    expect(rows![1]).toEqual([2, [undefined, { formula: '"a"&"b"', result: 'ab' }]]);
  });

  it('keeps the value Excel saved with a formula: shared formulas, errors and booleans too', async () => {
    const file = await editedWorkbook(
      'formulas',
      false,
      replaceRow1(
        '<row r="1"><c r="A1" t="str"><f t="shared" ref="A1:A2" si="0">B1&amp;C1</f><v>张秀英</v></c>' +
          '<c r="B1" t="e"><f>VLOOKUP(Z1,Y:Y,1,0)</f><v>#N/A</v></c><c r="C1" t="b"><f>1=1</f><v>1</v></c>' +
          '<c r="D1"><f>E1*2</f><v>42</v></c></row><row r="2"><c r="A2" t="str"><f t="shared" si="0"/><v>张梓涵</v></c></row>',
      ),
    );
    const [, rows] = await readAll(file, 'lean');
    expect(rows![0]).toEqual([
      1,
      [
        undefined,
        { formula: 'B1&C1', result: '张秀英' },
        { formula: 'VLOOKUP(Z1,Y:Y,1,0)', result: { error: '#N/A' } },
        { formula: '1=1', result: true },
        { formula: 'E1*2', result: 42 },
      ],
    ]);
    expect(rows![1]).toEqual([2, [undefined, { formula: '', result: '张梓涵' }]]);
  });

  it('reads a formula saved with an empty value (openpyxl writes <v></v>) as a formula without value, not NaN (tester v27b F2)', async () => {
    const file = await editedWorkbook(
      'empty-v',
      false,
      replaceRow1(
        '<row r="1"><c r="A1"><f>HYPERLINK("http://x.example/","点我")</f><v></v></c><c r="B1"><v></v></c>' +
          '<c r="C1" t="str"><f>"a"</f><v></v></c></row>',
      ),
    );
    const [, rows] = await readAll(file, 'lean');
    expect(rows![0]).toEqual([
      1,
      [
        undefined,
        { formula: 'HYPERLINK("http://x.example/","点我")' },
        undefined,
        { formula: '"a"', result: '' },
      ],
    ]);
    // The import reads it as the formula's text, which the row checks report ("疑似公式").
    expect(cellText((rows![0]![1] as unknown[])[1])).toBe('=HYPERLINK("http://x.example/","点我")');
    expect(cellText((rows![0]![1] as unknown[])[2])).toBe('');
  });

  it('throws on broken sheet XML', async () => {
    const file = await editedWorkbook('broken', true, (xml) =>
      xml.replace('</sheetData>', '<row r="9999"><c r="A9999"><v>1</c></row></sheetData>'),
    );
    await expect(readAll(file, 'lean')).rejects.toThrow();
  });
});
