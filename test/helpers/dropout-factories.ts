/**
 * Factories for 控辍保学 tests: person, student and registry rows inserted directly (the
 * importers are another module's business), each call a fresh person so tests never collide.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/types.ts';
import { addDays, addYears } from '../../src/domain/dropout/index.ts';
import { todayInChina } from '../../src/modules/dropout/dropout.settings.ts';

let seq = 0;
let batchId: number | null = null;

/** Today (China) and a date `years` ago, for ages that stay right whatever day the test runs. */
export const TODAY = todayInChina();
export const yearsAgo = (years: number, extraDays = 0) => addDays(addYears(TODAY, -years), -extraDays);
export const daysAgo = (days: number) => addDays(TODAY, -days);

/** A valid-looking 18-character ID (check digit computed) for a birth date and area. */
export function fakeId(birthDate: string, area = '350421'): string {
  seq += 1;
  const body = `${area}${birthDate.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * w[i]!, 0);
  return body + '10X98765432'[sum % 11];
}

async function batch(db: Kysely<DB>): Promise<number> {
  if (batchId !== null) return batchId;
  const r = await db
    .insertInto('import_batch')
    .values({ kind: 'registry', filename: 'factory.xlsx', rows: 0, scope_code: '3504' })
    .returning('id')
    .executeTakeFirstOrThrow();
  batchId = r.id;
  return batchId;
}

/** Forgets the cached import batch (call when a test file opens a new database). */
export function resetFactories(): void {
  batchId = null;
}

/** A 一生一档 person. */
export async function makePerson(
  db: Kysely<DB>,
  p: { name: string; birthDate: string; regionCode?: string; idNumber?: string | null },
) {
  const region = p.regionCode ?? '350421100';
  const idNumber = p.idNumber === undefined ? fakeId(p.birthDate, region.slice(0, 6)) : p.idNumber;
  return db
    .insertInto('person')
    .values({
      name: p.name,
      birth_date: p.birthDate,
      id_number: idNumber,
      county_code: region.slice(0, 6),
      region_code: region,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A 建档立卡 registry member (current), optionally linked to a person. */
export async function makeRegistryPerson(
  db: Kysely<DB>,
  r: {
    name: string;
    birthDate: string | null;
    regionCode?: string;
    personId?: number | null;
    idNumber?: string | null;
    current?: boolean;
  },
) {
  seq += 1;
  const region = r.regionCode ?? '350421100';
  const county = region.startsWith('350423') ? '清流县' : '明溪县';
  const township = region.startsWith('350423') ? '龙津镇' : '雪峰镇';
  return db
    .insertInto('registry_person')
    .values({
      batch_id: await batch(db),
      person_no: `P${String(seq).padStart(8, '0')}`,
      household_no: `H${String(seq).padStart(8, '0')}`,
      person_id: r.personId ?? null,
      name: r.name,
      id_number:
        r.idNumber === undefined
          ? r.birthDate
            ? fakeId(r.birthDate, region.slice(0, 6))
            : null
          : r.idNumber,
      birth_date: r.birthDate,
      county_name: county,
      township_name: township,
      village_name: '城关村',
      county_code: region.slice(0, 6),
      region_code: region,
      current: r.current ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A roll row (学籍) at a school. */
export async function makeStudent(
  db: Kysely<DB>,
  s: {
    name: string;
    birthDate: string;
    schoolCode?: string;
    regionCode?: string;
    personId?: number | null;
    idNumber?: string | null;
    status?: 'enrolled' | 'left';
    leftAt?: string | null;
    stage?: string;
    grade?: string | null;
    disabled?: boolean;
    leftBehind?: boolean;
  },
) {
  seq += 1;
  const region = s.regionCode ?? '350421100';
  return db
    .insertInto('student')
    .values({
      student_no: `G${String(seq).padStart(18, '0')}`,
      person_id: s.personId ?? null,
      name: s.name,
      birth_date: s.birthDate,
      id_number: s.idNumber ?? null,
      school_code: s.schoolCode ?? '2135000001',
      county_code: region.slice(0, 6),
      region_code: region,
      stage: s.stage ?? 'primary',
      grade: s.grade ?? '四年级',
      status: s.status ?? 'enrolled',
      left_at: s.leftAt ?? null,
      disabled: s.disabled ?? false,
      left_behind: s.leftBehind ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
