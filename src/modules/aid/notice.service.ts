/**
 * 结果公示 (教财〔2018〕16号; POLICY.md: default 5 working days, with objections, and "the notice must
 * not show sensitive personal data"): the notice of a school's reviewed recognitions, its public
 * list (name, school, grade, tier — never the ID, the reason or the priority group), printable
 * and as xlsx, and the objections received during the period and how they were resolved.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { canObject, canStartNotice, isIsoDate, noticeEndDate } from '../../domain/aid/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, conflict, notFound } from '../../server/errors.ts';
import { type Actor, assertInScope, inSchoolScope, inScope } from '../../server/scope.ts';
import { openTableWriter } from '../matching/table-writer.ts';
import { tempExportFile } from './http-files.ts';
import { getActivePolicy } from './policy.store.ts';
import { assertSchoolSide, policyYearOf, rejectRecognition } from './recognition.service.ts';

/**
 * Posts the notice of a school's reviewed recognitions of a school year. It starts today (the
 * bureau's day, `today`) or later, never earlier (canStartNotice).
 */
export async function publishNotice(
  db: Kysely<DB>,
  actor: Actor,
  input: { schoolCode: string; schoolYear: number; startsOn: string; title?: string },
  today: string,
) {
  assertSchoolSide(actor);
  if (!isIsoDate(input.startsOn)) throw badRequest('公示开始日期应为 YYYY-MM-DD');
  const starts = canStartNotice(input.startsOn, today);
  if (!starts.ok) throw badRequest(starts.reason);
  const school = await db
    .selectFrom('school')
    .select(['code', 'name', 'county_code', 'region_code'])
    .where('code', '=', input.schoolCode)
    .executeTakeFirst();
  if (!school || (actor.schoolCode && actor.schoolCode !== school.code)) throw notFound('学校');
  assertInScope(actor, school.region_code, '学校');
  const policy = await getActivePolicy(db, policyYearOf(input.schoolYear), actor);
  const r = policy.config.recognition;
  const endsOn = noticeEndDate(input.startsOn, r.noticeWorkingDays, {
    holidays: r.holidays,
    extraWorkdays: r.extraWorkdays,
  });
  return db.transaction().execute(async (trx) => {
    const ready = await trx
      .selectFrom('recognition')
      .select('id')
      .where('school_code', '=', school.code)
      .where('school_year', '=', input.schoolYear)
      .where('status', '=', 'school_reviewed')
      .execute();
    if (ready.length === 0) throw conflict('该校本学年没有已评议待公示的认定');
    const notice = await trx
      .insertInto('public_notice')
      .values({
        school_year: input.schoolYear,
        school_code: school.code,
        title: input.title ?? `${school.name}${input.schoolYear}学年家庭经济困难学生认定结果公示`,
        starts_on: input.startsOn,
        ends_on: endsOn,
        working_days: r.noticeWorkingDays,
        county_code: school.county_code,
        region_code: school.region_code,
        created_by: actor.id || null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('recognition')
      .set({ status: 'in_notice', notice_id: notice.id, updated_at: new Date() })
      .where(
        'id',
        'in',
        ready.map((x) => x.id),
      )
      .execute();
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'public_notice',
      entityId: notice.id,
      scopeCode: school.region_code,
      after: { ...notice, recognitions: ready.map((x) => x.id) },
    });
    return { ...notice, recognitions: ready.length };
  });
}

/** A notice in scope with its public list (no sensitive data) and its objections. */
export async function getNotice(db: Kysely<DB>, actor: Actor, id: number) {
  const notice = await db
    .selectFrom('public_notice as n')
    .innerJoin('school as sc', 'sc.code', 'n.school_code')
    .selectAll('n')
    .select('sc.name as school_name')
    .where('n.id', '=', id)
    .where(inSchoolScope(actor, 'n.school_code', 'n.region_code'))
    .executeTakeFirst();
  if (!notice) throw notFound('公示');
  const policy = await getActivePolicy(db, policyYearOf(notice.school_year), actor);
  const tierLabel = (t: string | null) =>
    policy.config.recognition.tiers.find((x) => x.code === t)?.label ?? '';
  const recs = await db
    .selectFrom('recognition as r')
    .innerJoin('student as s', 's.id', 'r.student_id')
    .select(['r.id', 's.name', 'r.grade', 'r.tier', 'r.status'])
    .where('r.notice_id', '=', id)
    .orderBy('r.grade')
    .orderBy('s.name')
    .execute();
  const objections = await db
    .selectFrom('objection')
    .selectAll()
    .where('notice_id', '=', id)
    .orderBy('id')
    .execute();
  return {
    notice,
    // The public list: 姓名, 学校, 年级, 认定档次 only (POLICY.md: no sensitive personal data).
    items: recs.map((r) => ({
      recognition_id: r.id,
      name: r.name,
      school: notice.school_name,
      grade: r.grade ?? '',
      tier: tierLabel(r.tier),
      status: r.status,
    })),
    objections,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The printable notice page (A4, to post on the school notice board). */
export function noticeHtml(n: Awaited<ReturnType<typeof getNotice>>): string {
  const rows = n.items
    .map(
      (r, i) =>
        `<tr><td>${i + 1}</td><td>${esc(r.name)}</td><td>${esc(r.school)}</td><td>${esc(r.grade)}</td><td>${esc(r.tier)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(n.notice.title)}</title>
<style>body{font-family:"SimSun","Songti SC",serif;margin:2cm}h1{text-align:center;font-size:20pt}
table{width:100%;border-collapse:collapse}td,th{border:1px solid #000;padding:4px 8px;text-align:center}
p{line-height:1.8}@media print{button{display:none}}</style></head><body>
<h1>${esc(n.notice.title)}</h1>
<p>根据《关于做好家庭经济困难学生认定工作的指导意见》（教财〔2018〕16号），经个人申请、学校认定，现将认定结果公示如下。
公示期为 ${n.notice.starts_on} 至 ${n.notice.ends_on}（${n.notice.working_days} 个工作日）。如有异议，请在公示期内向学校学生资助工作机构反映。</p>
<table><thead><tr><th>序号</th><th>姓名</th><th>学校</th><th>年级</th><th>认定档次</th></tr></thead><tbody>${rows}</tbody></table>
<p style="text-align:right">${esc(n.items[0]?.school ?? '')}<br>${n.notice.starts_on}</p>
<button onclick="window.print()">打印</button></body></html>`;
}

/** The notice list as xlsx (same four columns). */
export async function noticeXlsx(n: Awaited<ReturnType<typeof getNotice>>): Promise<string> {
  const file = tempExportFile('notice', 'xlsx');
  const w = openTableWriter(file, '认定结果公示', ['序号', '姓名', '学校', '年级', '认定档次']);
  for (const [i, r] of n.items.entries()) await w.write([String(i + 1), r.name, r.school, r.grade, r.tier]);
  await w.close();
  return file;
}

/** Records an objection received during the notice period (refused after it). */
export async function addObjection(
  db: Kysely<DB>,
  actor: Actor,
  noticeId: number,
  input: { recognitionId?: number; receivedOn: string; raisedBy?: string; content: string },
  today: string,
) {
  assertSchoolSide(actor);
  const { notice, items } = await getNotice(db, actor, noticeId);
  if (!isIsoDate(input.receivedOn)) throw badRequest('收到日期应为 YYYY-MM-DD');
  const ok = canObject(input.receivedOn, { startsOn: notice.starts_on, endsOn: notice.ends_on }, today);
  if (!ok.ok) throw conflict(ok.reason);
  if (input.recognitionId && !items.some((i) => i.recognition_id === input.recognitionId))
    throw badRequest('异议所指的认定不在本次公示名单中');
  const row = await db
    .insertInto('objection')
    .values({
      notice_id: noticeId,
      recognition_id: input.recognitionId ?? null,
      received_on: input.receivedOn,
      raised_by: input.raisedBy ?? null,
      content: input.content,
      county_code: notice.county_code,
      region_code: notice.region_code,
      created_by: actor.id || null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(db, actor, {
    action: 'create',
    entity: 'objection',
    entityId: row.id,
    scopeCode: row.region_code,
    after: row,
  });
  return row;
}

/** Resolves an objection: upheld (the recognition is rejected) or dismissed, with the reasoning. */
export async function resolveObjection(
  db: Kysely<DB>,
  actor: Actor,
  objectionId: number,
  input: { outcome: 'upheld' | 'dismissed'; resolution: string },
) {
  assertSchoolSide(actor);
  const before = await db
    .selectFrom('objection')
    .selectAll()
    .where('id', '=', objectionId)
    .where(inScope(actor, 'objection.region_code'))
    .executeTakeFirst();
  if (!before) throw notFound('异议');
  await getNotice(db, actor, before.notice_id); // scope of the school
  if (before.status !== 'open') throw conflict('该异议已处理');
  const after = await db
    .updateTable('objection')
    .set({
      status: input.outcome,
      resolution: input.resolution,
      resolved_by: actor.id || null,
      resolved_at: new Date(),
    })
    .where('id', '=', objectionId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendAudit(db, actor, {
    action: 'update',
    entity: 'objection',
    entityId: objectionId,
    scopeCode: before.region_code,
    before: { status: before.status },
    after: { status: after.status, resolution: after.resolution },
  });
  if (input.outcome === 'upheld' && before.recognition_id)
    await rejectRecognition(db, actor, before.recognition_id, `异议成立：${input.resolution}`);
  return after;
}
