/**
 * Write a synthetic dataset to disk as real exports look: Chinese headers, CSV in UTF-8 with a BOM
 * (Excel opens it correctly) or xlsx through exceljs' streaming writer. Ground truth goes next to it:
 * `students-truth.csv` (one line per roll row), `registry-truth.csv` and `truth.json` (counts,
 * out-of-school personNos, hard-negative rows). Rows are streamed; nothing is held but a chunk buffer.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../modules/xlsx/exceljs.ts';
import type { RegistryPerson, StudentRow, StudentTruth, SynthDataset } from './types.ts';

/** 建档立卡 export headers, in file order. */
export const REGISTRY_HEADERS = [
  '户编号',
  '人编号',
  '姓名',
  '证件号码',
  '性别',
  '与户主关系',
  '户主姓名',
  '户主证件号码',
  '县(市、区)',
  '乡(镇)',
  '行政村',
  '贫困户属性',
  '脱贫状态',
  '在校生状况',
] as const;

/** Student roll headers, in file order. */
export const STUDENT_HEADERS = [
  '学籍号',
  '姓名',
  '性别',
  '出生日期',
  '身份证件号',
  '学校名称',
  '学校标识码',
  '学段',
  '年级',
  '班级',
  '户籍所在地',
  '监护人姓名',
  '监护人身份证件号',
  '是否寄宿',
  '是否留守儿童',
  '是否残疾',
] as const;

const STUDENT_TRUTH_HEADERS = [
  'row',
  'kind',
  'personNo',
  'lookalikeOf',
  'trueName',
  'trueIdNumber',
  'damage',
  'guardianDamage',
];
const REGISTRY_TRUTH_HEADERS = [
  'personNo',
  'trueName',
  'trueIdNumber',
  'birthDate',
  'countyCode',
  'townshipCode',
  'villageCode',
  'damage',
];

/** Registry row values in REGISTRY_HEADERS order. */
export function registryValues(p: RegistryPerson): string[] {
  return [
    p.householdNo,
    p.personNo,
    p.name,
    p.idNumber,
    p.sex,
    p.relation,
    p.headName,
    p.headIdNumber,
    p.county,
    p.township,
    p.village,
    p.povertyAttribute,
    p.exitStatus,
    p.schoolStatus,
  ];
}

/** Roll row values in STUDENT_HEADERS order. */
export function studentValues(s: StudentRow): string[] {
  return [
    s.studentNo,
    s.name,
    s.sex,
    s.birthDate,
    s.idNumber,
    s.schoolName,
    s.schoolCode,
    s.stage,
    s.grade,
    s.className,
    s.hukou,
    s.guardianName,
    s.guardianIdNumber,
    s.boarding,
    s.leftBehind,
    s.disabled,
  ];
}

function truthValues(t: StudentTruth): string[] {
  return [
    String(t.row),
    t.kind,
    t.personNo ?? '',
    t.lookalikeOf ?? '',
    t.trueName,
    t.trueIdNumber,
    t.damage.join('|'),
    t.guardianDamage.join('|'),
  ];
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field, quoted when it holds a comma, quote, line break or edge whitespace. */
export function csvField(v: string): string {
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Buffered CSV writer (UTF-8 with BOM, CRLF) that respects stream back-pressure. */
export class CsvSink {
  private readonly out: WriteStream;
  private buf: string[] = [];
  private size = 0;

  /** Opens `file` and writes the BOM and the header line. */
  constructor(file: string, headers: readonly string[]) {
    this.out = createWriteStream(file);
    this.buf.push(`\uFEFF${headers.map(csvField).join(',')}\r\n`);
  }

  /** Queue one row; returns a promise only when the buffer was flushed and the stream needs draining. */
  push(values: readonly string[]): Promise<void> | undefined {
    let line = '';
    for (let i = 0; i < values.length; i++)
      line += i === 0 ? csvField(values[i]!) : `,${csvField(values[i]!)}`;
    line += '\r\n';
    this.buf.push(line);
    this.size += line.length;
    return this.size > 1 << 20 ? this.flush() : undefined;
  }

  private flush(): Promise<void> | undefined {
    const chunk = this.buf.join('');
    this.buf = [];
    this.size = 0;
    return this.out.write(chunk) ? undefined : once(this.out, 'drain').then(() => undefined);
  }

  /** Flush and close the file. */
  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** Sink writing one sheet of an xlsx file with exceljs' streaming writer. */
class XlsxSink {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;
  private readonly numericColumns: Set<number>;

  constructor(file: string, sheet: string, headers: readonly string[], numericIdColumns: readonly string[]) {
    this.wb = new (loadExcel().stream.xlsx.WorkbookWriter)({
      filename: file,
      useSharedStrings: false,
      useStyles: false,
    });
    this.ws = this.wb.addWorksheet(sheet);
    this.ws.addRow([...headers]).commit();
    this.numericColumns = new Set(numericIdColumns.map((h) => headers.indexOf(h)));
  }

  push(values: readonly string[]): undefined {
    // An ID Excel has turned into a number (3.50421E+17, …000) is stored as a numeric cell, as in real files.
    const cells: (string | number)[] = values.map((v, i) =>
      this.numericColumns.has(i) && /^\d+(\.\d+)?E\+\d+$|^\d{15}000$/.test(v) ? Number(v) : v,
    );
    this.ws.addRow(cells).commit();
    return undefined;
  }

  async close(): Promise<void> {
    this.ws.commit();
    await this.wb.commit();
  }
}

/** Output format of the data files (truth files are always CSV/JSON). */
export type OutputFormat = 'csv' | 'xlsx';

/** Options of `writeDataset`. */
export interface WriteOptions {
  outDir: string;
  format: OutputFormat;
  /** Called every 100 000 roll rows. */
  onProgress?: (rowsWritten: number) => void;
}

/** Paths written and counts, as also stored in truth.json. */
export interface WriteSummary {
  files: {
    registry: string;
    students: string;
    /** The roll's schools, for `jiaofu import schools` before the roll is imported into the app. */
    schools: string;
    studentTruth: string;
    registryTruth: string;
    truth: string;
  };
  counts: {
    households: number;
    registryPersons: number;
    students: number;
    registryStudents: number;
    nonPoorStudents: number;
    hardNegatives: number;
    sameName: number;
    outOfSchool: number;
    twinsPairs: number;
  };
  damageCounts: Record<string, number>;
}

function open(
  file: string,
  sheet: string,
  headers: readonly string[],
  format: OutputFormat,
  idCols: string[],
) {
  return format === 'xlsx' ? new XlsxSink(file, sheet, headers, idCols) : new CsvSink(file, headers);
}

/** Columns of schools.csv, as `jiaofu import schools` reads them. */
export const SCHOOL_HEADERS = ['学校标识码', '学校名称', '县(市、区)', '乡(镇)', '学段', '办学类型'] as const;

/**
 * Writes the dataset's schools. A county-level school (no township of its own) is placed in its
 * county's first township: the school list needs one.
 */
async function writeSchools(ds: SynthDataset, file: string): Promise<void> {
  const sink = new CsvSink(file, SCHOOL_HEADERS);
  for (const school of ds.schools) {
    const county = ds.regions.countyByCode.get(school.countyCode)!;
    const township =
      (school.townshipCode === null ? undefined : ds.regions.townshipByCode.get(school.townshipCode)) ??
      county.townships[0]!;
    const w = sink.push([school.code, school.name, county.name, township.name, school.stage, '公办']);
    if (w) await w;
  }
  await sink.close();
}

/** Count pairs of registry persons in one household with the same birth date (twins). */
export function countTwinPairs(registry: readonly RegistryPerson[]): number {
  const seen = new Map<string, number>();
  for (const p of registry) {
    const k = `${p.householdNo}|${p.birthDate}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  let pairs = 0;
  for (const n of seen.values()) if (n > 1) pairs += (n * (n - 1)) / 2;
  return pairs;
}

/** Write registry, roll and ground truth into `outDir`; resolves with paths and counts. */
export async function writeDataset(ds: SynthDataset, o: WriteOptions): Promise<WriteSummary> {
  mkdirSync(o.outDir, { recursive: true });
  const ext = o.format;
  const files = {
    registry: path.join(o.outDir, `registry.${ext}`),
    students: path.join(o.outDir, `students.${ext}`),
    schools: path.join(o.outDir, 'schools.csv'),
    studentTruth: path.join(o.outDir, 'students-truth.csv'),
    registryTruth: path.join(o.outDir, 'registry-truth.csv'),
    truth: path.join(o.outDir, 'truth.json'),
  };
  await writeSchools(ds, files.schools);
  const reg = open(files.registry, '建档立卡', REGISTRY_HEADERS, o.format, ['证件号码', '户主证件号码']);
  const regTruth = new CsvSink(files.registryTruth, REGISTRY_TRUTH_HEADERS);
  for (const p of ds.registry) {
    const r = reg.push(registryValues(p));
    if (r) await r;
    const t = regTruth.push([
      p.personNo,
      p.trueName,
      p.trueIdNumber,
      p.birthDate,
      p.countyCode,
      p.townshipCode,
      p.villageCode,
      p.damage.join('|'),
    ]);
    if (t) await t;
  }
  await Promise.all([reg.close(), regTruth.close()]);

  const stu = open(files.students, '学籍', STUDENT_HEADERS, o.format, ['身份证件号', '监护人身份证件号']);
  const stuTruth = new CsvSink(files.studentTruth, STUDENT_TRUTH_HEADERS);
  const damageCounts: Record<string, number> = {};
  let registryStudents = 0;
  let n = 0;
  for (const { row, truth } of ds.students()) {
    const a = stu.push(studentValues(row));
    if (a) await a;
    const b = stuTruth.push(truthValues(truth));
    if (b) await b;
    if (truth.kind === 'registry') registryStudents++;
    for (const d of truth.damage) damageCounts[d] = (damageCounts[d] ?? 0) + 1;
    if (++n % 100_000 === 0) o.onProgress?.(n);
  }
  await Promise.all([stu.close(), stuTruth.close()]);

  const summary: WriteSummary = {
    files,
    counts: {
      households: ds.householdCount,
      registryPersons: ds.registry.length,
      students: n,
      registryStudents,
      nonPoorStudents: n - registryStudents,
      hardNegatives: ds.hardNegativeRows.length,
      sameName: ds.sameNameRows.length,
      outOfSchool: ds.outOfSchool.length,
      twinsPairs: countTwinPairs(ds.registry),
    },
    damageCounts,
  };
  const truth = {
    ...summary,
    options: ds.options,
    outOfSchool: ds.outOfSchool,
    hardNegativeRows: ds.hardNegativeRows,
    sameNameRows: ds.sameNameRows,
  };
  writeFileSync(files.truth, JSON.stringify(truth, null, 1));
  return summary;
}
