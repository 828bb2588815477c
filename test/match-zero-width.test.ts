/**
 * Zero-width characters (U+200B, U+200C, U+200D, U+FEFF, U+2060) that came into a roll or registry
 * cell with copy and paste: the comparison ignores them, and the output carries none of them —
 * invisible in a spreadsheet, they make its searches and lookups fail.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFileMatch } from '../src/modules/matching/run-file-match.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060'];
/** Any of them, in decoded text. */
const ZERO_WIDTH_BYTES = /\u200b|\u200c|\u200d|\ufeff|\u2060/;

let dir: string;
/** 学籍号 of the roll rows and 人编号 of the registry persons given zero-width characters. */
const alteredRows = new Set<string>();
const alteredPersons = new Set<string>();
const file = (name: string): string => path.join(dir, name);
const read = (name: string): string[][] =>
  parse(readFileSync(file(name), 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
const write = (name: string, rows: string[][]): void =>
  writeFileSync(
    file(name),
    `\uFEFF${rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n')}\r\n`,
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jiaofu-zero-width-'));
  await writeDataset(generate({ seed: 7, households: 300, extraStudents: 300 }), {
    outDir: dir,
    format: 'csv',
  });
  let k = 0;
  const zw = (): string => ZERO_WIDTH[k++ % ZERO_WIDTH.length]!;
  const [sh, ...students] = read('students.csv');
  const [no, name, id] = ['学籍号', '姓名', '身份证件号'].map((c) => sh!.indexOf(c));
  // A third of the roll's rows with a well-formed ID: one in each output cell (学籍号, 姓名, 身份证件号).
  const roll = students.map((r, i) =>
    i % 3 !== 0 || !/^\d{17}[\dX]$/.test(r[id!]!)
      ? r
      : r.map((v, c) =>
          c === no && v !== ''
            ? `${v}${zw()}`
            : c === name
              ? `${v.slice(0, 1)}${zw()}${v.slice(1)}`
              : c === id
                ? `${zw()}${v}`
                : v,
        ),
  );
  students.forEach((r, i) => {
    if (roll[i] !== r) alteredRows.add(r[no!]!);
  });
  write('students-zw.csv', [sh!, ...roll]);
  const [rh, ...persons] = read('registry.csv');
  const [house, person, rname, rid] = ['户编号', '人编号', '姓名', '证件号码'].map((c) => rh!.indexOf(c));
  // Every fourth household's 户编号 (all its members alike), a third of the 人编号, half the names and IDs.
  const houses = new Set(persons.filter((_, i) => i % 4 === 0).map((r) => r[house!]));
  const registry = persons.map((r, i) =>
    r.map((v, c) =>
      c === house && houses.has(v)
        ? `${v}\u200b`
        : c === person && i % 3 === 0
          ? `${zw()}${v}`
          : (c === rname || c === rid) && i % 2 === 0 && v !== ''
            ? `${v.slice(0, 2)}${zw()}${v.slice(2)}`
            : v,
    ),
  );
  persons.forEach((r, i) => {
    if (registry[i]!.some((v, c) => v !== r[c])) alteredPersons.add(r[person!]!);
  });
  write('registry-zw.csv', [rh!, ...registry]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zero-width characters in the input files of jiaofu match', () => {
  it('leave no trace in the output: the same files (results, --unenrolled, 问题清单) as from the clean inputs, with one thread and two', async () => {
    const run = async (tag: string, students: string, registry: string, threads: number) => {
      await runFileMatch({
        students: file(students),
        registry: file(registry),
        out: file(`${tag}.csv`),
        unenrolled: file(`${tag}-unenrolled.csv`),
        asOf: '2020-09-01',
        threads,
        parallelMinBytes: 0,
      });
      return [`${tag}.csv`, `${tag}-unenrolled.csv`, `${tag}-问题清单.csv`].map((f) => readFileSync(file(f)));
    };
    const clean = await run('clean', 'students.csv', 'registry.csv', 1);
    // The altered rows and persons are among those the output shows: matched rows, and the list.
    const [results, unenrolled] = clean
      .slice(0, 2)
      .map((b) => parse(b.toString('utf8').slice(1), { from_line: 2 }) as string[][]);
    const shown = (rows: string[][], at: number) => rows.filter((r) => alteredPersons.has(r[at]!)).length;
    expect(results!.filter((r) => alteredRows.has(r[0]!) && r[5] === '确认匹配').length).toBeGreaterThan(20);
    expect(shown(results!, 3)).toBeGreaterThan(20);
    expect(shown(unenrolled!, 0)).toBeGreaterThan(2);
    for (const threads of [1, 2]) {
      const out = await run(`zw-${threads}`, 'students-zw.csv', 'registry-zw.csv', threads);
      for (let f = 0; f < out.length; f++) {
        const text = out[f]!.toString('utf8').slice(1);
        expect(ZERO_WIDTH_BYTES.test(text), `file ${f}, threads ${threads}`).toBe(false);
        expect(out[f]!.equals(clean[f]!), `file ${f}, threads ${threads}`).toBe(true);
      }
    }
  });
});
