/**
 * 责任书 (工作要点 5): "signed per school/township (track who signed)". A county (or the city)
 * issues one letter per school and per township for the year; the party signs, and the signed
 * scan is uploaded. The unsigned list is the letters still waiting for a signature.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types.ts';
import { checkDay } from '../../domain/dropout/index.ts';
import { appendAudit } from '../../server/audit.ts';
import { badRequest, notFound } from '../../server/errors.ts';
import { type Actor, inSchoolScope, inScope } from '../../server/scope.ts';
import { assertCanIssueLetters, assertCanWriteDropout } from './dropout.access.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** School roles see their own school's letter; others every letter in their subtree. */
export function letterInScope(actor: Actor) {
  return inSchoolScope(actor, 'responsibility_letter.party_code', 'responsibility_letter.region_code');
}

const LETTER_COLUMNS = [
  'responsibility_letter.id',
  'responsibility_letter.year',
  'responsibility_letter.party_kind',
  'responsibility_letter.party_code',
  'responsibility_letter.party_name',
  'responsibility_letter.county_code',
  'responsibility_letter.region_code',
  'responsibility_letter.issued_at',
  'responsibility_letter.signed',
  'responsibility_letter.signed_at',
  'responsibility_letter.signer',
  'responsibility_letter.scan_name',
  'responsibility_letter.scan_size',
  'responsibility_letter.updated_at',
] as const;

/** Letters of a year in scope, optionally only the signed or the unsigned ones. */
export function listLetters(
  db: Executor,
  actor: Actor,
  f: { year: number; signed?: boolean; kind?: 'school' | 'township' },
) {
  return db
    .selectFrom('responsibility_letter')
    .leftJoin('region as c', 'c.code', 'responsibility_letter.county_code')
    .select([...LETTER_COLUMNS, 'c.name as county_name'])
    .where('responsibility_letter.year', '=', f.year)
    .where(letterInScope(actor))
    .$if(f.signed !== undefined, (qb) => qb.where('responsibility_letter.signed', '=', f.signed!))
    .$if(!!f.kind, (qb) => qb.where('responsibility_letter.party_kind', '=', f.kind!))
    .orderBy('responsibility_letter.county_code')
    .orderBy('responsibility_letter.party_kind', 'desc')
    .orderBy('responsibility_letter.party_code')
    .limit(5000)
    .execute();
}

/** Issues the year's letters to every school and township in the actor's scope that has none yet. */
export async function issueLetters(db: Kysely<DB>, actor: Actor, year: number, today: string) {
  assertCanIssueLetters(actor);
  return db.transaction().execute(async (trx) => {
    const [schools, townships] = await Promise.all([
      trx
        .selectFrom('school')
        .select(['code', 'name', 'county_code', 'region_code'])
        .where(inScope(actor, 'school.region_code'))
        .execute(),
      trx
        .selectFrom('region')
        .select(['code', 'name', 'county_code'])
        .where('level', '=', 'township')
        .where('current', '=', true)
        .where(inScope(actor, 'region.code'))
        .execute(),
    ]);
    const rows = [
      ...townships.map((t) => ({
        party_kind: 'township' as const,
        party_code: t.code,
        party_name: t.name,
        county_code: t.county_code ?? t.code.slice(0, 6),
        region_code: t.code,
      })),
      ...schools.map((s) => ({
        party_kind: 'school' as const,
        party_code: s.code,
        party_name: s.name,
        county_code: s.county_code,
        region_code: s.region_code,
      })),
    ];
    let created = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const res = await trx
        .insertInto('responsibility_letter')
        .values(rows.slice(i, i + 500).map((r) => ({ ...r, year, issued_at: today })))
        .onConflict((oc) => oc.columns(['county_code', 'year', 'party_kind', 'party_code']).doNothing())
        .returning('id')
        .execute();
      created += res.length;
    }
    await appendAudit(trx, actor, {
      action: 'create',
      entity: 'responsibility_letter',
      entityId: `${year}`,
      after: { year, issued: created, parties: rows.length },
    });
    return { year, issued: created, alreadyIssued: rows.length - created };
  });
}

async function letterForWrite(trx: Transaction<DB>, actor: Actor, id: number) {
  assertCanWriteDropout(actor);
  const l = await trx
    .selectFrom('responsibility_letter')
    .select(LETTER_COLUMNS)
    .where('id', '=', id)
    .where(letterInScope(actor))
    .executeTakeFirst();
  if (!l) throw notFound('责任书');
  return l;
}

function snapshot(l: Record<string, unknown>) {
  const { updated_at: _u, ...rest } = l;
  return rest;
}

/** Marks a letter signed (or not), audited. */
export async function updateLetter(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  p: { signed: boolean; signedAt?: string | null; signer?: string | null },
  today: string,
) {
  return db.transaction().execute(async (trx) => {
    const before = await letterForWrite(trx, actor, id);
    const signedAt = p.signed ? (p.signedAt ?? today) : null;
    if (signedAt) {
      const ok = checkDay('签订日期', signedAt, { today, notBefore: [[before.issued_at, '下发日期']] });
      if (!ok.ok) throw badRequest(ok.reason);
    }
    await trx
      .updateTable('responsibility_letter')
      .set({
        signed: p.signed,
        signed_at: signedAt,
        signer: p.signed ? p.signer?.trim() || null : null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = await letterForWrite(trx, actor, id);
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'responsibility_letter',
      entityId: id,
      scopeCode: before.region_code,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

/** Scan types a signed letter may be uploaded as. */
export const SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** Stores the signed scan (PDF/JPEG/PNG) and marks the letter signed. */
export async function uploadScan(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  scan: { buffer: Buffer; type: string; name: string },
  today: string,
) {
  if (!(SCAN_TYPES as readonly string[]).includes(scan.type))
    throw badRequest('扫描件须为 PDF、JPG 或 PNG 文件');
  if (scan.buffer.length === 0) throw badRequest('请上传签订后的责任书扫描件');
  const magic = scan.buffer.subarray(0, 4).toString('latin1');
  const looksRight =
    (scan.type === 'application/pdf' && magic.startsWith('%PDF')) ||
    (scan.type === 'image/png' && magic === '\x89PNG') ||
    (scan.type === 'image/jpeg' && scan.buffer[0] === 0xff && scan.buffer[1] === 0xd8);
  if (!looksRight) throw badRequest('文件内容与类型不符，请上传真实的 PDF、JPG 或 PNG 扫描件');
  return db.transaction().execute(async (trx) => {
    const before = await letterForWrite(trx, actor, id);
    await trx
      .updateTable('responsibility_letter')
      .set({
        scan: scan.buffer,
        scan_name: scan.name,
        scan_type: scan.type,
        scan_size: scan.buffer.length,
        signed: true,
        signed_at: before.signed_at ?? today,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const after = await letterForWrite(trx, actor, id);
    await appendAudit(trx, actor, {
      action: 'update',
      entity: 'responsibility_letter',
      entityId: id,
      scopeCode: before.region_code,
      before: snapshot(before),
      after: snapshot(after),
    });
    return after;
  });
}

/** The stored scan of a letter in scope. */
export async function findScan(db: Executor, actor: Actor, id: number) {
  const r = await db
    .selectFrom('responsibility_letter')
    .select(['scan', 'scan_name', 'scan_type'])
    .where('id', '=', id)
    .where(letterInScope(actor))
    .executeTakeFirst();
  if (!r) throw notFound('责任书');
  if (!r.scan) throw notFound('责任书扫描件');
  return {
    buffer: Buffer.from(r.scan),
    name: r.scan_name ?? 'scan',
    type: r.scan_type ?? 'application/octet-stream',
  };
}

/** Signed / unsigned counts of a year in scope (for the dashboard). */
export async function letterCounts(db: Executor, actor: Actor, year: number) {
  const r = await db
    .selectFrom('responsibility_letter')
    .where('year', '=', year)
    .where(letterInScope(actor))
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where signed)::int`.as('signed'),
    ])
    .executeTakeFirstOrThrow();
  return { total: r.total, signed: r.signed, unsigned: r.total - r.signed };
}
