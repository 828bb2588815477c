import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { maskStudentNo } from '../../domain/identity/personal-mask.ts';
import type { Actor } from '../../server/scope.ts';
import { UNENROLLED_HEADERS } from '../matching/headers.ts';
import { openTableWriter } from '../matching/table-writer.ts';
import { type ComparisonList, LIST_LABELS, listComparison, reviewLabel } from './comparison.queries.ts';

const RESULT_LABELS: Record<string, string> = {
  confirmed: '确认匹配',
  review: '疑似匹配',
  unmatched: '未匹配',
};
const STAGE_LABELS: Record<string, string> = {
  preschool: '学前',
  primary: '小学',
  junior: '初中',
  senior: '普通高中',
  vocational: '中职',
  higher: '高等教育',
};

const STUDENT_HEADERS = [
  '学籍号',
  '姓名',
  '身份证件号',
  // (Beside the masked ID, as the lists show it: two pupils' masked IDs may read alike — tester t28f F4.)
  '出生日期',
  '学校名称',
  '学段',
  '年级',
  '匹配结果',
  '人编号',
  '户编号',
  '贫困户属性',
  '脱贫状态',
  '匹配分',
  '匹配依据',
  '证件号问题',
];
/** Those of `jiaofu match --unenrolled`, then the birth date, the age, the list's tag and the 核实提示. */
const UNENROLLED_LIST_HEADERS = [...UNENROLLED_HEADERS, '出生日期', '年龄', '疑似匹配', '核实提示'];

/**
 * Writes one comparison list of the actor's scope to an xlsx (or csv) file, page by page so a
 * city-wide list never sits in memory. ID numbers are masked (DESIGN.md: personal data masked
 * in exports by default); cells that look like formulas are neutralised by the writer.
 */
export async function exportComparisonList(
  db: Kysely<DB>,
  actor: Actor,
  list: ComparisonList,
  ext: 'xlsx' | 'csv' = 'xlsx',
): Promise<{ file: string; name: string; rows: number }> {
  const file = path.join(os.tmpdir(), `jiaofu-export-${randomUUID()}.${ext}`);
  const headers = list === 'unenrolled' ? UNENROLLED_LIST_HEADERS : STUDENT_HEADERS;
  const w = openTableWriter(file, LIST_LABELS[list].slice(0, 30), headers, ['匹配分', '年龄']);
  let page = 1;
  let rows = 0;
  for (;;) {
    const { items } = await listComparison(db, actor, list, { page, pageSize: 5000 });
    for (const it of items as Array<Record<string, unknown>>) {
      const v = (k: string) => (it[k] === null || it[k] === undefined ? '' : String(it[k]));
      await w.write(
        list === 'unenrolled'
          ? [
              v('person_no'),
              v('name'),
              v('id_masked'),
              v('household_no'),
              v('county_name'),
              v('township_name'),
              v('village_name'),
              v('birth_date'),
              v('age'),
              reviewLabel(it as { in_review: boolean; in_review_elsewhere: boolean }),
              v('hint'),
            ]
          : [
              maskStudentNo(v('student_no')),
              v('name'),
              v('id_masked'),
              v('birth_date'),
              v('school_name'),
              STAGE_LABELS[v('stage')] ?? v('stage'),
              v('grade'),
              RESULT_LABELS[v('result')] ?? v('result'),
              v('person_no'),
              v('household_no'),
              v('poverty_attribute'),
              v('exit_status'),
              v('score'),
              v('explanation'),
              v('id_problem'),
            ],
      );
      rows++;
    }
    if (items.length < 5000) break;
    page++;
  }
  await w.close();
  return { file, name: `${LIST_LABELS[list].replace(/[（）()]/g, '')}.${ext}`, rows };
}
