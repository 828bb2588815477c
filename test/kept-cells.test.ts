import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  concatKeptCells,
  KEPT_SEP,
  KeptCells,
  type KeptCellsData,
  keptRow,
  keptRowRange,
} from '../src/modules/matching/kept-cells.ts';
import { openTableWriter, RowTail } from '../src/modules/matching/table-writer.ts';

function all(data: KeptCellsData) {
  return Array.from({ length: data.ends.length }, (_, i) => [...keptRow(data, i)]);
}

type Writer = ReturnType<typeof openTableWriter>;

/**
 * Writes every kept row of `data` into two CSV files: `viaStrings` from the decoded cells, and
 * `viaBytes` from the kept bytes, falling back to the cells when the writer declines. Returns both
 * files' contents and the rows written from the bytes and declined.
 */
async function writeBothWays(
  dir: string,
  name: string,
  columns: number,
  data: KeptCellsData,
  viaStrings: (w: Writer, cells: [string, string, string]) => void | Promise<void>,
  viaBytes: (w: Writer, start: number, end: number) => boolean | Promise<void>,
) {
  const headers = Array.from({ length: columns }, (_, i) => String.fromCharCode(97 + i));
  const ws = openTableWriter(path.join(dir, `${name}-s.csv`), 'x', headers);
  const wb = openTableWriter(path.join(dir, `${name}-b.csv`), 'x', headers);
  let direct = 0;
  let declined = 0;
  for (let i = 0; i < data.ends.length; i++) {
    await viaStrings(ws, keptRow(data, i));
    const [start, end] = keptRowRange(data, i);
    const done = viaBytes(wb, start, end);
    if (done === false) {
      declined++;
      await viaStrings(wb, keptRow(data, i));
    } else {
      direct++;
      if (done !== true) await done;
    }
  }
  await ws.close();
  await wb.close();
  return {
    strings: readFileSync(path.join(dir, `${name}-s.csv`)),
    bytes: readFileSync(path.join(dir, `${name}-b.csv`)),
    direct,
    declined,
  };
}

describe('kept output cells (UTF-8 store of 学籍号, 姓名, 身份证件号)', () => {
  const sample = [
    ['G350421201001011234', '李娜', '350421201001011234'],
    ['', '', ''],
    ['G1', '阿依古丽·买买提', '35042120100101123x'],
    ['😀学籍', '=HYPERLINK("x")', '３５０４２１'],
    ['a\u0001b', 'c\u0002d', 'e'],
  ];

  it('gives back every row in order, control separators replaced', () => {
    const k = new KeptCells(1);
    for (let r = 0; r < 10_000; r++) {
      const [a, b, c] = sample[r % sample.length]!;
      k.push(a!, b!, c!);
    }
    const data = k.finish();
    expect(data.ends.length).toBe(10_000);
    const expected = Array.from({ length: 10_000 }, (_, r) =>
      sample[r % sample.length]!.map((c) => c.replaceAll('\u0001', '\uFFFD').replaceAll('\u0002', '\uFFFD')),
    );
    expect(all(data)).toEqual(expected);
  });

  it('keeps the cells without zero-width characters (invisible in the output, they break its searches)', () => {
    const k = new KeptCells(2);
    k.push('G350421201001011234\u200c', '李\u200b娜\u200d', '\ufeff35042120100101123\u2060X');
    k.push('\u200b', '潘涵艺', '');
    expect(all(k.finish())).toEqual([
      ['G350421201001011234', '李娜', '35042120100101123X'],
      ['', '潘涵艺', ''],
    ]);
  });

  it('concatenates stores (the two threads’ halves) in order', () => {
    const a = new KeptCells(2);
    const b = new KeptCells(2);
    const empty = new KeptCells(2);
    a.push('1', '甲', 'x');
    a.push('2', '乙', 'y');
    b.push('3', '丙', 'z');
    const joined = concatKeptCells([a.finish(), empty.finish(), b.finish()]);
    expect(all(joined)).toEqual([
      ['1', '甲', 'x'],
      ['2', '乙', 'y'],
      ['3', '丙', 'z'],
    ]);
  });
});

describe('CSV rows written from the kept bytes', () => {
  it('are byte-identical to rows written as strings, and fall back when a cell needs quoting or neutralising', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jiaofu-kept-'));
    const rows = [
      ['G350421201001011234', '李娜', '350421201001011234'],
      ['', '', ''],
      ['1', '=HYPERLINK("x")', '2'],
      ['1', '＝SUM(A1)', '2'],
      ['1', '＋1', '＠x'],
      ['-1', '+1', '@x'],
      ['\tx', 'a,b', 'c"d'],
      ['x', 'line\nbreak', 'y'],
      ['x', 'ａ，ｂ', '｀'],
      ['阿依古丽·买买提', '😀', '35042120100101123X'],
    ] as const;
    const k = new KeptCells(2);
    for (const [a, b, c] of rows) k.push(a, b, c);
    const data = k.finish();
    const tail = new RowTail(['', '', '未匹配', '', '建档立卡名单中未找到该生']);
    const t = await writeBothWays(
      dir,
      'tail',
      8,
      data,
      (w, kept) => w.writeWithTail(kept, tail),
      (w, start, end) => w.tryWriteUtf8WithTail!(data.bytes, start, end, KEPT_SEP, tail),
    );
    expect(t.bytes).toEqual(t.strings);
    // Plain rows go straight from the bytes; =, ＝, ＋, -, +, @, tab, comma, quote, newline do not.
    expect(t.direct).toBe(4);
    expect(t.bytes.toString('utf8')).toContain(`"'=HYPERLINK(""x"")"`);

    // Rows with computed last cells (the rows with candidates): the same bytes both ways.
    const cells = ['=1+1', 'a,b', '疑似匹配', '12.5', '说明"引号"\n换行'];
    const c = await writeBothWays(
      dir,
      'cells',
      8,
      data,
      (w, kept) => w.write([...kept, ...cells]),
      (w, start, end) => w.tryWriteUtf8WithCells!(data.bytes, start, end, KEPT_SEP, cells),
    );
    expect(c.bytes).toEqual(c.strings);
    expect(c.direct).toBe(4);
    expect(c.bytes.toString('utf8')).toContain(`,'=1+1,"a,b",疑似匹配,12.5,"说明""引号""\n换行"\r\n`);
  });
});

describe('CSV rows larger than the writer’s chunk', () => {
  it('are written whole from the bytes and from strings', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jiaofu-kept-big-'));
    const k = new KeptCells(1);
    k.push('G1', '李'.repeat(600_000), '350421201001011234'); // 1.8 MB of UTF-8 in one cell
    k.push('G2', '王芳', '350421201001011250');
    const data = k.finish();
    const tail = new RowTail(['未匹配']);
    const t = await writeBothWays(
      dir,
      'tail',
      4,
      data,
      (w, kept) => w.writeWithTail(kept, tail),
      (w, start, end) => w.tryWriteUtf8WithTail!(data.bytes, start, end, KEPT_SEP, tail),
    );
    expect(t.declined).toBe(0);
    expect(t.bytes).toEqual(t.strings);
    expect(t.bytes.toString('utf8')).toContain(`G1,${'李'.repeat(600_000)},350421201001011234,未匹配\r\n`);
    // The same with a long computed cell after the kept ones.
    const cells = ['说'.repeat(500_000)];
    const c = await writeBothWays(
      dir,
      'cells',
      4,
      data,
      (w, kept) => w.write([...kept, ...cells]),
      (w, start, end) => w.tryWriteUtf8WithCells!(data.bytes, start, end, KEPT_SEP, cells),
    );
    expect(c.declined).toBe(0);
    expect(c.bytes).toEqual(c.strings);
  });
});
