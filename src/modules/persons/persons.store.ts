import { type Kysely, type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { nameReadsAlike, othersPersonWarning } from '../../domain/roll/roll-identity.ts';
import type { RowMessage } from '../../domain/roll/roll-row.ts';
import { escapeLike } from '../../server/scope.ts';

/** Whose import writes the persons: the importer's scope (a school account: its school too). */
export interface PersonScope {
  scopeCode: string;
  schoolCode: string | null;
}

/**
 * What guards an existing person's name: an import may rename a person only when every record of
 * theirs — a student record (any status), a current 建档立卡 or assistance-list entry — lies in the
 * importer's scope. Otherwise a county could rename another county's child (and hide them from that
 * county's search) by typing the child's ID under another name into its own roll or list: the name
 * stays, `onNameKept` is told which inputs (their indexes) it did not take.
 */
export interface NameGuard {
  scope: PersonScope;
  onNameKept?: (inputIndexes: number[]) => void;
}

/**
 * SQL: the person (column `personId`, `person.id` in ON CONFLICT DO UPDATE) has a record outside
 * `scope` (`inside: false`) or in it (`inside: true`): a student record (any status; for a school
 * account, at its school), a current 建档立卡 or assistance-list entry.
 */
function records(scope: PersonScope, inside: boolean, personId = 'person.id'): RawBuilder<SqlBool> {
  const like = `${escapeLike(scope.scopeCode)}%`;
  const ref = sql.ref(personId);
  const inRegion = (col: string) => sql`${sql.ref(col)} like ${like}`;
  const student = scope.schoolCode
    ? sql`(${inRegion('s.region_code')} and s.school_code = ${scope.schoolCode})`
    : inRegion('s.region_code');
  const test = (cond: RawBuilder<unknown>) => (inside ? cond : sql`not ${cond}`);
  return sql<SqlBool>`(exists (select 1 from student s where s.person_id = ${ref} and ${test(student)})
    or exists (select 1 from registry_person r where r.person_id = ${ref} and r.current and ${test(inRegion('r.region_code'))})
    or exists (select 1 from assistance_entry a where a.person_id = ${ref} and a.current and ${test(inRegion('a.region_code'))}))`;
}

const recordOutside = (scope: PersonScope) => records(scope, false);

/**
 * Persons of these IDs who belong to another scope only: records outside `scope`, none in it. An
 * import row under such an ID links that person to the importer's scope — and so opens their whole
 * 一生一档 to it — so the importers accept it only under the person's own name (`sameName`): another
 * name is a mistyped or borrowed ID. Returns ID → the person's name.
 */
export async function othersPersons(
  db: Kysely<DB> | Transaction<DB>,
  scope: PersonScope,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await db
      .selectFrom('person as p')
      .select(['p.id_number', 'p.name'])
      .where('p.id_number', 'in', unique.slice(i, i + 5000))
      .where(records(scope, false, 'p.id'))
      .where(sql<SqlBool>`not ${records(scope, true, 'p.id')}`)
      .execute();
    for (const r of rows) out.set(r.id_number!, r.name);
  }
  return out;
}

/** What identifies a person for the lifelong file (一生一档): the trusted ID, else a fallback key. */
export interface PersonInput {
  idNumber: string | null;
  fallbackKey: string | null;
  name: string;
  sex: string | null;
  birthDate: string | null;
  countyCode: string;
  regionCode: string;
}

/**
 * Finds or creates the person behind each input (by trusted ID number, else by fallback key
 * such as `student:<学籍号>`), in bulk; returns the person ids in input order (null when an
 * input has neither key). The newest name/place wins, so a renamed child keeps one file.
 */
export async function upsertPersons(
  trx: Transaction<DB>,
  inputs: PersonInput[],
  /** Persons written so far, of all distinct ones (a big import shows it while it writes). */
  onProgress?: (done: number, total: number) => void,
  /** The importer's scope: an existing person with records outside it keeps their name. */
  guard?: NameGuard,
): Promise<Array<number | null>> {
  const newName = guard
    ? sql<string>`case when ${recordOutside(guard.scope)} then person.name else excluded.name end`
    : sql<string>`excluded.name`;
  const kept: number[] = [];
  const out: Array<number | null> = new Array(inputs.length).fill(null);
  const byId = new Map<string, number[]>();
  const byKey = new Map<string, number[]>();
  inputs.forEach((p, i) => {
    if (p.idNumber) byId.set(p.idNumber, [...(byId.get(p.idNumber) ?? []), i]);
    else if (p.fallbackKey) byKey.set(p.fallbackKey, [...(byKey.get(p.fallbackKey) ?? []), i]);
  });
  const total = byId.size + byKey.size;
  // One pass per key (the trusted ID, else the fallback key), 1,000 distinct persons a statement.
  const upsertBy = async (
    column: 'id_number' | 'fallback_key',
    groups: Map<string, number[]>,
    done: number,
  ) => {
    const keys = [...groups.keys()];
    for (let i = 0; i < keys.length; i += 1000) {
      onProgress?.(done + i, total);
      const chunk = keys.slice(i, i + 1000).map((k) => inputs[groups.get(k)!.at(-1)!]!);
      const rows = await trx
        .insertInto('person')
        .values(chunk.map(toRow))
        .onConflict((oc) =>
          oc
            .column(column)
            .where(column, 'is not', null)
            .doUpdateSet({ name: newName, updated_at: sql<Date>`now()` }),
        )
        .returning(['id', column, 'name'])
        .execute();
      for (const r of rows) {
        const ats = groups.get(r[column]!) ?? [];
        // (The name written is the last input's: a name other than it is the stored one, kept.)
        const renamed = r.name === inputs[ats.at(-1)!]!.name;
        for (const at of ats) {
          out[at] = r.id;
          if (!renamed) kept.push(at);
        }
      }
    }
  };
  await upsertBy('id_number', byId, 0);
  await upsertBy('fallback_key', byKey, byId.size);
  onProgress?.(total, total);
  if (guard?.onNameKept && kept.length > 0) guard.onNameKept(kept.sort((a, b) => a - b));
  return out;
}

function toRow(p: PersonInput) {
  return {
    id_number: p.idNumber,
    fallback_key: p.idNumber ? null : p.fallbackKey,
    name: p.name,
    sex: p.sex,
    birth_date: p.birthDate,
    county_code: p.countyCode,
    region_code: p.regionCode,
  };
}

/**
 * The import rows whose valid ID is a person's of another scope only (`othersPersons`) under another
 * name (one that does not even read alike, `nameReadsAlike`): they are imported, but not filed under that person — linking them would open that child's
 * 一生一档 to the importer (and a wrong ID is a damage the comparison reads, not a reason to refuse a
 * file: a homophone, a rename). Pushes a warning per row naming `column`; returns their row numbers.
 */
export async function othersPersonsNotLinked(
  db: Kysely<DB> | Transaction<DB>,
  scope: PersonScope,
  rows: ReadonlyArray<{ row: number; idNumber: string; name: string }>,
  column: string,
  warnings: RowMessage[],
): Promise<Set<number>> {
  const out = new Set<number>();
  if (rows.length === 0) return out;
  const others = await othersPersons(
    db,
    scope,
    rows.map((r) => r.idNumber),
  );
  for (const r of rows) {
    const name = others.get(r.idNumber);
    if (name === undefined || nameReadsAlike(r.name, name) || out.has(r.row)) continue;
    warnings.push(othersPersonWarning(r.row, column, r.idNumber));
    out.add(r.row);
  }
  return out;
}

/** Of these persons, those enrolled at any school of the city (the comparison, a registry import's report). */
export async function enrolledAnywhere(
  db: Kysely<DB> | Transaction<DB>,
  personIds: readonly number[],
): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < personIds.length; i += 5000) {
    const rows = await db
      .selectFrom('student')
      .select('person_id')
      .where('status', '=', 'enrolled')
      .where('person_id', 'in', personIds.slice(i, i + 5000))
      .execute();
    for (const r of rows) if (r.person_id) out.add(r.person_id);
  }
  return out;
}
