import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';

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
): Promise<Array<number | null>> {
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
          .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), updated_at: sql<Date>`now()` })),
      )
      .returning(['id', 'id_number'])
      .execute();
    for (const r of rows) for (const at of byId.get(r.id_number!) ?? []) out[at] = r.id;
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
          .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), updated_at: sql<Date>`now()` })),
      )
      .returning(['id', 'fallback_key'])
      .execute();
    for (const r of rows) for (const at of byKey.get(r.fallback_key!) ?? []) out[at] = r.id;
  }
  onProgress?.(total, total);
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
