import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, RegionLevel } from '../../db/types.ts';
import { buildCodeMap, type DivisionRow } from '../../domain/regions/code-map.ts';
import { countyCodeOf, townshipKind } from '../../domain/regions/divisions.ts';

/**
 * Loads the division reference tables (POLICY.md "Identifiers and reference data") into
 * `region`, `region_code_map` and the `key_poverty_counties` setting. Idempotent: rows are
 * upserted, so running it again after an update of the CSV files refreshes names and flags.
 */

const FILES = ['sanming-divisions-2020.csv', 'sanming-divisions-2023.csv', 'sanming-county-seats-2020.csv'];

/** 省级扶贫开发重点县 (POLICY.md point 7, "default, to confirm"): a setting, editable later. */
export const DEFAULT_KEY_POVERTY_COUNTIES = ['350421', '350423', '350424', '350429', '350430'];
export const KEY_POVERTY_SETTING = 'key_poverty_counties';

/**
 * The folder holding the CSV files: `dataDir`, else $JIAOFU_REFERENCE_DIR, else the copy shipped
 * in the repository (`data-ref/`, so a fresh clone works alone), else the shared folder next to
 * the working directory or the repository.
 */
export function resolveReferenceDir(dataDir?: string): string {
  const candidates = [
    dataDir,
    process.env.JIAOFU_REFERENCE_DIR,
    fileURLToPath(new URL('../../../data-ref/', import.meta.url)),
    path.resolve(process.cwd(), 'data-ref'),
    path.resolve(process.cwd(), '../shared/data'),
    fileURLToPath(new URL('../../../../shared/data/', import.meta.url)),
  ].filter((d): d is string => !!d);
  for (const dir of candidates) {
    if (FILES.every((f) => existsSync(path.join(dir, f)))) return path.resolve(dir);
  }
  throw new Error(`找不到行政区划参考数据文件 (${FILES.join(', ')})，已查找: ${candidates.join('; ')}`);
}

interface SeatRow {
  county_code: string;
  township_code: string;
  township_name: string;
  note: string;
}

function readCsv<T>(dir: string, file: string): T[] {
  return parse(readFileSync(path.join(dir, file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
    trim: true,
  }) as T[];
}

type RegionInsert = {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  county_code: string | null;
  edition: '2020' | '2023';
  current: boolean;
  is_county_seat: boolean;
  is_urban_district: boolean;
};

function toRegion(r: DivisionRow, edition: '2020' | '2023', seats: Map<string, SeatRow>): RegionInsert {
  const level = r.level as RegionLevel;
  const seat = level === 'township' ? seats.get(r.code) : undefined;
  return {
    code: r.code,
    name: r.name,
    level,
    // The city's parent (35, 福建省) is outside the tree; null keeps 3504 the root.
    parent_code: level === 'city' ? null : r.parent_code,
    county_code: countyCodeOf(r.code),
    edition,
    current: edition === '2020',
    // The seats table marks county-seat 镇; 街道 rows in it are urban sub-districts.
    is_county_seat: !!seat && /county seat/i.test(seat.note),
    // Every 街道 (001–099) counts as urban, listed or not.
    is_urban_district:
      level === 'township' && (townshipKind(r.code) === 'subdistrict' || /urban/i.test(seat?.note ?? '')),
  };
}

/**
 * Loads the reference data when the database has none (a database made by \`jiaofu migrate\` or the
 * first import, before any \`reference load\` or demo): every import needs the divisions to place its
 * rows. True when it loaded them.
 */
export async function ensureReferenceData(db: Kysely<DB>): Promise<boolean> {
  const any = await db.selectFrom('region').select('code').limit(1).executeTakeFirst();
  if (any) return false;
  await loadReferenceData(db);
  return true;
}

/** Loads (or refreshes) the reference data; returns how many region rows are now stored. */
export async function loadReferenceData(
  db: Kysely<DB> | Transaction<DB>,
  opts: { dataDir?: string } = {},
): Promise<{ regions: number; mappings: number }> {
  const dir = resolveReferenceDir(opts.dataDir);
  const rows2020 = readCsv<DivisionRow>(dir, FILES[0]!);
  const rows2023 = readCsv<DivisionRow>(dir, FILES[1]!);
  const seats = new Map(readCsv<SeatRow>(dir, FILES[2]!).map((s) => [s.township_code, s]));
  const codes2020 = new Set(rows2020.map((r) => r.code));
  // Codes unchanged since 2020 are the same division: only the new codes join as edition 2023.
  const regions = [
    ...rows2020.map((r) => toRegion(r, '2020', seats)),
    ...rows2023.filter((r) => !codes2020.has(r.code)).map((r) => toRegion(r, '2023', seats)),
  ];
  const mappings = buildCodeMap(rows2020, rows2023);

  const run = async (trx: Transaction<DB>) => {
    for (let i = 0; i < regions.length; i += 500) {
      await trx
        .insertInto('region')
        .values(regions.slice(i, i + 500))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            level: eb.ref('excluded.level'),
            parent_code: eb.ref('excluded.parent_code'),
            county_code: eb.ref('excluded.county_code'),
            edition: eb.ref('excluded.edition'),
            current: eb.ref('excluded.current'),
            is_county_seat: eb.ref('excluded.is_county_seat'),
            is_urban_district: eb.ref('excluded.is_urban_district'),
          })),
        )
        .execute();
    }
    for (let i = 0; i < mappings.length; i += 500) {
      await trx
        .insertInto('region_code_map')
        .values(mappings.slice(i, i + 500))
        .onConflict((oc) =>
          oc.columns(['old_code', 'new_code']).doUpdateSet((eb) => ({ note: eb.ref('excluded.note') })),
        )
        .execute();
    }
    // A setting, not code: an administrator may change the list, so never overwrite it.
    await trx
      .insertInto('setting')
      .values({ key: KEY_POVERTY_SETTING, value: JSON.stringify(DEFAULT_KEY_POVERTY_COUNTIES) })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const n = await trx
      .selectFrom('region')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return { regions: n.n, mappings: mappings.length };
  };
  if (db.isTransaction) return run(db as Transaction<DB>);
  return (db as Kysely<DB>).transaction().execute(run);
}

/** The 省级扶贫开发重点县 codes from the setting (the defaults when it is missing). */
export async function keyPovertyCounties(db: Kysely<DB> | Transaction<DB>): Promise<string[]> {
  const row = await db
    .selectFrom('setting')
    .select('value')
    .where('key', '=', KEY_POVERTY_SETTING)
    .executeTakeFirst();
  const v = typeof row?.value === 'string' ? JSON.parse(row.value) : row?.value;
  return Array.isArray(v) ? v.map(String) : DEFAULT_KEY_POVERTY_COUNTIES;
}
