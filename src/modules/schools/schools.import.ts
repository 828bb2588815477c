import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely, Transaction } from 'kysely';
import { refreshPlannerStats } from '../../db/planner-stats.ts';
import type { DB, School, Stage } from '../../db/types.ts';
import { type TownshipPlace, urbanRuralOfPlace } from '../../domain/regions/divisions.ts';
import {
  buildPlaceIndex,
  type PlaceIndex,
  resolvePlace,
  resolveVillage,
} from '../../domain/regions/place-resolver.ts';
import { type CellMessage, checkCells } from '../../domain/roll/cell-rules.ts';
import {
  countyMoveProblem,
  namesakeNote,
  placeOrNameChange,
  type SchoolPlace,
} from '../../domain/schools/school-changes.ts';
import {
  isSchoolCode,
  normaliseSchoolCode,
  type Ownership,
  parseOwnership,
  parseSchoolKind,
  parseStages,
  parseUrbanRural,
  parseYesNo,
  type SchoolKind,
  schoolCodeDoubt,
  schoolNameKey,
  schoolNameProblem,
  type UrbanRural,
} from '../../domain/schools/school-fields.ts';
import { type Actor, codeInScope } from '../../server/scope.ts';
import { safeFileName } from '../imports/upload.ts';
import {
  type ColumnMap,
  type FieldSpec,
  FOOTER_REASON,
  HIDDEN_ROW_REASON,
  shapeMessage,
  WHOLE_ROW,
} from '../matching/headers.ts';
import { MatchInputError, pickOwn, readTable } from '../matching/table-reader.ts';
import { loadPlaceTables } from '../regions/regions.queries.ts';
import { findSchoolsByCodes, findSchoolsInCounties } from './schools.queries.ts';
import { type SchoolFields, upsertSchools } from './schools.service.ts';

/**
 * The school list importer (学校名单): the CLI and the HTTP upload both run it. All or nothing:
 * every bad row is reported with its spreadsheet row, column and a reason in Chinese, and
 * when any row is bad nothing is written. The file is read by the roll and registry importers'
 * reader (matching/table-reader.ts): the same formats, header detection, title and footer rows.
 */

type ColumnKey =
  | 'code'
  | 'name'
  | 'county'
  | 'township'
  | 'stages'
  | 'ownership'
  | 'boarding'
  | 'kind'
  | 'urbanRural'
  | 'village';

export const SCHOOL_COLUMNS: readonly FieldSpec<ColumnKey>[] = [
  {
    key: 'code',
    header: '学校标识码',
    aliases: ['学校标识码', '学校代码', '学校编码', '标识码', '学校识别码', '学校标识'],
    required: true,
  },
  { key: 'name', header: '学校名称', aliases: ['学校名称', '学校名', '校名', '学校全称'], required: true },
  {
    key: 'county',
    header: '县(市、区)',
    aliases: [
      '县(市、区)',
      '区县',
      '县区',
      '县(区)',
      '县(市)',
      '所属区县',
      '县市区',
      '所在县(市、区)',
      '所属县(市、区)',
      '县(市、区)名称',
    ],
    required: true,
  },
  {
    key: 'township',
    header: '乡(镇)',
    aliases: [
      '乡(镇)',
      '乡镇',
      '乡镇(街道)',
      '街道',
      '乡(镇、街道)',
      '乡(镇)、街道',
      '所属乡镇',
      '所在乡镇',
      '乡镇街道',
    ],
    required: true,
  },
  {
    key: 'stages',
    header: '学段',
    aliases: ['学段', '学校类别', '办学层次', '学校层次', '学段类型'],
    required: true,
  },
  {
    key: 'ownership',
    header: '办学类型',
    aliases: ['办学类型', '办学性质', '公办/民办', '公办民办', '举办类型'],
    required: true,
  },
  {
    key: 'boarding',
    header: '是否寄宿',
    aliases: ['是否寄宿', '寄宿', '寄宿制', '是否寄宿制', '是否寄宿制学校'],
    required: false,
  },
  {
    key: 'kind',
    header: '学校类型',
    aliases: ['学校类型', '村小/教学点', '村小教学点', '是否村小/教学点'],
    required: false,
  },
  {
    key: 'urbanRural',
    header: '城乡类型',
    aliases: ['城乡类型', '城乡分类', '城乡属性', '城乡'],
    required: false,
  },
  {
    key: 'village',
    header: '村(居)',
    aliases: [
      '村(居)',
      '村(居)委会',
      '村(社区)',
      '村居',
      '行政村',
      '村',
      '村委会',
      '所在村',
      '所在村(居)',
      '社区',
    ],
    required: false,
  },
];

/** Why a role may not import the school list (the job route and the direct route say the same). */
export const SCHOOLS_IMPORT_REFUSED = '学校名单由市、县(市、区)教育局的管理员导入';

/** One problem in the file: spreadsheet row (0 for the file as a whole), Chinese header, reason. */
export interface ImportError {
  row: number;
  column: string | null;
  message: string;
  /** What writing does (a school renamed or moved), not a doubt about the file: see RowMessage.effect. */
  effect?: true;
}

export interface ImportReport {
  ok: boolean;
  /** Data rows read. */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errors: ImportError[];
  /** Rows read with a remark but not refused: a 合计/签名 row skipped, a CSV row cut short. */
  warnings: ImportError[];
}

/** A school list: a file on disk (the CLI) or an upload's bytes (HTTP). */
export interface SchoolFile {
  path?: string;
  buffer?: Buffer;
  filename: string;
}

/** A data row of the file: its spreadsheet row and its cells by column. */
interface FileRow {
  row: number;
  c: Record<ColumnKey, string>;
}

/** What a 合计/填表人 row the reader skipped is told (matching/headers.ts RowSkipper; other skipped rows keep their reason). */
const FOOTER_SKIPPED = '表尾的合计、签名或日期行，不是学校信息，已跳过';

const COLUMN_KEYS = SCHOOL_COLUMNS.map((f) => f.key);
const HEADER_OF = Object.fromEntries(SCHOOL_COLUMNS.map((f) => [f.key, f.header])) as Record<
  ColumnKey,
  string
>;

export type ImportProgress = (done: number, total: number | null, message: string) => void;

/** A valid row, ready to write. Optional columns absent from the file stay undefined. */
interface ParsedRow {
  row: number;
  code: string;
  name: string;
  countyCode: string;
  townshipCode: string;
  stages: Stage[];
  ownership: Ownership;
  boarding?: boolean;
  kind?: SchoolKind;
  urbanRural?: UrbanRural;
  /** The 村(居) the file gives (12-digit code); undefined when its cell is blank or the column absent. */
  villageCode?: string;
}

const fileError = (message: string): ImportReport => ({
  ok: false,
  rows: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  errors: [{ row: 0, column: null, message }],
  warnings: [],
});

/**
 * Reads the list's data rows, or says in Chinese why the file cannot be read. An upload's bytes are
 * written to a private temporary folder first (the reader streams from disk) and removed after.
 */
async function readSchoolRows(
  file: SchoolFile,
  onProgress: ImportProgress | undefined,
): Promise<
  | { rows: FileRow[]; columns: ColumnMap<ColumnKey>; errors: ImportError[]; warnings: ImportError[] }
  | { fileError: string }
> {
  let dir: string | null = null;
  let filePath = file.path;
  if (filePath === undefined) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jiaofu-schools-'));
    filePath = path.join(dir, safeFileName(file.filename));
    await writeFile(filePath, file.buffer ?? Buffer.alloc(0));
  }
  const rows: FileRow[] = [];
  const errors: ImportError[] = [];
  const warnings: ImportError[] = [];
  let columns: ColumnMap<ColumnKey> | null = null;
  try {
    await readTable(
      filePath,
      SCHOOL_COLUMNS,
      '学校名单',
      (cells, row) => rows.push({ row, c: pickOwn(cells, columns!, COLUMN_KEYS) }),
      {
        onProgress: (done, total) => onProgress?.(done, total, '读取文件'),
        onColumns: (cols) => {
          columns = cols;
        },
        onShape: (shape, row) => {
          const { severity: _, ...m } = shapeMessage(shape, row);
          (shape.severity === 'error' ? errors : warnings).push(m);
        },
        onSkip: (row, reason) =>
          warnings.push({
            row,
            column: WHOLE_ROW,
            message: reason === FOOTER_REASON ? FOOTER_SKIPPED : reason,
          }),
        onHidden: (row) => warnings.push({ row, column: WHOLE_ROW, message: HIDDEN_ROW_REASON }),
      },
    );
  } catch (err) {
    if (err instanceof MatchInputError) return { fileError: err.message };
    throw err;
  } finally {
    if (dir !== null) await rm(dir, { recursive: true, force: true });
  }
  return { rows, columns: columns!, errors, warnings };
}

/**
 * Imports a school list (.xlsx or .csv) on behalf of `actor`: new codes are inserted, known
 * codes updated, each change audited. Rows outside the actor's scope are errors.
 */
export async function importSchools(
  db: Kysely<DB>,
  actor: Actor,
  file: SchoolFile,
  onProgress?: ImportProgress,
): Promise<ImportReport> {
  const read = await readSchoolRows(file, onProgress);
  if ('fileError' in read) return fileError(read.fileError);
  const { rows: dataRows, columns } = read;

  const places = await loadPlaceTables(db);
  const placeIndex = buildPlaceIndex(
    places.regions.map((r) => ({ ...r, parentCode: r.parent_code })),
    places.mappings.map((m) => ({ oldCode: m.old_code, newCode: m.new_code })),
  );
  // A CSV row whose cells are shifted (an unquoted comma) is refused as a whole.
  const errors: ImportError[] = [...read.errors];
  const shifted = new Set(read.errors.map((e) => e.row));
  const parsed: ParsedRow[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < dataRows.length; i++) {
    const r = dataRows[i]!;
    if (!shifted.has(r.row)) {
      const p = parseRow(r, columns, placeIndex, actor, seen, errors);
      if (p) parsed.push(p);
    }
    if (i % 1000 === 999) {
      onProgress?.(i + 1, dataRows.length, '检查数据');
      // Let the server answer others (and the progress reach the page) during a long list.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // Codes already taken by a school outside the actor's scope must not be overwritten.
  const existing = new Map(
    (
      await findSchoolsByCodes(
        db,
        parsed.map((p) => p.code),
      )
    ).map((s) => [s.code, s]),
  );
  const nameOfRegion = new Map(places.regions.map((r) => [r.code, r.name]));
  const regionName = (code: string) => nameOfRegion.get(code) ?? code;
  const placeOf = (p: ParsedRow): SchoolPlace => ({
    code: p.code,
    name: p.name,
    countyCode: p.countyCode,
    townshipCode: p.townshipCode,
    villageCode: p.villageCode,
  });
  // The schools of the file's counties and the file's new rows so far, by name: namesakes of new codes.
  const byName = new Map<string, Array<SchoolPlace & { row?: number }>>();
  const remember = (school: SchoolPlace & { row?: number }) => {
    const key = schoolNameKey(school.name);
    const list = byName.get(key);
    if (list) list.push(school);
    else byName.set(key, [school]);
  };
  for (const school of await findSchoolsInCounties(db, [...new Set(parsed.map((p) => p.countyCode))]))
    remember(school);
  const warnings: ImportError[] = [...read.warnings];
  for (const p of parsed) {
    const old = existing.get(p.code);
    if (old && !codeInScope(actor, old.region_code)) {
      errors.push({
        row: p.row,
        column: HEADER_OF.code,
        message: `学校标识码 ${p.code} 已被您管辖范围之外的学校使用`,
      });
    } else if (old) {
      const stored: SchoolPlace = {
        code: old.code,
        name: old.name,
        countyCode: old.county_code,
        townshipCode: old.township_code,
        villageCode: old.region_code.length === 12 ? old.region_code : null,
      };
      const move = countyMoveProblem(stored, placeOf(p), regionName);
      const change = placeOrNameChange(stored, placeOf(p), regionName);
      if (move !== null) errors.push({ row: p.row, column: HEADER_OF.county, message: move });
      else if (change !== null) {
        warnings.push({
          row: p.row,
          column: HEADER_OF[change.column],
          message: change.message,
          effect: true,
        });
        const twin =
          schoolNameKey(old.name) === schoolNameKey(p.name)
            ? null
            : namesakeNote(placeOf(p), byName.get(schoolNameKey(p.name)) ?? [], true);
        if (twin !== null) warnings.push({ row: p.row, column: HEADER_OF.name, message: twin });
      }
    } else {
      // A new code only: a known one was told when it came, and a code is never changed.
      const doubt = schoolCodeDoubt(p.code);
      if (doubt !== null) warnings.push({ row: p.row, column: HEADER_OF.code, message: doubt });
      const twin = namesakeNote(placeOf(p), byName.get(schoolNameKey(p.name)) ?? []);
      if (twin !== null) warnings.push({ row: p.row, column: HEADER_OF.name, message: twin });
      remember({ ...placeOf(p), row: p.row });
    }
  }
  warnings.sort((a, b) => a.row - b.row);
  const report: ImportReport = {
    ok: false,
    rows: dataRows.length,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    errors,
    warnings,
  };
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    return report;
  }

  const regionByCode = new Map(places.regions.map((r) => [r.code, r]));
  const writes = await db.transaction().execute(async (trx: Transaction<DB>) => {
    // Re-read inside the transaction so that a concurrent edit is not lost between check and write.
    const current = new Map(
      (
        await findSchoolsByCodes(
          trx,
          parsed.map((p) => p.code),
        )
      ).map((s) => [s.code, s]),
    );
    const rows = parsed.map((p) => toSchool(p, current.get(p.code), regionByCode));
    return upsertSchools(trx, actor, rows, current, 'import', (done) =>
      onProgress?.(done, rows.length, '写入数据库'),
    );
  });
  await refreshPlannerStats(db, ['school']);
  onProgress?.(parsed.length, parsed.length, '完成');
  return { ...report, ok: true, ...writes };
}

function parseRow(
  r: FileRow,
  columns: ColumnMap<ColumnKey>,
  places: PlaceIndex,
  actor: Actor,
  seen: Map<string, number>,
  errors: ImportError[],
): ParsedRow | null {
  const before = errors.length;
  // (undefined: the column is not in the file; an optional column then keeps the stored value.)
  const cell = (k: ColumnKey) => (columns[k] >= 0 ? r.c[k].trim() : undefined);
  // What no cell may hold (control characters, line breaks, runaway length, formulas): the rule of
  // the roll, registry and list imports (cell-rules.ts); the name's formula is its own check's. A
  // cell refused here is told once.
  const cells: Partial<Record<ColumnKey, string>> = {};
  for (const k of COLUMN_KEYS) if (columns[k] >= 0) cells[k] = r.c[k];
  const cellErrors: CellMessage[] = [];
  const refused = checkCells(r.row, cells, HEADER_OF, ['name'], cellErrors);
  for (const e of cellErrors) errors.push({ row: e.row, column: e.column, message: e.message });
  const fail = (k: ColumnKey, message: string) => {
    if (!refused.has(k)) errors.push({ row: r.row, column: HEADER_OF[k], message });
  };

  const code = normaliseSchoolCode(cell('code') ?? '');
  if (!code) fail('code', '学校标识码不能为空');
  else if (/^\d(\.\d+)?E\+?\d+$/i.test(code))
    fail(
      'code',
      `学校标识码"${code}"已被 Excel 显示为科学计数法，位数已丢失：请把该列设为"文本"格式，重新填写10位标识码`,
    );
  else if (!isSchoolCode(code)) fail('code', `学校标识码须为10位数字（"${code}"）`);
  else if (seen.has(code)) fail('code', `重复的学校标识码 ${code}（与第 ${seen.get(code)} 行重复）`);
  else seen.set(code, r.row);

  // The edit form's rule too (PATCH /api/schools/:code).
  const name = (cell('name') ?? '').replace(/\s+/g, ' ');
  const nameProblem = schoolNameProblem(name);
  if (nameProblem !== null) fail('name', nameProblem);

  const place = resolvePlace(places, cell('county') ?? '', cell('township') ?? '');
  if (!place.ok) fail(place.field, place.reason);
  else if (!codeInScope(actor, place.townshipCode))
    fail('county', `${cell('county')}${cell('township')} 不在您的管辖范围内，不能导入该校`);
  // A 村小 or 教学点 sits in a 村: its village makes it 乡村 whatever its township (urbanRuralOfPlace).
  const villageText = cell('village') ?? '';
  let villageCode: string | undefined;
  if (place.ok && villageText !== '') {
    const v = resolveVillage(places, place.townshipCode, (cell('township') ?? '').trim(), villageText);
    if (v.ok) villageCode = v.code;
    else fail('village', v.reason);
  }

  const stagesText = cell('stages') ?? '';
  const stages = stagesText ? parseStages(stagesText) : null;
  if (!stagesText) fail('stages', '学段不能为空');
  else if (!stages)
    fail(
      'stages',
      `学段无法识别："${stagesText}"（可填 幼儿园、小学、初中、九年一贯制、完全中学、高中、中职 等）`,
    );

  const ownershipText = cell('ownership') ?? '';
  const ownership = parseOwnership(ownershipText);
  if (!ownershipText) fail('ownership', '办学类型不能为空');
  else if (!ownership)
    fail(
      'ownership',
      `办学类型须为"公办"或"民办"（"${ownershipText}"）${
        parseSchoolKind(ownershipText) !== null ? `："${ownershipText}"是学校类型，请填在"学校类型"列` : ''
      }`,
    );

  /** `aside`: a word on a value refused, such as the column it belongs in. */
  const optional = <T>(
    k: ColumnKey,
    parse: (s: string) => T | null,
    message: string,
    aside: (text: string) => string = () => '',
  ): T | undefined => {
    const text = cell(k);
    if (text === undefined || text === '') return undefined;
    const v = parse(text);
    if (v === null) fail(k, `${message}（"${text}"）${aside(text)}`);
    return v ?? undefined;
  };
  const boarding = optional('boarding', parseYesNo, '是否寄宿须为"是"或"否"');
  const kind = optional(
    'kind',
    parseSchoolKind,
    '学校类型须为 普通学校（完全小学）、村小 或 教学点',
    (text) => (parseOwnership(text) !== null ? `："${text}"是办学类型，请填在"办学类型"列` : ''),
  );
  const urbanRural = optional('urbanRural', parseUrbanRural, '城乡类型须为 城区、镇区 或 乡村');

  if (errors.length > before || !place.ok || !stages || !ownership) return null;
  return {
    row: r.row,
    code,
    name,
    countyCode: place.countyCode,
    townshipCode: place.townshipCode,
    stages,
    ownership,
    boarding,
    kind,
    urbanRural,
    villageCode,
  };
}

type RegionInfo = { code: string; name: string; is_county_seat: boolean; is_urban_district: boolean };

function toSchool(p: ParsedRow, old: School | undefined, regions: Map<string, RegionInfo>) {
  // The village the file gives; else a school already placed in a village of the same township keeps it.
  const regionCode =
    p.villageCode ?? (old?.region_code.startsWith(p.townshipCode) ? old.region_code : p.townshipCode);
  const t = regions.get(p.townshipCode)!;
  const township: TownshipPlace = {
    code: t.code,
    isCountySeat: t.is_county_seat,
    isUrbanDistrict: t.is_urban_district,
  };
  const village = regionCode.length === 12 ? regions.get(regionCode)?.name : null;
  const derived = urbanRuralOfPlace(township, village);
  const keepManual =
    !!old?.urban_rural_manual && (p.urbanRural === undefined || p.urbanRural === old.urban_rural);
  // A class in the file is a person's decision, like an edit in the UI — unless it is the class the
  // township gives anyway, which then keeps following the township.
  const manual = keepManual || (p.urbanRural !== undefined && p.urbanRural !== derived);
  return {
    code: p.code,
    name: p.name,
    county_code: p.countyCode,
    township_code: p.townshipCode,
    region_code: regionCode,
    stages: p.stages,
    ownership: p.ownership,
    boarding: p.boarding ?? old?.boarding ?? false,
    kind: p.kind ?? old?.kind ?? 'regular',
    urban_rural: p.urbanRural ?? (keepManual ? old!.urban_rural : derived),
    urban_rural_manual: manual,
  } satisfies SchoolFields;
}
