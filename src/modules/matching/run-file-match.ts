/**
 * File-to-file comparison without a database (`jiaofu match`, DESIGN.md contract): roll and
 * registry in (csv/xlsx), one output row per roll row plus one per extra 疑似匹配 candidate, the
 * out-of-school list (`--unenrolled`) and a list of per-row problems next to the output.
 */
import { closeSync, existsSync, openSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { isExcelScientific, STUDENT_NO_ID_MISMATCH } from '../../domain/identity/id-number.ts';
import { withoutZeroWidth } from '../../domain/identity/zero-width.ts';
import {
  COMPULSORY_AGES,
  type DecisionOptions,
  decide,
  excelDamageNotice,
  explainDecision,
  findUnenrolled,
  idHolderIssues,
  invalidIdNotice,
  type MatchResult,
  type MatchWeights,
  mergeBlocks,
  NO_NEAREST,
  nearestPair,
  personsInReview,
  type RegistryIndex,
  type RowIssue,
  registryIdDamageConsequence,
  StudentFlag,
  unenrolledInListOrder,
} from '../../domain/matching/index.ts';
import { HouseholdFill } from '../../domain/roll/household-fill.ts';
import { findDuplicateRows } from './duplicate-rows.ts';
import { LINES_NOT_READ, type StudentField, UNENROLLED_HEADERS, WHOLE_ROW } from './headers.ts';
import { KEPT_SEP, type KeptCellsData, keptRow, keptRowRange } from './kept-cells.ts';
import { readRollParallel, startRollWorker, stopRollWorker } from './parallel.ts';
import { type Progress, REGISTRY_LABEL, readRegistry, readRoll, STUDENT_LABEL } from './roll-reader.ts';
import { checkFile, MatchInputError } from './table-reader.ts';
import { openTableWriter, RowTail } from './table-writer.ts';

/** Output columns, in the order DESIGN.md fixes. */
export const MATCH_HEADERS = [
  '学籍号',
  '姓名',
  '身份证件号',
  '人编号',
  '户编号',
  '匹配结果',
  '匹配分',
  '匹配依据',
] as const;
/** Columns of the problem list. */
export const ISSUE_HEADERS = ['文件', '行号', '列', '问题'] as const;

const OUTCOME_LABEL = { confirmed: '确认匹配', review: '疑似匹配', unmatched: '未匹配' } as const;
/** explainDecision's text for a row without any candidate (see explain.ts). */
const NOT_FOUND = '建档立卡名单中未找到该生';

export interface FileMatchOptions {
  students: string;
  registry: string;
  out: string;
  unenrolled?: string;
  /** 'YYYY-MM-DD'; ages for the adult and compulsory-age tests are taken on this date. */
  asOf: string;
  /** Where to write the per-row problem list; default `<out>` with `-问题清单` before the extension. */
  issuesOut?: string;
  /** Threads for the roll (1 = this thread only). Default: 2 when the roll is large. */
  threads?: number;
  /** Smallest roll (bytes) read with a second thread; tests set it low. Default: `PARALLEL_MIN_BYTES`. */
  parallelMinBytes?: number;
  /** Most parts of a roll read with two threads that this thread reads (tests: 1, see parallel.ts). */
  mainParts?: number;
  decision?: Partial<DecisionOptions>;
  onProgress?: Progress;
}

export interface FileMatchSummary {
  students: number;
  registryPersons: number;
  confirmed: number;
  review: number;
  unmatched: number;
  /** Output rows written (roll rows plus extra candidate rows). */
  outputRows: number;
  unenrolled: number;
  /** Compulsory-age-unknown registry children (no readable birth date) also put on the list. */
  unknownAge: number;
  /** Of the list, persons who are a 疑似匹配 candidate of some roll row (the review may find them at school). */
  unenrolledInReview: number;
  /** The rows (1-based, header = 1) of the --unenrolled file holding 疑似匹配 candidates of compulsory age. */
  unenrolledReviewRows: { from: number; to: number } | null;
  /** Sentences about an input file as a whole (see `excelDamageNotice`). */
  notices: string[];
  /**
   * True when a CSV quote left open swallowed lines of either file, so the comparison ran without
   * them (`lostRowNotices`): the results are incomplete and `jiaofu match` exits with code 2.
   */
  incomplete: boolean;
  issues: number;
  issuesFile: string | null;
  weights: MatchWeights;
  /** Seconds per phase. */
  timings: Record<string, number>;
  /** Parts of the roll each thread read (when two did). */
  parts?: { main: number; worker: number };
}

/** Default problem-list path: 'out/result.csv' → 'out/result-问题清单.csv'. */
export function defaultIssuesPath(out: string): string {
  const ext = path.extname(out);
  return `${out.slice(0, out.length - ext.length)}-问题清单${ext || '.csv'}`;
}

async function writeResults(
  out: string,
  r: MatchResult,
  ix: RegistryIndex,
  keep: KeptCellsData,
  onProgress?: Progress,
): Promise<number> {
  const w = openTableWriter(out, '比对结果', MATCH_HEADERS, ['匹配分']);
  let rows = 0;
  const n = keep.ends.length;
  const { offsets, guardianOwner } = r.block;
  // The end of every row without a candidate, encoded once.
  const notFound = new RowTail(['', '', OUTCOME_LABEL.unmatched, '', NOT_FOUND]);
  /** Writes the kept cells of row i followed by `cells`: from the kept bytes when they need no quoting. */
  const put = async (i: number, cells: string[]): Promise<void> => {
    rows++;
    const [start, end] = keptRowRange(keep, i);
    const done = w.tryWriteUtf8WithCells?.(keep.bytes, start, end, KEPT_SEP, cells) ?? false;
    if (done === false) await w.write([...keptRow(keep, i), ...cells]);
    else if (done !== true) await done;
  };
  const explained = async (i: number): Promise<void> => {
    const d = explainDecision(r, ix, i);
    const label = OUTCOME_LABEL[d.outcome];
    if (d.candidates.length === 0 || d.outcome === 'unmatched') {
      await put(i, ['', '', label, '', withoutZeroWidth(d.explanation)]);
      return;
    }
    // The registry's cells, and the explanations that name its persons, without zero-width
    // characters (the roll's cells are kept without them: kept-cells.ts).
    for (let c = 0; c < d.candidates.length; c++) {
      const cand = d.candidates[c]!;
      const p = ix.persons[cand.person]!;
      await put(i, [
        withoutZeroWidth(p.personNo),
        withoutZeroWidth(p.householdNo),
        label,
        cand.score?.toFixed(1) ?? '',
        withoutZeroWidth(c === 0 ? d.explanation : cand.explanation),
      ]);
    }
  };
  for (let i = 0; i < n; i++) {
    if ((i & 0xffff) === 0) onProgress?.('写出比对结果', i, n);
    if (
      r.outcome[i] === 0 &&
      guardianOwner[i]! < 0 &&
      (offsets[i] === offsets[i + 1] || nearestPair(r, i) === NO_NEAREST)
    ) {
      // Most rows: no candidate, or only provably other people, which explainDecision does not
      // name — the same row as it would give, without building it, straight from the kept bytes
      // when no cell needs quoting or neutralising.
      // (Awaiting only a real promise: `await` on every row costs a microtask turn each.)
      rows++;
      const [start, end] = keptRowRange(keep, i);
      const done = w.tryWriteUtf8WithTail?.(keep.bytes, start, end, KEPT_SEP, notFound) ?? false;
      if (done === false) {
        const wait = w.writeWithTail(keptRow(keep, i), notFound);
        if (wait) await wait;
      } else if (done !== true) await done;
      continue;
    }
    await explained(i);
  }
  onProgress?.('写出比对结果', n, n);
  await w.close();
  return rows;
}

/** Runs the comparison of two files and writes the outputs. */
export async function runFileMatch(o: FileMatchOptions): Promise<FileMatchSummary> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  let cpu = process.cpuUsage();
  const lap = (name: string): void => {
    const now = performance.now();
    const c = process.cpuUsage(cpu);
    timings[name] = (now - t) / 1000;
    // CPU seconds of the whole process (both threads): steadier than wall time on a busy machine.
    timings[`${name}Cpu`] = (c.user + c.system) / 1e6;
    t = now;
    cpu = process.cpuUsage();
  };
  // Validate every path before the long work starts (and before the worker opens the roll).
  checkPaths(o);
  const regIssues: RowIssue[] = [];
  const threads = o.threads ?? 2;
  // The worker indexes its own copy of the registry while this thread indexes this one.
  const worker = threads > 1 ? startRollWorker(o.students, o.registry, o.asOf, o.parallelMinBytes) : null;
  let ix: RegistryIndex;
  const houseFill = new HouseholdFill();
  try {
    ix = await readRegistry(o.registry, o.asOf, regIssues, o.onProgress, houseFill);
  } catch (e) {
    await stopRollWorker(worker);
    throw e;
  }
  lap('registry');
  let rollIssues: RowIssue[] = [];
  const roll: Awaited<ReturnType<typeof readRollParallel>> =
    threads > 1
      ? await readRollParallel(o.students, worker, ix, rollIssues, o.onProgress, o.mainParts)
      : await readRoll(o.students, ix, rollIssues, o.onProgress);
  lap('roll');
  const block = mergeBlocks([roll.block]);
  const r = decide(block, ix, o.decision);
  lap('decide');
  const outputRows = await writeResults(o.out, r, ix, roll.keep, o.onProgress);
  lap('write');
  const held = idHolderIssues(r, ix);
  // A row whose ID is a registry adult's is not told that its ID may have been corrected since its
  // 学籍号 was given (STUDENT_NO_ID_MISMATCH's 无需处理): it is told whose ID it is (tester v22a F5).
  const adultIdRows = new Set<number>();
  for (let i = 0; i < block.count; i++) if (block.guardianOwner[i]! >= 0) adultIdRows.add(block.rows[i]!);
  if (adultIdRows.size > 0)
    rollIssues = rollIssues.filter((x) => !(x.reason === STUDENT_NO_ID_MISMATCH && adultIdRows.has(x.row)));
  const duplicates = mergeByRow(findDuplicateRows(roll.keep, block, new Set(held.map((x) => x.row))), held);
  lap('duplicates');
  const un = findUnenrolled(r, ix, COMPULSORY_AGES);
  const inReview = personsInReview(r, ix);
  // The list as written: those of compulsory age (a 疑似匹配's candidates after the rest), then those
  // whose age is unknown.
  const ordered = unenrolledInListOrder(un, inReview);
  const unenrolled = ordered.list;
  if (o.unenrolled) {
    const w = openTableWriter(o.unenrolled, '未入学适龄人员', UNENROLLED_HEADERS);
    for (const p of unenrolled) {
      const x = ix.persons[p]!;
      const cells = [x.personNo, x.rawName, x.rawId, x.householdNo, x.county, x.township, x.village];
      await w.write(cells.map(withoutZeroWidth));
    }
    await w.close();
  }
  let issuesFile: string | null = null;
  // In file row order (a row's own problems keep their order), whichever thread found them; most
  // lists already are (a million-row roll has hundreds of thousands of problems).
  const byRow = (a: RowIssue, b: RowIssue): number => a.row - b.row;
  for (const list of [rollIssues, regIssues])
    if (list.some((x, i) => i > 0 && x.row < list[i - 1]!.row)) list.sort(byRow);
  // (Found in row order after the rest: merged in, after a row's other problems.)
  if (duplicates.length > 0) rollIssues = mergeByRow(rollIssues, duplicates);
  const issueCount = regIssues.length + rollIssues.length;
  if (issueCount > 0) {
    issuesFile = o.issuesOut ?? defaultIssuesPath(o.out);
    const w = openTableWriter(issuesFile, '问题清单', ISSUE_HEADERS, ['行号']);
    // (A reason quotes the cell it speaks of, as the matcher read it: without zero-width characters.)
    for (const x of rollIssues)
      await w.write([STUDENT_LABEL, String(x.row), x.column, withoutZeroWidth(x.reason)]);
    for (const x of regIssues)
      await w.write([REGISTRY_LABEL, String(x.row), x.column, withoutZeroWidth(x.reason)]);
    await w.close();
  } else {
    // A 问题清单 an earlier run left beside the same output would be read as this run's.
    const stale = o.issuesOut ?? defaultIssuesPath(o.out);
    if (existsSync(stale)) unlinkSync(stale);
  }
  lap('lists');
  let confirmed = 0;
  let review = 0;
  for (const v of r.outcome) {
    if (v === 1) confirmed++;
    else if (v === 2) review++;
  }
  const lostRolls = lostRowNotices(STUDENT_LABEL, rollIssues);
  const lostRegistry = lostRowNotices(REGISTRY_LABEL, regIssues);
  return {
    students: block.count,
    registryPersons: ix.persons.length,
    confirmed,
    review,
    unmatched: block.count - confirmed - review,
    outputRows,
    unenrolled: unenrolled.length,
    unknownAge: un.unknownAge.length,
    unenrolledInReview: unenrolled.reduce((n, p) => n + (inReview.has(p) ? 1 : 0), 0),
    // Rows of the written list (its header is row 1) holding the candidates of compulsory age.
    unenrolledReviewRows:
      ordered.review.to > ordered.review.from
        ? { from: ordered.review.from + 2, to: ordered.review.to + 1 }
        : null,
    notices: [
      ...lostRolls,
      ...lostRegistry,
      houseFill.notice(REGISTRY_LABEL),
      ...fileNotices(block.flags, ix),
      noHouseholdColumns(roll.columns ?? null),
    ].filter((x): x is string => x !== null),
    incomplete: lostRolls.length + lostRegistry.length > 0,
    issues: issueCount,
    issuesFile,
    weights: r.weights,
    timings,
    ...(roll.parts ? { parts: roll.parts } : {}),
  };
}

/** Two lists in row order as one, in row order; on equal rows, `a`'s first. */
function mergeByRow(a: RowIssue[], b: RowIssue[]): RowIssue[] {
  const out: RowIssue[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length)
    out.push(j === b.length || (i < a.length && a[i]!.row <= b[j]!.row) ? a[i++]! : b[j++]!);
  return out;
}

/**
 * Rows a CSV quote left open swallowed (headers.ts unclosedQuoteMessage): the comparison ran without
 * them, which the summary must say as loudly as the problem list does.
 */
function lostRowNotices(label: string, issues: readonly RowIssue[]): string[] {
  return issues
    .filter((x) => x.column === WHOLE_ROW && x.reason.includes(LINES_NOT_READ))
    .map((x) => `注意：${label}第${x.row}行的${x.reason}；本次比对结果不含这些行`);
}

/**
 * A roll with neither guardian nor 户籍 columns: its rows without a usable ID have only name and
 * birth date to go by, and many can only be 疑似 (tester v26c F6: such a roll missed the targets,
 * and nothing said why).
 */
function noHouseholdColumns(columns: Record<StudentField, number> | null): string | null {
  if (columns === null || columns.guardianName >= 0 || columns.guardianIdNumber >= 0 || columns.hukou >= 0)
    return null;
  return '注意：学生名册没有监护人和户籍所在地列：没有有效身份证号的学生只能凭姓名和出生日期比对，同名同生日的人员只能列为疑似匹配。请尽量导出含“监护人姓名”“监护人身份证件号”“户籍所在地”列的名册';
}

/** Whole-file notices: a roll or registry whose ID or 户编号 column went through Excel, a roll of many invalid IDs. */
function fileNotices(flags: Uint16Array, ix: RegistryIndex): string[] {
  let roll = 0;
  let invalid = 0;
  for (const f of flags) {
    if (f & (StudentFlag.IdScientific | StudentFlag.IdTrailing000)) roll++;
    if (f & StudentFlag.IdInvalid) invalid++;
  }
  let ids = 0;
  let shortened = 0;
  let houses = 0;
  for (const p of ix.persons) {
    // An ID Excel damaged keeps fewer than its 18 digits as known (prepare.ts knownDigits): 15
    // when the last three became 000, fewer in scientific notation.
    if (p.id !== null && p.idKnown < 18) {
      ids++;
      if (p.idKnown < 14) shortened++;
    }
    if (isExcelScientific(p.householdNo)) houses++;
  }
  const n = ix.persons.length;
  return [
    excelDamageNotice(
      STUDENT_LABEL,
      '身份证件号',
      roll,
      flags.length,
      '这些行只能依靠学籍号、姓名、出生日期和监护人比对',
    ),
    invalidIdNotice(
      STUDENT_LABEL,
      '身份证件号',
      invalid,
      flags.length,
      '这些行只能依靠学籍号、姓名、出生日期和监护人比对',
    ),
    excelDamageNotice(REGISTRY_LABEL, '证件号码', ids, n, registryIdDamageConsequence(ids, shortened, false)),
    excelDamageNotice(REGISTRY_LABEL, '户编号', houses, n, '已按户主证件号码（或户主姓名和所在村）分户'),
  ].filter((x): x is string => x !== null);
}

/**
 * Refuses, before any work: a missing or unreadable input, an output that is an input or another
 * output (it would be overwritten), an output that cannot be written. Each in Chinese, naming the path.
 */
function checkPaths(o: FileMatchOptions): void {
  checkFile(o.students, STUDENT_LABEL);
  checkFile(o.registry, REGISTRY_LABEL);
  const outputs: Array<[string, string]> = [[o.out, '比对结果']];
  if (o.unenrolled) outputs.push([o.unenrolled, '未入学适龄人员名单']);
  outputs.push([o.issuesOut ?? defaultIssuesPath(o.out), '问题清单']);
  const seen = new Map<string, string>([
    [canonicalPath(o.students), STUDENT_LABEL],
    [canonicalPath(o.registry), REGISTRY_LABEL],
  ]);
  for (const [file, label] of outputs) {
    const c = canonicalPath(file);
    const other = seen.get(c);
    if (other !== undefined)
      throw new MatchInputError(
        `${label}的输出路径与${other}是同一个文件（${file}），写出会覆盖它：请换一个输出路径`,
      );
    seen.set(c, label);
    openTableWriterCheck(file);
    checkWritable(file, label);
  }
}

/** The real path of `file` (of its folder when it does not exist yet), for telling two paths apart. */
function canonicalPath(file: string): string {
  const abs = path.resolve(file);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

/** Proves that `file` can be written: opened for writing if it exists, else created and removed again. */
export function checkWritable(file: string, label: string): void {
  let exists = false;
  try {
    if (statSync(file).isDirectory()) throw new MatchInputError(`${label}的输出路径是一个文件夹：${file}`);
    exists = true;
  } catch (e) {
    if (e instanceof MatchInputError) throw e;
  }
  try {
    closeSync(openSync(file, exists ? 'r+' : 'wx'));
    if (!exists) unlinkSync(file);
  } catch {
    throw new MatchInputError(`无法写入${label}：${file}（文件夹不存在、没有写权限或文件被占用）`);
  }
}

function openTableWriterCheck(file: string): void {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') openTableWriter(file, '', []);
}
