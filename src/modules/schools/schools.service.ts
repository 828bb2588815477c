import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, School, SchoolKind, Stage, UrbanRural } from '../../db/types.ts';
import { urbanRuralOfPlace } from '../../domain/regions/divisions.ts';
import { sortStages } from '../../domain/schools/school-fields.ts';
import { type AuditAction, type AuditInput, appendAudit } from '../../server/audit.ts';
import { conflict, notFound } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';
import { findSchoolInScope } from './schools.queries.ts';

/** The fields of a school that people edit, as stored and as audited (before → after). */
export interface SchoolFields {
  code: string;
  name: string;
  county_code: string;
  township_code: string;
  region_code: string;
  stages: Stage[];
  ownership: 'public' | 'private';
  boarding: boolean;
  kind: SchoolKind;
  urban_rural: UrbanRural;
  urban_rural_manual: boolean;
}

/** The audited snapshot of a school row (timestamps left out: they change on every write). */
export function schoolSnapshot(s: SchoolFields | School): SchoolFields {
  return {
    code: s.code,
    name: s.name,
    county_code: s.county_code,
    township_code: s.township_code,
    region_code: s.region_code,
    stages: [...s.stages],
    ownership: s.ownership,
    boarding: s.boarding,
    kind: s.kind,
    urban_rural: s.urban_rural,
    urban_rural_manual: s.urban_rural_manual,
  };
}

function sameSchool(a: SchoolFields, b: SchoolFields): boolean {
  return JSON.stringify(schoolSnapshot(a)) === JSON.stringify(schoolSnapshot(b));
}

/**
 * Inserts new schools and updates changed ones in multi-row statements of ≤ 500, and appends
 * one audit entry per written school (in one batch). Unchanged rows are neither written nor
 * audited. Runs inside the caller's transaction.
 */
export async function upsertSchools(
  trx: Transaction<DB>,
  actor: Actor,
  rows: SchoolFields[],
  existing: Map<string, SchoolFields>,
  action: AuditAction,
  onProgress?: (done: number) => void,
): Promise<{ inserted: number; updated: number; unchanged: number }> {
  const audit: AuditInput[] = [];
  const changed: SchoolFields[] = [];
  let inserted = 0;
  let updated = 0;
  for (const row of rows) {
    const old = existing.get(row.code);
    if (old && sameSchool(old, row)) continue;
    if (old) updated += 1;
    else inserted += 1;
    changed.push(row);
    audit.push({
      action,
      entity: 'school',
      entityId: row.code,
      scopeCode: row.region_code,
      before: old ? schoolSnapshot(old) : null,
      after: schoolSnapshot(row),
    });
  }
  for (let i = 0; i < changed.length; i += 500) {
    await trx
      .insertInto('school')
      .values(changed.slice(i, i + 500).map((r) => ({ ...r, stages: sortStages(r.stages) })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          county_code: eb.ref('excluded.county_code'),
          township_code: eb.ref('excluded.township_code'),
          region_code: eb.ref('excluded.region_code'),
          stages: eb.ref('excluded.stages'),
          ownership: eb.ref('excluded.ownership'),
          boarding: eb.ref('excluded.boarding'),
          kind: eb.ref('excluded.kind'),
          urban_rural: eb.ref('excluded.urban_rural'),
          urban_rural_manual: eb.ref('excluded.urban_rural_manual'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
    onProgress?.(Math.min(i + 500, changed.length));
  }
  await appendAudit(trx, actor, audit);
  return { inserted, updated, unchanged: rows.length - inserted - updated };
}

/** The editable fields of PATCH /api/schools/:code. `urban_rural: null` returns to the derived class. */
export interface SchoolPatch {
  name?: string;
  stages?: Stage[];
  ownership?: 'public' | 'private';
  boarding?: boolean;
  kind?: SchoolKind;
  urban_rural?: UrbanRural | null;
}

/** Edits one school inside the actor's scope, audited with before and after. */
export async function updateSchool(db: Kysely<DB>, actor: Actor, code: string, patch: SchoolPatch) {
  return db.transaction().execute(async (trx) => {
    const before = await findSchoolInScope(trx, actor, code);
    if (!before) throw notFound('学校');
    const after: SchoolFields = schoolSnapshot(before);
    if (patch.name !== undefined) after.name = patch.name;
    if (patch.stages !== undefined) after.stages = sortStages(patch.stages);
    if (patch.ownership !== undefined) after.ownership = patch.ownership;
    if (patch.boarding !== undefined) after.boarding = patch.boarding;
    if (patch.kind !== undefined) after.kind = patch.kind;
    if (patch.urban_rural === null) {
      after.urban_rural = await derivedUrbanRural(trx, before.township_code, before.region_code);
      after.urban_rural_manual = false;
    } else if (patch.urban_rural !== undefined) {
      // A person's decision overrides the class derived from the township from now on.
      after.urban_rural = patch.urban_rural;
      after.urban_rural_manual = true;
    }
    const existing = new Map([[code, schoolSnapshot(before)]]);
    await upsertSchools(trx, actor, [after], existing, 'update');
    return (await findSchoolInScope(trx, actor, code))!;
  });
}

/** The urban/rural class the school's place implies (township flags; a 村 is rural). */
export async function derivedUrbanRural(
  db: Kysely<DB> | Transaction<DB>,
  townshipCode: string,
  regionCode: string,
): Promise<UrbanRural> {
  const rows = await db
    .selectFrom('region')
    .select(['code', 'name', 'is_county_seat', 'is_urban_district'])
    .where('code', 'in', [townshipCode, regionCode])
    .execute();
  const t = rows.find((r) => r.code === townshipCode);
  const v = regionCode !== townshipCode ? rows.find((r) => r.code === regionCode) : undefined;
  return urbanRuralOfPlace(
    { code: townshipCode, isCountySeat: !!t?.is_county_seat, isUrbanDistrict: !!t?.is_urban_district },
    v?.name,
  );
}

/** What a table's rows are, in the refusal to delete a school they name (tables not listed: 其他记录). */
const RECORD_NAMES: Record<string, string> = {
  student: '学生名册',
  app_user: '用户账号',
  dropout_case: '控辍保学个案',
  home_teaching: '送教上门',
  recognition: '困难认定',
  public_notice: '公示',
  entitlement: '应享资助',
  payment_list: '发放名单',
  payment_line: '发放记录',
  emergency_relief: '临时救助',
  care_pairing: '红烛暖心结对',
  care_visit: '结对走访',
  school_aid_fund_entry: '学校资助资金',
};

/**
 * Deletes a school no record names (a wrongly imported or entered one), audited. A school that any
 * table names by 学校标识码 — its roll, an account, a case, aid — is refused, naming those records:
 * such a school is corrected, not deleted. Every column holding a school code is found from the
 * schema, so a table added later is covered too.
 */
export async function deleteSchool(db: Kysely<DB>, actor: Actor, code: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findSchoolInScope(trx, actor, code);
    if (!before) throw notFound('学校');
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name <> 'school'
        and column_name in ('school_code', 'return_school_code')
      order by table_name, column_name`.execute(trx);
    const named: string[] = [];
    for (const c of columns.rows) {
      const hit =
        await sql`select 1 from ${sql.table(c.table_name)} where ${sql.ref(c.column_name)} = ${code} limit 1`.execute(
          trx,
        );
      if (hit.rows.length > 0) {
        const what = RECORD_NAMES[c.table_name] ?? '其他记录';
        if (!named.includes(what)) named.push(what);
      }
    }
    if (named.length > 0)
      throw conflict(
        `${before.name}（${code}）已有${named.join('、')}，不能删除：学校信息有误请修改，学校撤并请在学籍中办理转出`,
      );
    await trx.deleteFrom('school').where('code', '=', code).execute();
    await appendAudit(trx, actor, {
      action: 'delete',
      entity: 'school',
      entityId: code,
      scopeCode: before.region_code,
      before: schoolSnapshot(before),
    });
  });
}
