/**
 * 一生一档 (工作要点 1): every recognition, entitlement and payment of one person across all five
 * stages and every school, for the person page. Other aid modules (emergency relief, the school
 * aid fund, 红烛暖心) add their own sections through `registerPersonAidSection`, so this file
 * never needs to know their tables.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  COVERAGE_LABELS,
  classifyCoverage,
  LIST_STATUS_LABELS,
  RECOGNITION_STATUS_LABELS,
  STAGE_LABELS,
} from '../../domain/aid/index.ts';
import { notFound } from '../../server/errors.ts';
import type { Actor } from '../../server/scope.ts';
import { personInScope } from '../persons/persons.queries.ts';

/** A loader of one more section of the person's aid file (e.g. `relief`). */
export type PersonAidSection = (db: Kysely<DB>, personId: number) => Promise<unknown[]>;
const sections = new Map<string, PersonAidSection>();

/** Adds a section (by name) to `GET /api/persons/:id/aid`; called once by the module that owns it. */
export function registerPersonAidSection(name: string, loader: PersonAidSection): void {
  sections.set(name, loader);
}

/** The aid file of a person in scope. */
export async function personAidFile(db: Kysely<DB>, actor: Actor, personId: number) {
  const person = await db
    .selectFrom('person')
    .select(['person.id', 'person.name'])
    .where('person.id', '=', personId)
    .where(personInScope(actor))
    .executeTakeFirst();
  if (!person) throw notFound('人员档案');
  const recognitions = await db
    .selectFrom('recognition as r')
    .innerJoin('school as sc', 'sc.code', 'r.school_code')
    .select([
      'r.id',
      'r.school_year',
      'r.school_code',
      'sc.name as school_name',
      'r.grade',
      'r.tier',
      'r.priority_groups',
      'r.status',
      'r.mid_year',
      'r.mid_year_reason',
      'r.semester_reviews',
      'r.confirmed_at',
      'r.created_at',
    ])
    .where('r.person_id', '=', personId)
    .orderBy('r.school_year')
    .orderBy('r.id')
    .execute();
  const entitlements = await db
    .selectFrom('entitlement as e')
    .innerJoin('school as sc', 'sc.code', 'e.school_code')
    .select([
      'e.term',
      'e.programme',
      'e.stage',
      'e.school_code',
      'sc.name as school_name',
      'e.amount_fen',
      'e.rule',
      'e.run_id',
      'e.student_id',
    ])
    .where('e.person_id', '=', personId)
    .orderBy('e.term')
    .orderBy('e.programme')
    .execute();
  const payments = await db
    .selectFrom('payment_line as l')
    .innerJoin('payment_list as pl', 'pl.id', 'l.list_id')
    .innerJoin('school as sc', 'sc.code', 'l.school_code')
    .select([
      'l.id',
      'l.list_id',
      'l.term',
      'l.programme',
      'l.school_code',
      'sc.name as school_name',
      'l.amount_fen',
      'l.status',
      'l.paid_at',
      'l.bank_message',
      'pl.status as list_status',
    ])
    .where('l.person_id', '=', personId)
    .orderBy('l.term')
    .orderBy('l.id')
    .execute();
  const paidBy = new Map<string, number>();
  for (const p of payments)
    if (p.status === 'paid')
      paidBy.set(`${p.term}|${p.programme}`, (paidBy.get(`${p.term}|${p.programme}`) ?? 0) + p.amount_fen);
  const extra: Record<string, unknown[]> = {};
  for (const [name, load] of sections) extra[name] = await load(db, personId);
  return {
    person,
    recognitions: recognitions.map((r) => ({ ...r, status_label: RECOGNITION_STATUS_LABELS[r.status] })),
    entitlements: entitlements.map((e) => {
      const paid = paidBy.get(`${e.term}|${e.programme}`) ?? 0;
      const status = classifyCoverage(e.amount_fen, paid);
      return {
        ...e,
        stage_label: STAGE_LABELS[e.stage] ?? e.stage,
        paid_fen: paid,
        coverage: status,
        coverage_label: COVERAGE_LABELS[status],
      };
    }),
    payments: payments.map((p) => ({ ...p, list_status_label: LIST_STATUS_LABELS[p.list_status] })),
    relief: [] as unknown[],
    ...extra,
  };
}
