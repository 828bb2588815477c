/**
 * The out-of-school list as a file (工作要点 5): `jiaofu export out-of-school` and the UI's
 * download. Columns as the poverty office writes them: 人编号, 姓名, 证件号码, 户编号, 县(市、区),
 * 乡(镇), 行政村 (then 出生日期, 年龄, the list's 疑似匹配 tag, the comparison's 核实提示 and the child's 台账). CSV is UTF-8 with a BOM; every
 * cell starting with = + - @ gets a leading apostrophe (DESIGN.md, formula injection) — the shared
 * table writer does both.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { type AgeRange, ageOn, ageReferenceDay, STATUS_LABELS } from '../../domain/dropout/index.ts';
import { maskId } from '../../domain/identity/id-number.ts';
import type { Actor } from '../../server/scope.ts';
import { personsInReview, reviewFlags, reviewLabel } from '../comparison/comparison.queries.ts';
import { UNENROLLED_HEADERS } from '../matching/headers.ts';
import { openTableWriter } from '../matching/table-writer.ts';
import { type LatestCase, latestCaseOfChild, latestCasesFor, listMarksScope } from './cases.queries.ts';
import { iterateOutOfSchool } from './out-of-school.queries.ts';

/**
 * Column headers of the export, in order (those of `jiaofu match --unenrolled`, then the birth date,
 * the age and the comparison's 核实提示, such as 疑似在外县就读).
 */
export const OUT_OF_SCHOOL_HEADERS = [
  ...UNENROLLED_HEADERS,
  '出生日期',
  '年龄',
  '疑似匹配',
  '核实提示',
  '台账',
] as const;

export interface ExportOptions {
  asOf: string;
  ages: AgeRange;
  /** Full ID numbers (the caller has checked the permission and audits the view). */
  unmask: boolean;
  onProgress?: (rows: number) => void;
}

/** Writes the out-of-school list in the actor's scope to `file` (.xlsx or .csv); returns the row count. */
export async function writeOutOfSchool(
  db: Kysely<DB>,
  actor: Actor,
  file: string,
  opts: ExportOptions,
): Promise<number> {
  const writer = openTableWriter(file, '失学儿童名单', OUT_OF_SCHOOL_HEADERS, ['年龄']);
  // Ages on the entry cut-off of the list's school year, as the page shows them.
  const ageDay = ageReferenceDay(opts.asOf, opts.ages);
  let rows = 0;
  try {
    for await (const batch of iterateOutOfSchool(db, actor, { asOf: opts.asOf, ages: opts.ages })) {
      const inReview = await personsInReview(
        db,
        actor,
        batch.map((r) => r.person_no),
      );
      const cases = await latestCasesFor(db, listMarksScope(actor), {
        registryPersonIds: batch.map((r) => r.id),
        personIds: batch.flatMap((r) => (r.person_id === null ? [] : [r.person_id])),
      });
      for (const r of batch) {
        const id = r.id_number ?? r.id_number_raw ?? '';
        await writer.write([
          r.person_no,
          r.name,
          opts.unmask ? id : maskId(id),
          r.household_no,
          r.county_name ?? '',
          r.township_name ?? '',
          r.village_name ?? '',
          r.birth_date ?? '',
          // (Empty when the birth date is unknown.)
          r.birth_date ? String(ageOn(r.birth_date, ageDay)) : '',
          reviewLabel(reviewFlags(inReview, r.person_no)),
          r.hint ?? '',
          caseLabel(latestCaseOfChild(cases, r)),
        ]);
        rows += 1;
      }
      opts.onProgress?.(rows);
    }
  } finally {
    await writer.close();
  }
  return rows;
}

/**
 * The 台账 column: the child's open case and its status, a closed one, or none yet (the list on the
 * page shows the same marks).
 */
export function caseLabel(c: LatestCase | undefined): string {
  if (!c) return '未建台账';
  if (c.status === 'closed') return `已结案（台账 #${c.id}${c.closed_at ? `，${c.closed_at}` : ''}）`;
  return `${STATUS_LABELS[c.status]}（台账 #${c.id}）`;
}

/** The same file in memory, for an HTTP download. */
export async function outOfSchoolFile(
  db: Kysely<DB>,
  actor: Actor,
  format: 'xlsx' | 'csv',
  opts: ExportOptions,
): Promise<{ buffer: Buffer; rows: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'jiaofu-oos-'));
  const file = path.join(dir, `out-of-school.${format}`);
  try {
    const rows = await writeOutOfSchool(db, actor, file, opts);
    return { buffer: await fs.readFile(file), rows };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
