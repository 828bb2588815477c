/**
 * The roll screen (src/domain/matching/screen.ts) must give exactly what the full path gives: the
 * same prepared row when it prepares one, and only rows without any candidate or problem when it
 * clears one. Checked row by row against `prepareStudent` + `Blocker`, and end to end: a roll read
 * with the screen and without it gives the same candidate block, output cells and problem list.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateCollector, StudentFlag } from '../src/domain/matching/collect.ts';
import { Blocker } from '../src/domain/matching/compare.ts';
import {
  mergeBlocks,
  type PreparedStudent,
  prepareStudent,
  type RawStudent,
  type RegistryIndex,
  type RowIssue,
} from '../src/domain/matching/index.ts';
import { RollScreen } from '../src/domain/matching/screen.ts';
import { CsvRecords, splitRecord } from '../src/modules/matching/csv-records.ts';
import { STUDENT_FIELDS, type StudentField } from '../src/modules/matching/headers.ts';
import { concatKeptCells, KeptCells } from '../src/modules/matching/kept-cells.ts';
import { compareBatch, RowBatcher, readRegistry, readRoll } from '../src/modules/matching/roll-reader.ts';
import { pick } from '../src/modules/matching/table-reader.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';
import { encodeGb18030 } from './fixtures/school-files.ts';

let dir: string;
let students: string;
let ix: RegistryIndex;
const COLS = {
  studentNo: 0,
  name: 1,
  sex: 2,
  birthDate: 3,
  idNumber: 4,
  idType: -1,
  hukou: 10,
  guardianName: 11,
  guardianIdNumber: 12,
};

/** Cells per row of the generated roll (its header's). */
const WIDTH = 16;

/** Valid IDs to build hostile rows from (check characters computed, not typed). */
function id(area: string, ymd: string, seq: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const first = area + ymd + seq;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first[i]) * w[i]!;
  return first + '10X98765432'[sum % 11];
}

/**
 * Rows in spellings the screen must send to the full path or read exactly: traditional and
 * phrase characters, compound surnames, spaces, dots, formulas, other sex and date spellings,
 * other 学籍号 forms, damaged guardian IDs, places with spaces and prefixes, quotes, short rows.
 */
function hostileRows(registryChild: { id: string; name: string }, adultId: string): string[] {
  const a = id('350402', '20120912', '064');
  const b = id('350421', '20100101', '123');
  const cells = (o: Partial<Record<keyof typeof COLS, string>>): string => {
    const row = new Array<string>(WIDTH).fill('否');
    row[5] = '某小学';
    row[6] = '2135010002';
    row[7] = '小学';
    row[8] = '二年级';
    row[9] = '5班';
    const base: Record<keyof typeof COLS, string> = {
      studentNo: `G${a}`,
      name: '潘涵艺',
      sex: '女',
      birthDate: '2012-09-12',
      idNumber: a,
      hukou: '福建省三明市梅列区列东街道梅岭社区',
      guardianName: '潘德',
      guardianIdNumber: '350402198409271756',
      idType: '',
    };
    for (const [k, v] of Object.entries({ ...base, ...o }))
      if (COLS[k as keyof typeof COLS] >= 0) row[COLS[k as keyof typeof COLS]] = v;
    return row.join(',');
  };
  return [
    cells({}),
    cells({ name: '陳思遠' }),
    cells({ name: '劉德華' }),
    cells({ name: '欧阳娜娜' }),
    cells({ name: '司马光明' }),
    cells({ name: '欧阳' }),
    cells({ name: '乾坤' }),
    cells({ name: '於小明' }),
    cells({ name: '李' }),
    cells({ name: ' 李娜' }),
    cells({ name: '李 娜' }),
    cells({ name: '阿依古丽·买买提' }),
    cells({ name: '=1+1' }),
    cells({ name: '@李娜' }),
    cells({ name: '𠮷野' }),
    cells({ name: '㐀明' }),
    cells({ name: '李娜2' }),
    cells({ name: '' }),
    cells({ name: '单田芳' }),
    cells({ name: '曾一鸣' }),
    cells({ name: '发财' }),
    cells({ name: '干一行' }),
    cells({ name: '后来' }),
    cells({ name: '里程' }),
    cells({ sex: 'M' }),
    cells({ sex: '1' }),
    cells({ sex: '男性' }),
    cells({ sex: '女生' }),
    cells({ sex: ' 男' }),
    cells({ sex: '' }),
    cells({ sex: '未知' }),
    cells({ birthDate: '2012/09/12' }),
    cells({ birthDate: '20120912' }),
    cells({ birthDate: '' }),
    cells({ birthDate: '2012-9-12' }),
    cells({ birthDate: '2012-09-13' }),
    cells({ birthDate: ' 2012-09-12' }),
    cells({ idNumber: a.toLowerCase().replace('X', 'x') }),
    cells({ idNumber: `'${a}` }),
    cells({ idNumber: `''${a}'` }),
    cells({ idNumber: `\`${a}` }),
    cells({ idNumber: `${a}'` }),
    cells({ idNumber: `${a.slice(0, 6)} ${a.slice(6, 14)} ${a.slice(14)}` }),
    cells({ idNumber: ` ' ${a} ` }),
    cells({ idNumber: `${a.slice(0, 6)}'${a.slice(6)}` }),
    cells({ idNumber: `${a.slice(0, 6)}\t${a.slice(6)}` }),
    cells({ idNumber: `${a.slice(0, 6)}-${a.slice(6)}` }),
    cells({ idNumber: `${a} 1` }),
    cells({ idNumber: ` ${a}` }),
    cells({ idNumber: '3.50402E+17' }),
    cells({ idNumber: `${a.slice(0, 15)}000` }),
    cells({ idNumber: a.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) }),
    cells({ idNumber: b, birthDate: '2010-01-01', studentNo: `G${b}` }),
    cells({ idNumber: '' }),
    cells({ studentNo: `g${a}` }),
    cells({ studentNo: 'L1234567890' }),
    cells({ studentNo: `G${b}` }),
    cells({ studentNo: ` G${a}` }),
    cells({ studentNo: '' }),
    // Zero-width characters in the cells the output keeps: kept-cells.ts drops them on the full path.
    cells({ name: '潘\u200b涵艺' }),
    cells({ name: '潘涵艺\u200d' }),
    cells({ idNumber: `\u2060${a}` }),
    cells({ idNumber: `${a.slice(0, 15)}\ufeff` }),
    cells({ studentNo: `G${a}\u200c` }),
    cells({ guardianIdNumber: '35040219840927175x' }),
    cells({ guardianIdNumber: '350402840927175' }),
    cells({ guardianIdNumber: '350402841327175' }),
    cells({ guardianIdNumber: '35040284092717' }),
    cells({ guardianIdNumber: '35040284092717X' }),
    cells({ guardianIdNumber: ' 350402198409271756' }),
    cells({ guardianIdNumber: '' }),
    cells({ guardianIdNumber: adultId }),
    cells({ guardianName: '' }),
    cells({ guardianName: '陳德' }),
    cells({ guardianName: '潘 德' }),
    cells({ hukou: '福建省 三明市梅列区' }),
    cells({ hukou: '三明市梅列区列东街道' }),
    cells({ hukou: '福建省三明市' }),
    cells({ hukou: '' }),
    cells({ hukou: 'Sanming City' }),
    cells({ hukou: '梅列区\u3000列东街道' }),
    // An unquoted comma shifts the cells after it; a trailing comma adds an empty cell.
    cells({ hukou: '福建省三明市,梅列区列东街道' }),
    `${cells({})},`,
    cells({ idNumber: adultId, birthDate: '' }),
    cells({ idNumber: registryChild.id, name: registryChild.name, birthDate: '' }),
    cells({ name: registryChild.name, idNumber: a }),
    `"G${a}","潘涵艺",女,2012-09-12,${a},某小学,2135010002,小学,二年级,5班,梅列区,潘德,,否,否,否`,
    `"G${a}","潘涵艺","女","2012-09-12","${a}","某小学,分校","2135010002","小学","二年级","5班","福建省三明市梅列区","潘德","","否","否","否"`,
    `G${a},潘涵艺,女,2012-09-12,${a},"某""小学",2135010002,小学,二年级,5班,梅列区,潘德,,否,否,否`,
    `G${a},潘涵艺,女,2012-09-12,${a},"多行\n学校",2135010002,小学,二年级,5班,梅列区,潘德,,否,否,否`,
    `G${a}, "潘涵艺",女,2012-09-12,${a},某小学,2135010002,小学,二年级,5班,梅列区,潘德,,否,否,否`,
    `G${a},"潘涵艺"x,女,2012-09-12,${a},某小学,2135010002,小学,二年级,5班,梅列区,潘德,,否,否,否`,
    `G${a},潘涵艺,女,2012-09-12,${a}`,
    `G${a},潘涵艺,女,2012-09-12,${a},某小学,2135010002,小学,二年级,5班,梅列区,潘德,,否,否,否\r`,
    ',,,,,,,,,,,,,,,',
    // Last: an unclosed quote takes the rest of the file into its record.
    `G${a},"潘涵艺,女,2012-09-12,${a},某小学,2135010002,小学,二年级,5班,梅列区,潘德,,否,否,否`,
  ];
}

let HOSTILE = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jiaofu-screen-'));
  const ds = generate({ seed: 5, households: 1500, extraStudents: 3000 });
  await writeDataset(ds, { outDir: dir, format: 'csv' });
  students = path.join(dir, 'students.csv');
  // Registry children whose ID was lost (no birth date: only their name finds them), named like
  // pupils of the roll that are in no household, so that the screen must not clear those rows.
  const pupils = readFileSync(students, 'utf8')
    .split('\n')
    .slice(1, 400)
    .map((l) => l.split(',')[1]!);
  const undated = pupils
    .filter((n, k) => k % 13 === 0 && /^[\u4e00-\u9fff]{2,3}$/.test(n))
    .map((n, k) => `U${k},U${k}01,${n},,女,之女,某某,,宁化县,石壁镇,红旗村,一般贫困户,未脱贫,小学`);
  expect(undated.length).toBeGreaterThan(10);
  appendFileSync(path.join(dir, 'registry.csv'), `${undated.join('\n')}\n`);
  ix = await readRegistry(path.join(dir, 'registry.csv'), '2020-09-01', []);
  expect(ix.byNameUndated.size).toBeGreaterThan(10);
  const child = ix.persons.find((p, i) => ix.eligible[i] === 1 && p.id !== null)!;
  const adult = ix.persons.find((p) => p.adult && p.id !== null)!;
  const rows = hostileRows({ id: child.id!, name: child.name }, adult.id!);
  HOSTILE = rows.length;
  appendFileSync(students, `${rows.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Rec = { buf: Buffer; start: number; end: number; quotes: number; raw: RawStudent };

/** A roll row's raw student from its cells, as the reader picks them (a column at -1 is absent). */
function rawStudent(
  cells: readonly string[],
  columns: Record<StudentField, number>,
  row: number,
): RawStudent {
  const raw = pick(
    cells,
    columns,
    STUDENT_FIELDS.map((f) => f.key),
  ) as unknown as RawStudent;
  raw.row = row;
  return raw;
}

/** Every data record of a students file with its raw row (records found as the reader finds them). */
function records(file = students): Rec[] {
  const out: Rec[] = [];
  let row = 0;
  const recs = new CsvRecords((b, start, end, quotes) => {
    row++;
    if (row === 1) return; // the header
    // The buffer is reused between chunks: keep a copy of the record.
    const buf = Buffer.from(b.subarray(start, end));
    const c = splitRecord(buf, 0, buf.length, quotes);
    if (c.every((x) => x === '')) return;
    out.push({ buf, start: 0, end: buf.length, quotes, raw: rawStudent(c, COLS, row) });
  });
  recs.feed(readFileSync(file));
  recs.end();
  return out;
}

/** The students file with every cell of every row quoted, as some exports write it. */
/** The students file as Excel on Chinese Windows saves it (rows the fixture encoder cannot write left out). */
function asGb18030(): string {
  const file = path.join(dir, 'students-gb.csv');
  const text = readFileSync(students, 'utf8').replace(/^\uFEFF/, '');
  const encodable = (l: string): boolean => {
    try {
      encodeGb18030(l);
      return true;
    } catch {
      return false;
    }
  };
  const lines = text.split(/\r?\n/).filter((l) => l !== '' && encodable(l));
  writeFileSync(file, encodeGb18030(`${lines.join('\r\n')}\r\n`));
  return file;
}

function allQuoted(): string {
  const file = path.join(dir, 'students-quoted.csv');
  const text = readFileSync(students, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l !== '' && !l.includes('"'));
  writeFileSync(
    file,
    `${lines
      .map((l) =>
        l
          .split(',')
          .map((c) => `"${c}"`)
          .join(','),
      )
      .join('\r\n')}\r\n`,
  );
  return file;
}

describe('roll screen', () => {
  it('prepares exactly what prepareStudent prepares, and clears only rows without candidates or problems', () => {
    const screen = new RollScreen(ix, COLS, WIDTH);
    const blocker = new Blocker(ix);
    const cand: number[] = [];
    const seen = { full: 0, prepared: 0, cleared: 0 };
    for (const r of [...records(), ...records(allQuoted())]) {
      const got = screen.screen(r.buf, r.start, r.end, r.quotes);
      if (got === 0) {
        seen.full++;
        continue;
      }
      const issues: RowIssue[] = [];
      const full: PreparedStudent = prepareStudent(r.raw, issues);
      expect(screen.prepare(r.raw.row), `row ${r.raw.row}`).toEqual(full);
      expect(issues, `row ${r.raw.row}`).toEqual([]);
      expect([full.idExcel, full.idTrusted, full.name !== '']).toEqual([null, true, true]);
      const [s, e] = [screen.kept, r.buf];
      const cell = (i: number): string => e.toString('utf8', s[i]!, s[i + 1]!);
      expect([cell(0), cell(2), cell(4)]).toEqual([full.studentNo, r.raw.name.trim(), r.raw.idNumber.trim()]);
      if (got > 0) {
        seen.cleared++;
        blocker.candidates(full, cand);
        expect(cand, `row ${r.raw.row} has candidates`).toEqual([]);
        expect(blocker.guardianOwner).toBe(-1);
        expect(got).toBe(Number(full.birthDate!.replaceAll('-', '')));
      } else seen.prepared++;
    }
    // The all-quoted copy is screened like the plain file.
    const quoted = records(allQuoted());
    const accepted = quoted.filter((r) => screen.screen(r.buf, r.start, r.end, r.quotes) !== 0).length;
    expect(accepted / quoted.length).toBeGreaterThan(0.5);
    // All three paths are exercised.
    expect(seen.full).toBeGreaterThan(300);
    expect(seen.prepared).toBeGreaterThan(300);
    expect(seen.cleared).toBeGreaterThan(300);
  });

  it('sends the hostile spellings to the full path', () => {
    const screen = new RollScreen(ix, COLS, WIDTH);
    const hostile = records().slice(-HOSTILE);
    const cleared = hostile.filter((r) => screen.screen(r.buf, r.start, r.end, r.quotes) !== 0);
    // Only spellings that are their own normal form may pass: the plain row and its harmless variants.
    for (const r of cleared) {
      const full = prepareStudent(r.raw, []);
      expect(full.name, `row ${r.raw.row}`).toBe(r.raw.name);
      // Spaces, quotes around it and a lower-case x are the only ID formatting it reads through.
      expect(full.id, `row ${r.raw.row}`).toBe(r.raw.idNumber.replace(/[ '`]/g, '').toUpperCase());
    }
    const names = new Set(cleared.map((r) => r.raw.name));
    // The simple quoted forms are read; doubled quotes, text after a closing quote and a quote
    // after spaces are not.
    const schools = new Set(cleared.map((r) => r.buf.toString('utf8')));
    expect([...schools].some((x) => x.includes('"某小学,分校"'))).toBe(true);
    expect([...schools].some((x) => x.includes('多行'))).toBe(true);
    for (const bad of ['"某""小学"', ' "潘涵艺"', '"潘涵艺"x'])
      expect(
        [...schools].some((x) => x.includes(bad)),
        bad,
      ).toBe(false);
    // (乾坤 and 於小明 are their own normal form — names convert one character at a time, and 乾, 於
    // stay — so they may pass; the loop above checks that every row that passes is.)
    for (const n of ['陳思遠', '劉德華', '欧阳娜娜', '司马光明', ' 李娜', '李 娜', '=1+1'])
      expect(names.has(n), n).toBe(false);
    const ids = cleared.map((r) => r.raw.idNumber);
    expect(ids.some((x) => /[\t-]|\d'\d| 1$/.test(x))).toBe(false);
    // No kept cell with a zero-width character is copied as bytes (KeptCells.pushBytes).
    const zeroWidth = /[\u200b-\u200d\u2060\ufeff]/;
    for (const r of cleared)
      expect(zeroWidth.test(`${r.raw.studentNo}${r.raw.name}${r.raw.idNumber}`), `row ${r.raw.row}`).toBe(
        false,
      );
    expect(ids.some((x) => x.startsWith("''"))).toBe(true);
  });

  it('compares rows handed over in batches (an xlsx roll read by the worker) exactly as the full path does', () => {
    const rows = records().map((r) => ({
      cells: splitRecord(r.buf, r.start, r.end, r.quotes),
      row: r.raw.row,
    }));
    const [first] = rows;
    // Picked cells a CSV record must quote, a BOM where the bytes start, the kept-cells separators.
    const odd = (name: string, hukou: string, studentNo = first!.cells[0]!) => {
      const cells = [...first!.cells];
      cells[COLS.name] = name;
      cells[COLS.hukou] = hukou;
      cells[COLS.studentNo] = studentNo;
      return { cells, row: 900_000 + rows.length };
    };
    const extra = [
      odd('\uFEFF潘涵艺', '福建省三明市梅列区', '\uFEFFG1'),
      odd('潘,涵艺', '梅列区"列东"街道'),
      odd('潘涵艺', '梅列区\n列东街道'),
      odd('潘\u0001涵艺', '梅列区\r列东街道'),
      odd('"潘涵艺"', ' 梅列区 '),
    ];
    for (const columns of [COLS, { ...COLS, guardianIdNumber: -1, sex: -1 }]) {
      const all = [...extra, ...rows];
      const want = {
        issues: [] as RowIssue[],
        collector: new CandidateCollector(ix, 16),
        keep: new KeptCells(16),
      };
      for (const { cells, row } of all) {
        const raw = rawStudent(cells, columns, row);
        const prepared = prepareStudent(raw, want.issues);
        want.collector.add(prepared);
        want.keep.push(prepared.studentNo, raw.name.trim(), raw.idNumber.trim());
      }
      // Batches of 500, the screen kept from one to the next.
      const got = { issues: [] as RowIssue[], blocks: [] as ReturnType<typeof compareBatch>[] };
      const reuse = { screen: null };
      for (let i = 0; i < all.length; i += 500) {
        const batcher = new RowBatcher(columns);
        for (const { cells, row } of all.slice(i, i + 500)) batcher.add(cells, row);
        got.blocks.push(compareBatch(ix, batcher.take(), got.issues, reuse));
      }
      const block = mergeBlocks(got.blocks.map((b) => b.block));
      const keep = concatKeptCells(got.blocks.map((b) => b.keep));
      const expected = want.keep.finish();
      expect(block).toEqual(want.collector.finish());
      expect(Buffer.from(keep.bytes).equals(Buffer.from(expected.bytes))).toBe(true);
      expect(keep.ends).toEqual(expected.ends);
      expect(got.issues).toEqual(want.issues);
    }
  });

  it('reads a 身份证件类型 column: only 居民身份证 rows pass the screen, and the result is the full path’s', async () => {
    const types = ['居民身份证', '', '护照', '台湾居民来往大陆通行证', '学生证'];
    const file = path.join(dir, 'students-typed.csv');
    const text = readFileSync(students, 'utf8').replace(/^\uFEFF/, '');
    const header = text.slice(0, text.indexOf('\n')).replace(/\r$/, '');
    // (Whole records on one line each, so that the type lands in its column and record and file row
    // numbers agree.)
    const recs = records().filter(
      (r) =>
        !r.buf.includes(0x0a) &&
        !r.buf.includes(0x0d) &&
        splitRecord(r.buf, r.start, r.end, r.quotes).length === WIDTH,
    );
    writeFileSync(
      file,
      `${header},身份证件类型\n${recs.map((r, i) => `${r.buf.toString('utf8')},${types[i % types.length]}`).join('\n')}\n`,
    );
    const screen = new RollScreen(ix, { ...COLS, idType: WIDTH }, WIDTH + 1);
    const typed = records(file);
    let accepted = 0;
    typed.forEach((r, i) => {
      const got = screen.screen(r.buf, r.start, r.end, r.quotes);
      if (got !== 0) {
        accepted++;
        expect(['居民身份证', ''], `row ${r.raw.row}`).toContain(types[i % types.length]);
      }
    });
    expect(accepted).toBeGreaterThan(300);
    const withIssues: RowIssue[] = [];
    const withoutIssues: RowIssue[] = [];
    const a = await readRoll(file, ix, withIssues);
    const b = await readRoll(file, ix, withoutIssues, undefined, undefined, false);
    expect(a.block).toEqual(b.block);
    expect(withIssues).toEqual(withoutIssues);
    // Other documents' numbers are flagged as such and never reported; an unknown type is reported.
    const rowsOf = (t: string) =>
      new Set(typed.filter((_, i) => types[i % types.length] === t).map((r) => r.raw.row));
    const passports = new Set([...rowsOf('护照'), ...rowsOf('台湾居民来往大陆通行证')]);
    const flagged = [...a.block.rows].filter(
      (_row, i) => (a.block.flags[i]! & StudentFlag.OtherDocument) !== 0,
    );
    expect(new Set(flagged)).toEqual(passports);
    expect(withIssues.some((x) => passports.has(x.row) && x.column === '身份证件号')).toBe(false);
    const unknown = withIssues.filter((x) => x.column === '身份证件类型').map((x) => x.row);
    expect(new Set(unknown)).toEqual(rowsOf('学生证'));
  });

  it.each([
    ['as written', () => students],
    ['with every cell quoted', allQuoted],
    ['saved as GB18030', asGb18030],
  ])(
    'reads a roll (%s) to the same candidate block, output cells and problems with and without the screen',
    async (_, make) => {
      const file = make();
      const withIssues: RowIssue[] = [];
      const withoutIssues: RowIssue[] = [];
      const a = await readRoll(file, ix, withIssues);
      const b = await readRoll(file, ix, withoutIssues, undefined, undefined, false);
      expect(a.lastRow).toBe(b.lastRow);
      expect(a.block).toEqual(b.block);
      expect(Buffer.from(a.keep.bytes).equals(Buffer.from(b.keep.bytes))).toBe(true);
      expect(a.keep.ends).toEqual(b.keep.ends);
      expect(withIssues).toEqual(withoutIssues);
      expect(withIssues.length).toBeGreaterThan(50);
    },
  );
});
