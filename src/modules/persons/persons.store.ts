import { type RawBuilder, type SqlBool, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
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

/** SQL, in ON CONFLICT DO UPDATE (the stored row is `person`): the person has a record outside `scope`. */
function recordOutside(scope: PersonScope): RawBuilder<SqlBool> {
  const like = `${escapeLike(scope.scopeCode)}%`;
  const studentOutside = scope.schoolCode
    ? sql`(s.region_code not like ${like} or s.school_code <> ${scope.schoolCode})`
    : sql`s.region_code not like ${like}`;
  return sql<SqlBool>`(exists (select 1 from student s where s.person_id = person.id and ${studentOutside})
    or exists (select 1 from registry_person r where r.person_id = person.id and r.current and r.region_code not like ${like})
    or exists (select 1 from assistance_entry a where a.person_id = person.id and a.current and a.region_code not like ${like}))`;
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
  const idList = [...byId.keys()];
  const total = idList.length + byKey.size;
  for (let i = 0; i < idList.length; i += 1000) {
    onProgress?.(i, total);
    const chunk = idList.slice(i, i + 1000).map((id) => inputs[byId.get(id)!.at(-1)!]!);
    const rows = await trx
      .insertInto('person')
      .values(chunk.map(toRow))
      .onConflict((oc) =>
        oc
          .column('id_number')
          .where('id_number', 'is not', null)
          .doUpdateSet({ name: newName, updated_at: sql<Date>`now()` }),
      )
      .returning(['id', 'id_number', 'name'])
      .execute();
    for (const r of rows) {
      const ats = byId.get(r.id_number!) ?? [];
      // (The name written is the last input's: a name other than it is the stored one, kept.)
      const renamed = r.name === inputs[ats.at(-1)!]!.name;
      for (const at of ats) {
        out[at] = r.id;
        if (!renamed) kept.push(at);
      }
    }
  }
  const keyList = [...byKey.keys()];
  for (let i = 0; i < keyList.length; i += 1000) {
    onProgress?.(idList.length + i, total);
    const chunk = keyList.slice(i, i + 1000).map((k) => inputs[byKey.get(k)!.at(-1)!]!);
    const rows = await trx
      .insertInto('person')
      .values(chunk.map(toRow))
      .onConflict((oc) =>
        oc
          .column('fallback_key')
          .where('fallback_key', 'is not', null)
          .doUpdateSet({ name: newName, updated_at: sql<Date>`now()` }),
      )
      .returning(['id', 'fallback_key', 'name'])
      .execute();
    for (const r of rows) {
      const ats = byKey.get(r.fallback_key!) ?? [];
      // (The name written is the last input's: a name other than it is the stored one, kept.)
      const renamed = r.name === inputs[ats.at(-1)!]!.name;
      for (const at of ats) {
        out[at] = r.id;
        if (!renamed) kept.push(at);
      }
    }
  }
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
