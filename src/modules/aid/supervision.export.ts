/**
 * Export to 福建省扶贫(惠民)资金在线监管系统 (工作要点 6): one row per payment (项目, 主管部门, 区县,
 * 乡镇, 姓名, 身份证号, 金额, 发放日期, 人次 …), columns configurable (policy default or per request),
 * 主管部门, 区县 and 乡镇 from one source, the paying school (domain paymentPlace: the unit that paid),
 * xlsx or csv, with flags for identity errors, late payment, wrong amount and duplicate payment.
 * 应急救助 payments paid within the term's days (`termPeriod`) follow the programme payments, with
 * the identity flag (they have no entitlement line or term deadline).
 * IDs and 学籍号 are masked unless `unmask` (the route's `unmask=true`, for a user with
 * `personal.unmask` only, audited as a view of personal data): the provincial system matches
 * payments by the full 身份证号, so its upload copy is asked for explicitly. 金额 and 人次 are numbers in the xlsx; the term
 * is written in words (2020年秋季学期).
 */

import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';
import {
  departmentName,
  fenToYuan,
  paymentDeadline,
  paymentPlace,
  programmeName,
  RELIEF_PROGRAMME,
  reliefSupervisionFlags,
  resolveColumns,
  STAGE_LABELS,
  type SupervisionColumn,
  supervisionFlags,
  termLabel,
  termPeriod,
} from '../../domain/aid/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import { badRequest } from '../../server/errors.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { openTableWriter } from '../matching/table-writer.ts';
import { requireTerm } from './entitlement.run.ts';
import { getActivePolicy } from './policy.store.ts';

export interface SupervisionOptions {
  term: string;
  columns?: string[];
  /** Full IDs and 学籍号 (the caller has checked the permission and audits the view); masked when absent. */
  unmask?: boolean;
  /** One programme only; `emergency_relief` for the 应急救助 payments only. */
  programme?: string;
}

const PAGE = 5000;

/** The rows of a query read in pages of PAGE by ascending id: `page(after)` gives those after id `after`. */
async function* byId<R extends { id: number | string }>(
  page: (after: number) => Promise<R[]>,
): AsyncGenerator<R> {
  for (let after = 0; ; ) {
    const rows = await page(after);
    yield* rows;
    if (rows.length < PAGE) return;
    after = Number(rows[rows.length - 1]!.id);
  }
}

/** What one exported payment says, before the column layout is applied. */
interface PaymentRow {
  programme: string;
  /** Where it was paid (paymentPlace): the paying school's county and its township. */
  county: string;
  township: string;
  name: string;
  idNumber: string | null;
  amountFen: number;
  paidAt: string | null;
  school: string | null;
  stage: string | null;
  studentNo: string | null;
  flags: string[];
}

/** 区县 and 乡镇 of a row from its paying school's divisions (paymentPlace). */
function placeOf(r: {
  county_code: string | null;
  county_name: string | null;
  township_code: string | null;
  township_name: string | null;
}) {
  return paymentPlace(
    r.county_code && r.county_name ? { code: r.county_code, name: r.county_name } : null,
    r.township_code && r.township_name ? { code: r.township_code, name: r.township_name } : null,
  );
}

/** Writes the export to `file`; returns rows written and how many carry a flag. */
export async function writeSupervisionExport(
  db: Kysely<DB>,
  actor: Actor,
  file: string,
  o: SupervisionOptions,
) {
  const term = requireTerm(o.term);
  const policy = await getActivePolicy(db, term.year, actor);
  const cfg = policy.config;
  const cols = resolveColumns(o.columns, cfg);
  if (!cols.ok) throw badRequest(cols.reason);
  const deadline = paymentDeadline(cfg, term);
  const w = openTableWriter(file, '资金发放明细', cols.columns, ['金额', '人次']);
  const termText = termLabel(term);
  /** One export row, in the columns asked for. */
  const cells = (p: PaymentRow): string[] => {
    const county = p.county;
    const value: Record<SupervisionColumn, string> = {
      项目: p.programme,
      主管部门: departmentName(cfg.supervisionExport.department, county),
      区县: county,
      乡镇: p.township,
      姓名: p.name,
      身份证号: o.unmask ? (p.idNumber ?? '') : maskId(p.idNumber),
      金额: fenToYuan(p.amountFen),
      发放日期: p.paidAt ?? '',
      人次: '1',
      学校: p.school ?? '',
      学段: STAGE_LABELS[p.stage ?? ''] ?? p.stage ?? '',
      学期: termText,
      学籍号: (o.unmask ? p.studentNo : maskStudentNo(p.studentNo)) ?? '',
      标记: p.flags.join('；'),
    };
    return cols.columns.map((c) => value[c]);
  };
  let rows = 0;
  let flagged = 0;
  const relief = o.programme === RELIEF_PROGRAMME.code;
  const lines = byId((after) =>
    db
      .selectFrom('payment_line as l')
      .innerJoin('school as sc', 'sc.code', 'l.school_code')
      .leftJoin('region as c', 'c.code', 'sc.county_code')
      .leftJoin('region as t', 't.code', 'sc.township_code')
      .leftJoin('student as s', 's.id', 'l.student_id')
      .select([
        'l.id',
        'l.programme',
        'l.name',
        'l.id_number',
        'l.student_no',
        'l.amount_fen',
        'l.paid_at',
        's.stage',
        'sc.name as school_name',
        'c.code as county_code',
        'c.name as county_name',
        't.code as township_code',
        't.name as township_name',
        sql<
          number | null
        >`(select e.amount_fen from entitlement e where e.term = l.term and e.programme = l.programme
          and e.student_id = l.student_id limit 1)`.as('entitled_fen'),
        sql<boolean>`exists (select 1 from payment_line o where o.term = l.term and o.programme = l.programme
          and o.id <> l.id and o.status in ('pending', 'paid')
          and (o.student_id = l.student_id or o.person_id = l.person_id or o.id_number = l.id_number))`.as(
          'duplicate',
        ),
      ])
      .where('l.term', '=', term.code)
      .where('l.status', '=', 'paid')
      .where(inSchoolScope(actor, 'l.school_code', 'l.region_code'))
      .$if(!!o.programme, (q) => q.where('l.programme', '=', o.programme!))
      .where('l.id', '>', after)
      .orderBy('l.id')
      .limit(PAGE)
      .execute(),
  );
  if (!relief)
    for await (const r of lines) {
      const flags = supervisionFlags({
        idNumber: r.id_number,
        paidAt: r.paid_at,
        deadline,
        amountFen: r.amount_fen,
        entitledFen: r.entitled_fen === null ? null : Number(r.entitled_fen),
        duplicate: !!r.duplicate,
      });
      if (flags.length) flagged++;
      await w.write(
        cells({
          programme: programmeName(cfg, r.programme),
          ...placeOf(r),
          name: r.name,
          idNumber: r.id_number,
          amountFen: r.amount_fen,
          paidAt: r.paid_at,
          school: r.school_name,
          stage: r.stage,
          studentNo: r.student_no,
          flags,
        }),
      );
      rows++;
    }
  if (!o.programme || relief) {
    const period = termPeriod(cfg, term);
    const paid = byId((after) =>
      db
        .selectFrom('emergency_relief as r')
        .innerJoin('person as p', 'p.id', 'r.person_id')
        .leftJoin('student as s', 's.id', 'r.student_id')
        .leftJoin('school as sc', 'sc.code', 'r.school_code')
        .leftJoin('region as c', (j) =>
          j.on('c.code', '=', sql<string>`coalesce(sc.county_code, r.county_code)`),
        )
        .leftJoin('region as t', (j) =>
          j.on('t.code', '=', sql<string>`coalesce(sc.township_code, substr(r.region_code, 1, 9))`),
        )
        .select([
          'r.id',
          'r.name',
          'p.id_number',
          'r.amount_fen',
          'r.paid_at',
          's.stage',
          's.student_no',
          'sc.name as school_name',
          'c.code as county_code',
          'c.name as county_name',
          't.code as township_code',
          't.name as township_name',
        ])
        .where('r.status', '=', 'paid')
        .where('r.paid_at', '>=', period.from)
        .where('r.paid_at', '<=', period.to)
        .where(inSchoolScope(actor, 'r.school_code', 'r.region_code'))
        .where('r.id', '>', after)
        .orderBy('r.id')
        .limit(PAGE)
        .execute(),
    );
    for await (const r of paid) {
      const flags = reliefSupervisionFlags(r.id_number);
      if (flags.length) flagged++;
      await w.write(
        cells({
          programme: RELIEF_PROGRAMME.name,
          ...placeOf(r),
          name: r.name,
          idNumber: r.id_number,
          amountFen: Number(r.amount_fen),
          paidAt: r.paid_at,
          school: r.school_name,
          stage: r.stage,
          studentNo: r.student_no,
          flags,
        }),
      );
      rows++;
    }
  }
  await w.close();
  return { rows, flagged, columns: cols.columns };
}
