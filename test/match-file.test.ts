import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreOutput } from '../bench/match-quality.ts';
import { excelCsvTip, unenrolledNotes } from '../src/cli/commands/match.ts';
import { UNENROLLED_HEADERS } from '../src/modules/matching/headers.ts';
import { BATCH_ROWS } from '../src/modules/matching/parallel.ts';
import {
  type FileMatchSummary,
  MATCH_HEADERS,
  runFileMatch,
} from '../src/modules/matching/run-file-match.ts';
import { loadExcel } from '../src/modules/xlsx/exceljs.ts';
import { generate } from '../src/synth/generate.ts';
import { writeDataset } from '../src/synth/write.ts';
import { encodeGb18030 } from './fixtures/school-files.ts';

let dir: string;
let summary: FileMatchSummary;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'jiaofu-match-'));
  // ~2,500 registry children on the roll plus ~2,500 non-poor rows (hard negatives included).
  const ds = generate({ seed: 3, households: 1800, extraStudents: 2500 });
  await writeDataset(ds, { outDir: dir, format: 'csv' });
  summary = await runFileMatch({
    students: path.join(dir, 'students.csv'),
    registry: path.join(dir, 'registry.csv'),
    out: path.join(dir, 'match-out.csv'),
    unenrolled: path.join(dir, 'match-unenrolled.csv'),
    asOf: '2020-09-01',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jiaofu match, file to file', () => {
  it('writes the output columns of DESIGN.md in order, UTF-8 with a BOM, one row per roll row at least', () => {
    const text = readFileSync(path.join(dir, 'match-out.csv'));
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text
      .toString('utf8')
      .slice(1)
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines[0]).toBe(MATCH_HEADERS.join(','));
    expect(lines.length - 1).toBe(summary.outputRows);
    expect(summary.outputRows).toBeGreaterThanOrEqual(summary.students);
    const outcomes = new Set(lines.slice(1).map((l) => l.split(',')[5]));
    expect([...outcomes].every((o) => ['确认匹配', '疑似匹配', '未匹配'].includes(o!))).toBe(true);
    const un = readFileSync(path.join(dir, 'match-unenrolled.csv'), 'utf8');
    expect(un.slice(1).split('\r\n')[0]).toBe(UNENROLLED_HEADERS.join(','));
  });

  it('says when the roll has neither guardian nor 户籍 columns, on one thread and on two (tester v26c F6)', async () => {
    expect(summary.notices.some((n) => n.includes('没有监护人和户籍所在地列'))).toBe(false);
    // The roll without its 户籍所在地, 监护人姓名 and 监护人身份证件号 columns.
    const rows = readFileSync(path.join(dir, 'students.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\n');
    const head = rows[0]!.split(',');
    const drop = ['户籍所在地', '监护人姓名', '监护人身份证件号'].map((h) => head.indexOf(h));
    expect(drop.every((i) => i >= 0)).toBe(true);
    const bare = rows
      .filter((l) => l !== '')
      .map((l) =>
        l
          .split(',')
          .filter((_, i) => !drop.includes(i))
          .join(','),
      )
      .join('\n');
    const file = path.join(dir, 'students-bare.csv');
    writeFileSync(file, `${bare}\n`);
    for (const threads of [1, 2]) {
      const s = await runFileMatch({
        students: file,
        registry: path.join(dir, 'registry.csv'),
        out: path.join(dir, `bare-out-${threads}.csv`),
        asOf: '2020-09-01',
        threads,
        parallelMinBytes: 0,
      });
      expect(s.notices, String(threads)).toContainEqual(
        expect.stringMatching(
          /^注意：学生名册没有监护人和户籍所在地列：没有有效身份证号的学生只能凭姓名和出生日期比对/,
        ),
      );
    }
  });

  it('names as 最相近 of an unmatched row only a registry person who could be the student', () => {
    const rows = readFileSync(path.join(dir, 'match-out.csv'), 'utf8')
      .slice(1)
      .split('\r\n')
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.split(','));
    const why = rows.filter((r) => r[5] === '未匹配').map((r) => r.slice(7).join(','));
    const named = why.filter((w) => w.includes('最相近'));
    expect(named.length).toBeGreaterThan(0);
    // Two valid, different IDs are two people unless the guardian ties the row to the household.
    for (const w of named.filter((x) => x.includes('两个号码均有效')))
      expect(w).toMatch(/监护人(身份证号|姓名)/);
    // Namesakes born the same day are mentioned, never named.
    for (const w of why.filter((x) => x.includes('同名且出生日期相同'))) expect(w).not.toContain('最相近');
    expect(why.filter((w) => w === '建档立卡名单中未找到该生').length).toBeGreaterThan(why.length / 2);
  });

  it('meets the quality bars on the generated roll', () => {
    const q = scoreOutput(dir, path.join(dir, 'match-out.csv'), path.join(dir, 'match-unenrolled.csv'));
    const all = q.slices.get('全部')!;
    expect(all.rows).toBeGreaterThan(4500);
    expect(all.confirmedCorrect / all.confirmed).toBeGreaterThanOrEqual(0.9995);
    expect(all.confirmedCorrect / all.registryRows).toBeGreaterThanOrEqual(0.99);
    expect(all.confirmedCorrect + all.foundInReview).toBe(all.registryRows);
    expect(all.review / all.rows).toBeLessThanOrEqual(0.01);
    expect(all.crossLinks).toBe(0);
    expect(q.hardNegConfirmed).toBe(0);
    // --unenrolled is complete: every out-of-school child of the ground truth is listed.
    expect(q.unenrolledMissing).toEqual([]);
  });

  it('lists rows that name one student twice: a repeated 学籍号, one ID under two 学籍号 (any spelling)', async () => {
    const [header, ...rows] = parse(
      readFileSync(path.join(dir, 'students.csv'), 'utf8').replace(/^\uFEFF/, ''),
      {
        relax_column_count: true,
      },
    ) as string[][];
    const noCol = header!.indexOf('学籍号');
    const idCol = header!.indexOf('身份证件号');
    const valid = rows.filter((r) => /^\d{17}[\dX]$/.test(r[idCol]!));
    const [a, b, c, d] = valid;
    const fileRow = (r: string[]): number => rows.indexOf(r) + 2;
    const fullWidth = (id: string): string =>
      [...id].map((ch) => (ch === 'X' ? 'ｘ' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0))).join('');
    const extra = [
      // The same row twice (its 学籍号 with blanks around it).
      a!.map((v, i) => (i === noCol ? ` ${v} ` : v)),
      // b's ID, full-width, under another 学籍号.
      b!.map((v, i) => (i === noCol ? 'G000000000000000001' : i === idCol ? fullWidth(v) : v)),
      // Two different children whose IDs Excel cut to the same …000: not the same ID.
      c!.map((v, i) => (i === noCol ? 'G000000000000000002' : i === idCol ? `${v.slice(0, 15)}000` : v)),
      d!.map((v, i) =>
        i === noCol ? 'G000000000000000003' : i === idCol ? `${c![idCol]!.slice(0, 15)}000` : v,
      ),
    ];
    const all = [header!, ...rows, ...extra];
    const text = all.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n');
    writeFileSync(path.join(dir, 'students-dup.csv'), `\uFEFF${text}\r\n`);
    const first = rows.length + 2;
    const expected = [
      [
        String(first),
        '学籍号',
        `学籍号 ${a![noCol]} 与第 ${fileRow(a!)} 行重复：同一学生在名册中出现两次，请核对后删除多余的一行（两行学校不同时，多为转学后原学校未注销：保留现就读学校的一行）`,
      ],
      [
        String(first + 1),
        '身份证件号',
        `身份证件号与第 ${fileRow(b!)} 行（学籍号 ${b![noCol]}，${b![1]}）相同：可能是同一学生重复建立学籍（一人多籍），也可能误填了家长的身份证号，请核实`,
      ],
    ];
    for (const threads of [1, 2]) {
      const s = await runFileMatch({
        students: path.join(dir, 'students-dup.csv'),
        registry: path.join(dir, 'registry.csv'),
        out: path.join(dir, `dup-${threads}.csv`),
        asOf: '2020-09-01',
        threads,
        parallelMinBytes: 0,
      });
      const issues = parse(readFileSync(s.issuesFile!, 'utf8').replace(/^\uFEFF/, ''), {
        from_line: 2,
      }) as string[][];
      // (The generated roll has its own: siblings entered with their guardian's ID, each told whose
      // ID it is, not called a 一人多籍 — tester v22a F5.)
      const twice = issues
        .filter((x) => Number(x[1]) >= first && /重复|一人多籍/.test(x[3]!))
        .map((x) => x.slice(1));
      const adults = issues.filter(
        (x) => Number(x[1]) < first && x[3]!.startsWith('身份证件号为建档立卡人员'),
      );
      expect(adults.length).toBeGreaterThan(1);
      const adultRows = new Set(adults.map((x) => x[1]));
      expect(issues.filter((x) => adultRows.has(x[1]) && x[3]!.includes('一人多籍'))).toEqual([]);
      expect(twice, `threads ${threads}`).toEqual(expected);
      // Merged into row order with the row's other problems.
      const order = issues.filter((x) => x[0] === '学生名册').map((x) => Number(x[1]));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
  });

  it('gives the same files with one thread and with two (the u sample follows row content, not position)', async () => {
    const run = async (threads: number, mainParts?: number, students = 'students.csv'): Promise<Buffer[]> => {
      const out = path.join(dir, `t${threads}-${mainParts}-${students}`);
      const seen = new Map<string, [number, number][]>();
      const s = await runFileMatch({
        onProgress: (phase, done, total) => {
          if (!seen.has(phase)) seen.set(phase, []);
          seen.get(phase)!.push([done, total]);
        },
        students: path.join(dir, students),
        registry: path.join(dir, 'registry.csv'),
        out,
        unenrolled: path.join(dir, `t${threads}-unenrolled.csv`),
        asOf: '2020-09-01',
        threads,
        // Small enough that this roll is cut into parts shared by two threads.
        parallelMinBytes: 0,
        mainParts,
      });
      expect(s.students).toBe(summary.students);
      if (mainParts !== undefined) {
        // The worker read every part but the first: its parts' row numbers and order are tested.
        expect(s.parts!.main).toBe(mainParts);
        expect(s.parts!.worker).toBeGreaterThan(5);
      }
      // Progress never passes 100% and every phase ends at 100%, however the roll is split.
      for (const [phase, steps] of seen) {
        for (const [done, total] of steps) expect(done, phase).toBeLessThanOrEqual(total);
        const [done, total] = steps[steps.length - 1]!;
        expect(done, phase).toBe(total);
      }
      return [out, path.join(dir, `t${threads}-unenrolled.csv`), s.issuesFile!].map((f) => readFileSync(f));
    };
    // The same roll as Excel on Chinese Windows saves it: GB18030, cut into parts all the same.
    const utf8 = readFileSync(path.join(dir, 'students.csv'), 'utf8').replace(/^\uFEFF/, '');
    writeFileSync(path.join(dir, 'students-gb18030.csv'), encodeGb18030(utf8));
    const one = await run(1);
    for (const two of [await run(2, 1), await run(2), await run(2, 1, 'students-gb18030.csv')])
      for (let f = 0; f < one.length; f++) expect(two[f]!.equals(one[f]!), `file ${f}`).toBe(true);
  });

  it('reads Excel 97–2003 (.xls), XML 2003 and HTML saved as .xls as it reads the CSV', async () => {
    const X = createRequire(import.meta.url)('@e965/xlsx');
    const make = (name: string): string[] => {
      const rows = parse(readFileSync(path.join(dir, `${name}.csv`), 'utf8').replace(/^\uFEFF/, ''), {
        relax_column_count: true,
      }) as string[][];
      // A title row above the header, as the national systems' exports have.
      const ws = X.utils.aoa_to_sheet([['三明市2020年名单'], ...rows]);
      const wb = X.utils.book_new();
      X.utils.book_append_sheet(wb, ws, '名单');
      const files = [`${name}.xls`, `${name}-xml2003.xls`, `${name}-html.xls`].map((f) => path.join(dir, f));
      X.writeFile(wb, files[0], { bookType: 'biff8' });
      X.writeFile(wb, files[1], { bookType: 'xlml' });
      writeFileSync(files[2]!, X.utils.sheet_to_html(ws));
      return files;
    };
    const rolls = make('students');
    const registries = make('registry');
    const csvOut = readFileSync(path.join(dir, 'match-out.csv'));
    for (let v = 0; v < 3; v++) {
      const out = path.join(dir, `legacy-${v}.csv`);
      const s = await runFileMatch({
        students: rolls[v]!,
        registry: registries[v]!,
        out,
        asOf: '2020-09-01',
      });
      expect(s.students, rolls[v]).toBe(summary.students);
      // (Rows named in explanations are file lines: one more below the title row.)
      const lines = readFileSync(out, 'utf8').replace(/第(\d+)行/g, (_, n: string) => `第${Number(n) - 1}行`);
      expect(lines === csvOut.toString('utf8'), rolls[v]).toBe(true);
    }
    // A file that starts like one but is not: a Chinese message, nothing written.
    const broken = path.join(dir, 'broken.xls');
    writeFileSync(
      broken,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600, 7)]),
    );
    await expect(
      runFileMatch({
        students: broken,
        registry: registries[0]!,
        out: path.join(dir, 'broken-out.csv'),
        asOf: '2020-09-01',
      }),
    ).rejects.toThrow(/^学生名册(文件已损坏或不是 Excel 文件|无法读取：Excel 文件已损坏)/);
    expect(existsSync(path.join(dir, 'broken-out.csv'))).toBe(false);
  });

  it('reads xlsx with numeric (Excel-damaged) ID cells and writes xlsx', async () => {
    const { files } = await writeDataset(generate({ seed: 5, households: 150, extraStudents: 100 }), {
      outDir: path.join(dir, 'x'),
      format: 'xlsx',
    });
    const out = path.join(dir, 'x', 'out.xlsx');
    const s = await runFileMatch({
      students: files.students,
      registry: files.registry,
      out,
      asOf: '2020-09-01',
    });
    expect(s.confirmed).toBeGreaterThan(0);
    // The same dataset as CSV decides every row the same way: Excel's numbers for damaged IDs are
    // read back as the digits Excel kept (…000), as the CSV shows them.
    const { files: csvFiles } = await writeDataset(
      generate({ seed: 5, households: 150, extraStudents: 100 }),
      {
        outDir: path.join(dir, 'x-csv'),
        format: 'csv',
      },
    );
    const c = await runFileMatch({
      students: csvFiles.students,
      registry: csvFiles.registry,
      out: path.join(dir, 'x-csv', 'out.csv'),
      asOf: '2020-09-01',
    });
    expect([s.confirmed, s.review, s.unmatched]).toEqual([c.confirmed, c.review, c.unmatched]);
    const wb = new (loadExcel().Workbook)();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...MATCH_HEADERS]);
    expect(ws.rowCount - 1).toBe(s.outputRows);
    // 匹配分 is a number Excel sorts and filters; the ID stays text; the header stays in view.
    const score = MATCH_HEADERS.indexOf('匹配分') + 1;
    const id = MATCH_HEADERS.indexOf('身份证件号') + 1;
    const scored = [];
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      if (row.getCell(score).value !== null) scored.push(row.getCell(score).value);
      const v = row.getCell(id).value;
      if (v !== null) expect(typeof v).toBe('string');
    }
    expect(scored.length).toBeGreaterThan(0);
    for (const v of scored) expect(typeof v).toBe('number');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(id).width).toBe(22);
  });

  it('reads a registry exported with merged household cells (xlsx, or CSV saved from it) as the unmerged one', async () => {
    const rows = parse(readFileSync(path.join(dir, 'registry.csv')), { bom: true }) as string[][];
    const header = rows[0]!;
    const houseCols = ['户编号', '户主姓名', '户主证件号码', '县(市、区)', '乡(镇)', '行政村'].map((h) =>
      header.indexOf(h),
    );
    expect(houseCols.every((c) => c >= 0)).toBe(true);
    // Household runs: consecutive rows of one 户编号; the cells of the rows after the first are emptied.
    const runs: Array<[number, number]> = [];
    const blanked = rows.map((r, i) => {
      if (i === 0) return r;
      const run = runs.at(-1);
      if (run && rows[run[0]]![houseCols[0]!] === r[houseCols[0]!]) {
        run[1] = i;
        return r.map((v, c) => (houseCols.includes(c) ? '' : v));
      }
      runs.push([i, i]);
      return r;
    });
    const csvFile = path.join(dir, 'registry-merged.csv');
    writeFileSync(
      csvFile,
      `\uFEFF${blanked.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')).join('\r\n')}\r\n`,
    );
    const Excel = loadExcel();
    const wb = new Excel.Workbook();
    const ws = wb.addWorksheet('建档立卡');
    for (const r of blanked) ws.addRow(r);
    for (const [a, b] of runs)
      if (b > a) for (const c of houseCols) ws.mergeCells(a + 1, c + 1, b + 1, c + 1);
    const xlsxFile = path.join(dir, 'registry-merged.xlsx');
    await wb.xlsx.writeFile(xlsxFile);
    expect(runs.some(([a, b]) => b > a)).toBe(true);
    const want = readFileSync(path.join(dir, 'match-out.csv'));
    const wantUnenrolled = readFileSync(path.join(dir, 'match-unenrolled.csv'));
    for (const registry of [csvFile, xlsxFile]) {
      const out = `${registry}.out.csv`;
      const unenrolled = `${registry}.unenrolled.csv`;
      const s = await runFileMatch({
        students: path.join(dir, 'students.csv'),
        registry,
        out,
        unenrolled,
        asOf: '2020-09-01',
      });
      expect([s.confirmed, s.review, s.unenrolled], registry).toEqual([
        summary.confirmed,
        summary.review,
        summary.unenrolled,
      ]);
      expect(readFileSync(out).equals(want), registry).toBe(true);
      expect(readFileSync(unenrolled).equals(wantUnenrolled), registry).toBe(true);
      expect(s.notices[0], registry).toMatch(/^注意：建档立卡名单中 \d+ 行（第\d+、.*已按同户上一行补齐/);
    }
  });

  it('gives the same files when a worker reads an xlsx roll and this thread compares its batches', async () => {
    // The roll and registry of the first test, as xlsx (a zip: read by one thread, compared by the other).
    const { files } = await writeDataset(generate({ seed: 3, households: 1800, extraStudents: 2500 }), {
      outDir: path.join(dir, 'xb'),
      format: 'xlsx',
    });
    const run = async (threads: number) => {
      const out = path.join(dir, 'xb', `out-${threads}.csv`);
      const seen: [number, number][] = [];
      const s = await runFileMatch({
        students: files.students,
        registry: files.registry,
        out,
        asOf: '2020-09-01',
        threads,
        parallelMinBytes: 0,
        onProgress: (phase, done, total) => {
          if (phase === '比对学生名册') seen.push([done, total]);
        },
      });
      // The roll's progress never goes back or past 100%, and ends at 100%.
      for (let i = 0; i < seen.length; i++) {
        expect(seen[i]![0]).toBeLessThanOrEqual(seen[i]![1]);
        if (i > 0) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
      }
      expect(seen[seen.length - 1]![0]).toBe(seen[seen.length - 1]![1]);
      return { s, bytes: [out, s.issuesFile!].map((f) => readFileSync(f)) };
    };
    const one = await run(1);
    expect(one.s.students).toBe(summary.students);
    const two = await run(2);
    expect(two.s.parts).toEqual({ main: 0, worker: Math.ceil(summary.students / BATCH_ROWS) });
    for (let f = 0; f < one.bytes.length; f++)
      expect(two.bytes[f]!.equals(one.bytes[f]!), `file ${f}`).toBe(true);
    // A broken xlsx roll with the worker started: the usual message, and the worker is stopped.
    const broken = path.join(dir, 'xb', 'broken.xlsx');
    writeFileSync(broken, 'not a zip at all');
    await expect(
      runFileMatch({
        students: broken,
        registry: files.registry,
        out: path.join(dir, 'xb', 'broken-out.csv'),
        asOf: '2020-09-01',
        threads: 2,
        parallelMinBytes: 0,
      }),
    ).rejects.toThrow('学生名册不是有效的 xlsx 文件');
  });

  it('runs as the jiaofu command (started again with its GC flag): same output file, exit codes and messages passed through', () => {
    const repo = path.resolve(import.meta.dirname, '..');
    const out = path.join(dir, 'cli-out.csv');
    const args = ['--students', path.join(dir, 'students.csv'), '--registry', path.join(dir, 'registry.csv')];
    const ok = spawnSync(
      process.execPath,
      [
        path.join(repo, 'bin/jiaofu.mjs'),
        'match',
        ...args,
        '--out',
        out,
        '--unenrolled',
        path.join(dir, 'cli-unenrolled.csv'),
        '--as-of',
        '2020-09-01',
      ],
      { encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(
      `未入学适龄人员 ${summary.unenrolled} 人${unenrolledNotes(summary.unknownAge, summary.unenrolledInReview, summary.unenrolledReviewRows)}，已写入`,
    );
    // Progress goes to stderr, and ends at 100 % for every phase.
    expect(ok.stderr).not.toContain('错误');
    expect(ok.stderr).toContain('写出比对结果 100%');
    expect(ok.stdout).toContain(`确认匹配 ${summary.confirmed}`);
    // A CSV output: the way to open it in Excel without losing the IDs is said.
    expect(ok.stdout).toContain('请把输出文件名改为 .xlsx');
    expect(excelCsvTip([path.join(dir, 'a.xlsx'), undefined])).toBeNull();
    expect(excelCsvTip([path.join(dir, 'a.xlsx'), path.join(dir, 'b.CSV')])).toContain('科学计数法');
    expect(readFileSync(out).equals(readFileSync(path.join(dir, 'match-out.csv')))).toBe(true);
    const bad = spawnSync(
      process.execPath,
      [
        path.join(repo, 'bin/jiaofu.mjs'),
        'match',
        ...args.slice(0, 3),
        path.join(dir, '无此文件.csv'),
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('建档立卡名单不存在或无法打开');
  });

  it('passes SIGTERM on to the re-executed process, so stopping jiaofu match leaves nothing running', async () => {
    const repo = path.resolve(import.meta.dirname, '..');
    const parent = spawn(
      process.execPath,
      [
        path.join(repo, 'bin/jiaofu.mjs'),
        'match',
        '--students',
        path.join(dir, 'students.csv'),
        '--registry',
        path.join(dir, 'registry.csv'),
        '--out',
        path.join(dir, 'stopped.csv'),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => parent.on('exit', (code) => resolve(code)));
    const child = await reExecutedChild(parent.pid!, 200);
    expect(child).toBeGreaterThan(0);
    parent.kill('SIGTERM');
    expect(await exited).toBe(143);
    for (let i = 0; i < 100 && alive(child); i++) await sleep(20);
    expect(alive(child)).toBe(false);
  });

  it('stops the re-executed process when jiaofu itself is killed outright (SIGKILL passes nothing on)', async () => {
    // An import into a new database of a roll of 300,000 rows: migrations, reference data and the
    // read take the child well over ten seconds, so a child left running (tester v20b F15: it went on
    // importing, holding the database's lock) is seen alive long after its parent is gone, whereas
    // one that follows its parent is gone at its next turn of the event loop.
    const repo = path.resolve(import.meta.dirname, '..');
    const roll = path.join(dir, 'kill-roll.csv');
    const rows = Array.from({ length: 300_000 }, (_, i) => `L${i},林一,,2135000001,小学,三年级`);
    writeFileSync(roll, `学籍号,姓名,身份证件号,学校标识码,学段,年级\n${rows.join('\n')}\n`);
    const parent = spawn(
      process.execPath,
      [path.join(repo, 'bin/jiaofu.mjs'), 'import', 'students', roll, '--db', path.join(dir, 'kill-db')],
      { stdio: 'ignore' },
    );
    const child = await reExecutedChild(parent.pid!, 500);
    expect(child).toBeGreaterThan(0);
    await sleep(300);
    parent.kill('SIGKILL');
    for (let i = 0; i < 400 && alive(child); i++) await sleep(20);
    const left = alive(child);
    if (left) process.kill(child, 'SIGKILL');
    expect(left).toBe(false);
  }, 30_000);
});

/**
 * The process `bin/jiaofu.mjs` (pid `parent`) started again with its flags — its only child, as
 * Linux lists it in /proc —, looked for every 10 ms, `tries` times; 0 when none came.
 */
async function reExecutedChild(parent: number, tries: number): Promise<number> {
  const childrenFile = `/proc/${parent}/task/${parent}/children`;
  for (let i = 0; i < tries; i++) {
    await sleep(10);
    const child = existsSync(childrenFile)
      ? Number(readFileSync(childrenFile, 'utf8').trim().split(' ')[0])
      : 0;
    if (child > 0) return child;
  }
  return 0;
}

/** True while process `pid` exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
