/**
 * The CSV record splitter (`CsvRecords`) and cell splitter (`splitRecord`) read quotes as Excel does:
 * a quote opens a quoted cell only at the cell's start (after spaces at most); anywhere else it is a
 * character, so an odd number of such quotes on a line never joins the next lines to it.
 */
import { describe, expect, it } from 'vitest';
import { CsvRecords, splitRecord } from '../src/modules/matching/csv-records.ts';
import { Rng } from '../src/synth/random.ts';

/** Every record's cells, the file fed in chunks of `chunk` bytes. */
function read(text: string, chunk = 1 << 20): string[][] {
  const out: string[][] = [];
  const recs = new CsvRecords((b, start, end, quotes) => {
    out.push(splitRecord(Buffer.from(b.subarray(start, end)), 0, end - start, quotes));
  });
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) recs.feed(Buffer.from(bytes.subarray(i, i + chunk)));
  recs.end();
  return out;
}

/** A deterministic pseudo-random generator (the synthetic data's own, seeded). */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

describe('quotes inside a cell', () => {
  it('are characters: a name with an odd number of quotes does not swallow the next lines', () => {
    expect(read('学籍号,姓名,班级\nG1,李"小明,5班\nG2,王芳,1班\nG3,"张\n三",2"班\n')).toEqual([
      ['学籍号', '姓名', '班级'],
      ['G1', '李"小明', '5班'],
      ['G2', '王芳', '1班'],
      ['G3', '张\n三', '2"班'],
    ]);
  });

  it('a quote at the start of a cell (after spaces) still opens a quoted cell, across lines and commas', () => {
    expect(read('a,  "b, c\nd" ,e\r\nf,"",""""\n')).toEqual([
      ['a', 'b, c\nd ', 'e'],
      ['f', '', '"'],
    ]);
  });

  it('text after a closing quote belongs to the cell, and a quote after it is a character', () => {
    expect(read('a,"b"c"d,e\nf,g\n')).toEqual([
      ['a', 'bc"d', 'e'],
      ['f', 'g'],
    ]);
  });

  it('gives the cells each record was written with, in any chunking', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const rows: string[][] = [];
      const lines: string[] = [];
      for (let i = 0; i < 60; i++) {
        const cells: string[] = [];
        const written: string[] = [];
        const n = 1 + Math.floor(r() * 5);
        for (let c = 0; c < n; c++) {
          const x = r();
          if (x < 0.3) {
            // A quoted cell: commas, line breaks and doubled quotes inside.
            const v = ['李,娜', '王\n芳', 'a "b" c', '', '"', '5,"班"'][Math.floor(r() * 6)]!;
            cells.push(v);
            written.push(`"${v.replaceAll('"', '""')}"`);
          } else if (x < 0.5) {
            // Quotes inside an unquoted cell, never at its start.
            const v = ['李"小"明', '5"班', 'a"', 'x""y', '张"'][Math.floor(r() * 5)]!;
            cells.push(v);
            written.push(v);
          } else {
            const v = `G${seed}-${i}-${c}`;
            cells.push(v);
            written.push(v);
          }
        }
        rows.push(cells);
        lines.push(written.join(','));
      }
      const text = `${lines.join(seed % 2 === 0 ? '\n' : '\r\n')}\n`;
      expect(read(text), `seed ${seed}`).toEqual(rows);
      expect(read(text, 1 + (seed % 7)), `seed ${seed}, small chunks`).toEqual(rows);
    }
  });
});
