import { describe, expect, it } from 'vitest';
import { concatKeptCells, forEachKept, KeptCells } from '../src/modules/matching/kept-cells.ts';

async function all(data: ReturnType<KeptCells['finish']>, batch?: number) {
  const rows: string[][] = [];
  await forEachKept(
    data,
    (i, cells) => {
      expect(i).toBe(rows.length);
      rows.push([...cells]);
    },
    batch,
  );
  return rows;
}

describe('kept output cells (UTF-8 store of 学籍号, 姓名, 身份证件号)', () => {
  const sample = [
    ['G350421201001011234', '李娜', '350421201001011234'],
    ['', '', ''],
    ['G1', '阿依古丽·买买提', '35042120100101123x'],
    ['😀学籍', '=HYPERLINK("x")', '３５０４２１'],
    ['a\u0001b', 'c\u0002d', 'e'],
  ];

  it('gives back every row in order across batch boundaries, control separators replaced', async () => {
    const k = new KeptCells(1);
    for (let r = 0; r < 50; r++) {
      const [a, b, c] = sample[r % sample.length]!;
      k.push(a!, b!, c!);
    }
    const data = k.finish();
    expect(data.count).toBe(50);
    const expected = Array.from({ length: 50 }, (_, r) =>
      sample[r % sample.length]!.map((c) => c.replaceAll('\u0001', '\uFFFD').replaceAll('\u0002', '\uFFFD')),
    );
    for (const batch of [1, 3, 7, 64]) expect(await all(data, batch)).toEqual(expected);
  });

  it('concatenates stores (the two threads’ halves) in order', async () => {
    const a = new KeptCells(2);
    const b = new KeptCells(2);
    const empty = new KeptCells(2);
    a.push('1', '甲', 'x');
    a.push('2', '乙', 'y');
    b.push('3', '丙', 'z');
    const joined = concatKeptCells([a.finish(), empty.finish(), b.finish()]);
    expect(await all(joined, 2)).toEqual([
      ['1', '甲', 'x'],
      ['2', '乙', 'y'],
      ['3', '丙', 'z'],
    ]);
  });
});
