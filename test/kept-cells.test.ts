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
    const viaStrings = path.join(dir, 's.csv');
    const viaBytes = path.join(dir, 'b.csv');
    const ws = openTableWriter(viaStrings, 'x', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const wb = openTableWriter(viaBytes, 'x', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    let direct = 0;
    for (let i = 0; i < data.ends.length; i++) {
      await ws.writeWithTail(keptRow(data, i), tail);
      const [start, end] = keptRowRange(data, i);
      const done = wb.tryWriteUtf8WithTail!(data.bytes, start, end, KEPT_SEP, tail);
      if (done === false) await wb.writeWithTail(keptRow(data, i), tail);
      else {
        direct++;
        if (done !== true) await done;
      }
    }
    await ws.close();
    await wb.close();
    expect(readFileSync(viaBytes)).toEqual(readFileSync(viaStrings));
    // Plain rows go straight from the bytes; =, ＝, ＋, -, +, @, tab, comma, quote, newline do not.
    expect(direct).toBe(4);
    expect(readFileSync(viaBytes, 'utf8')).toContain(`"'=HYPERLINK(""x"")"`);

    // Rows with computed last cells (the rows with candidates): the same bytes both ways.
    const cells = ['=1+1', 'a,b', '疑似匹配', '12.5', '说明"引号"\n换行'];
    const cs = path.join(dir, 'cs.csv');
    const cb = path.join(dir, 'cb.csv');
    const ws2 = openTableWriter(cs, 'x', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    const wb2 = openTableWriter(cb, 'x', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    let direct2 = 0;
    for (let i = 0; i < data.ends.length; i++) {
      await ws2.write([...keptRow(data, i), ...cells]);
      const [start, end] = keptRowRange(data, i);
      const done = wb2.tryWriteUtf8WithCells!(data.bytes, start, end, KEPT_SEP, cells);
      if (done === false) await wb2.write([...keptRow(data, i), ...cells]);
      else {
        direct2++;
        if (done !== true) await done;
      }
    }
    await ws2.close();
    await wb2.close();
    expect(readFileSync(cb)).toEqual(readFileSync(cs));
    expect(direct2).toBe(4);
    expect(readFileSync(cb, 'utf8')).toContain(`,'=1+1,"a,b",疑似匹配,12.5,"说明""引号""\n换行"\r\n`);
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
    const viaStrings = path.join(dir, 's.csv');
    const viaBytes = path.join(dir, 'b.csv');
    const ws = openTableWriter(viaStrings, 'x', ['a', 'b', 'c', 'd']);
    const wb = openTableWriter(viaBytes, 'x', ['a', 'b', 'c', 'd']);
    for (let i = 0; i < data.ends.length; i++) {
      await ws.writeWithTail(keptRow(data, i), tail);
      const [start, end] = keptRowRange(data, i);
      const done = wb.tryWriteUtf8WithTail!(data.bytes, start, end, KEPT_SEP, tail);
      expect(done).not.toBe(false);
      if (done !== true) await done;
    }
    await ws.close();
    await wb.close();
    expect(readFileSync(viaBytes)).toEqual(readFileSync(viaStrings));
    expect(readFileSync(viaBytes, 'utf8')).toContain(
      `G1,${'李'.repeat(600_000)},350421201001011234,未匹配\r\n`,
    );
    // The same with a long computed cell after the kept ones.
    const cells = ['说'.repeat(500_000)];
    const cs = path.join(dir, 'cs.csv');
    const cb = path.join(dir, 'cb.csv');
    const ws2 = openTableWriter(cs, 'x', ['a', 'b', 'c', 'd']);
    const wb2 = openTableWriter(cb, 'x', ['a', 'b', 'c', 'd']);
    for (let i = 0; i < data.ends.length; i++) {
      await ws2.write([...keptRow(data, i), ...cells]);
      const [start, end] = keptRowRange(data, i);
      const done = wb2.tryWriteUtf8WithCells!(data.bytes, start, end, KEPT_SEP, cells);
      expect(done).not.toBe(false);
      if (done !== true) await done;
    }
    await ws2.close();
    await wb2.close();
    expect(readFileSync(cb)).toEqual(readFileSync(cs));
  });
});
