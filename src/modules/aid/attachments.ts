/**
 * Attachments of a recognition application (证明材料: 低保证, 残疾证, 医疗证明 …), stored in the
 * database as bytea so a backup holds everything. Reading one is a view of personal data.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { appendAudit, auditPersonalView } from '../../server/audit.ts';
import { badRequest, notFound } from '../../server/errors.ts';
import { type Actor, inSchoolScope } from '../../server/scope.ts';
import { assertSchoolSide, findRecognition } from './recognition.service.ts';

export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const ATTACHMENT_LIMIT = 10 * 1024 * 1024;

/** The first bytes each accepted type begins with (%PDF, JPEG's SOI marker, PNG's signature). */
const SIGNATURES: Record<(typeof ATTACHMENT_TYPES)[number], number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** True when `buffer` begins as a file of `type` does: a text file sent as application/pdf is not one. */
export function looksLike(type: (typeof ATTACHMENT_TYPES)[number], buffer: Buffer): boolean {
  const sig = SIGNATURES[type];
  return buffer.length >= sig.length && sig.every((b, i) => buffer[i] === b);
}

/** Stores an uploaded file on a recognition in scope. */
export async function addAttachment(
  db: Kysely<DB>,
  actor: Actor,
  recognitionId: number,
  file: { buffer: Buffer; type: string; name: string },
) {
  assertSchoolSide(actor);
  const r = await findRecognition(db, actor, recognitionId);
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(file.type))
    throw badRequest('证明材料须为 PDF、JPG 或 PNG 文件');
  if (file.buffer.length === 0) throw badRequest('上传的文件为空');
  const kind = file.type as (typeof ATTACHMENT_TYPES)[number];
  if (!looksLike(kind, file.buffer))
    throw badRequest(
      `文件“${file.name}”的内容不是${kind === 'application/pdf' ? ' PDF' : kind === 'image/png' ? ' PNG 图片' : ' JPG 图片'}（可能是改了扩展名的其他文件），请上传证明材料的 PDF、JPG 或 PNG 原件`,
    );
  const row = await db
    .insertInto('recognition_attachment')
    .values({
      recognition_id: r.id,
      filename: file.name.slice(0, 200),
      content_type: file.type,
      size: file.buffer.length,
      data: file.buffer,
      county_code: r.county_code,
      region_code: r.region_code,
      created_by: actor.id || null,
    })
    .returning(['id', 'recognition_id', 'filename', 'content_type', 'size', 'created_at'])
    .executeTakeFirstOrThrow();
  await appendAudit(db, actor, {
    action: 'create',
    entity: 'recognition_attachment',
    entityId: row.id,
    scopeCode: r.region_code,
    after: row,
  });
  return row;
}

/** The attachments of a recognition (without their bytes). */
export async function listAttachments(db: Kysely<DB>, actor: Actor, recognitionId: number) {
  await findRecognition(db, actor, recognitionId);
  return db
    .selectFrom('recognition_attachment')
    .select(['id', 'recognition_id', 'filename', 'content_type', 'size', 'created_at'])
    .where('recognition_id', '=', recognitionId)
    .orderBy('id')
    .execute();
}

/** One attachment's bytes, logged as a view of personal data. */
export async function readAttachment(db: Kysely<DB>, actor: Actor, id: number) {
  const row = await db
    .selectFrom('recognition_attachment as a')
    .innerJoin('recognition as r', 'r.id', 'a.recognition_id')
    .select(['a.id', 'a.filename', 'a.content_type', 'a.data', 'a.region_code'])
    .where('a.id', '=', id)
    .where(inSchoolScope(actor, 'r.school_code', 'r.region_code'))
    .executeTakeFirst();
  if (!row) throw notFound('证明材料');
  await auditPersonalView(db, actor, 'recognition_attachment', String(id), row.region_code, ['attachment']);
  return row;
}
